import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchRules } from '../../src/workbench/watch.js';
import { copyRules, removeTmpDirs, tmpDir } from '../rules/helpers.js';
import { CORPORA, GOLD_SEED, ROOT, RULES, xunchaEntry } from './helpers.js';

afterAll(removeTmpDirs);

/** Callback values in order; `next()` waits for the next one, failing after `ms`. */
function calls<T>(ms: number) {
  const seen: T[] = [];
  let waiting: ((v: T) => void) | null = null;
  return {
    push(v: T) {
      const w = waiting;
      waiting = null;
      if (w) w(v);
      else seen.push(v);
    },
    next(): Promise<T> {
      if (seen.length) return Promise.resolve(seen.shift()!);
      return new Promise<T>((res, rej) => {
        const t = setTimeout(() => rej(new Error(`no callback within ${ms} ms`)), ms);
        waiting = (v) => (clearTimeout(t), res(v));
      });
    },
  };
}

const names = (paths: string[]) => paths.map((p) => p.replace(/^.*[\\/]/, '')).sort();

describe('watchRules', () => {
  it('calls back (debounced, once) when a rule file is written, and not for other files', async () => {
    const dir = tmpDir('watch-');
    writeFileSync(join(dir, '10-a.yaml'), 'categories: []\n');
    const got = calls<string[]>(5000);
    const w = await watchRules(dir, (changed) => got.push(changed), { debounceMs: 150 });
    try {
      writeFileSync(join(dir, 'notes.md'), 'not a rule file');
      writeFileSync(join(dir, '10-a.yaml'), 'categories: [x]\n');
      writeFileSync(join(dir, '20-b.yml'), 'rules: []\n');
      const changed = await got.next();
      expect(names(changed)).toEqual(['10-a.yaml', '20-b.yml']);
      // a later edit is a new call
      writeFileSync(join(dir, '20-b.yml'), 'rules: [1]\n');
      expect(names(await got.next())).toEqual(['20-b.yml']);
    } finally {
      await w.close();
    }
  });

  it('never runs two callbacks at once: changes during a run make one more run', async () => {
    const dir = tmpDir('watch-');
    let running = 0;
    let maxRunning = 0;
    const got = calls<string[]>(5000);
    const w = await watchRules(
      dir,
      async (changed) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (changed.some((c) => c.endsWith('first.yaml'))) {
          writeFileSync(join(dir, 'second.yaml'), 'x: 1\n');
          await new Promise((r) => setTimeout(r, 400));
        }
        running--;
        got.push(changed);
      },
      { debounceMs: 30 },
    );
    try {
      writeFileSync(join(dir, 'first.yaml'), 'x: 1\n');
      expect(names(await got.next())).toEqual(['first.yaml']);
      expect(names(await got.next())).toEqual(['second.yaml']);
      expect(maxRunning).toBe(1);
    } finally {
      await w.close();
    }
  });
});

describe('xuncha rules eval --watch (built CLI)', () => {
  it('prints the table, then after a rule edit what changed; stops on SIGINT', async () => {
    const dir = copyRules(RULES);
    const child = spawn(process.execPath, [xunchaEntry(), 'rules', 'eval', '--gold', GOLD_SEED, CORPORA, '--rules', dir, '--watch'], {
      cwd: ROOT,
      env: { ...process.env, CI: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const until = (pattern: RegExp, what: () => string, ms = 60_000) =>
      new Promise<void>((res, rej) => {
        const t0 = Date.now();
        const tick = setInterval(() => {
          if (pattern.test(what())) (clearInterval(tick), res());
          else if (Date.now() - t0 > ms || child.exitCode !== null) (clearInterval(tick), rej(new Error(`waited for ${pattern}: stdout ${out} stderr ${err}`)));
        }, 50);
      });
    try {
      await until(/^watching /m, () => err);
      expect(out).toMatch(/27 labelled findings · correct 27\/27/);
      // drop the finance file: 财务支出… goes wrong (财务和资产管理… is still right: its also is two_responsibility)
      rmSync(join(dir, '50-finance.yaml'));
      await until(/now wrong:/, () => out);
      expect(out).toMatch(/50-finance\.yaml changed/);
      expect(out).toMatch(/accuracy 1\.000 → 0\.963/);
      expect(out).toMatch(/finance: F1 1\.000 → 0\.667 {2}TP 2→1 FP 0→0 FN 0→1/);
      expect(out).toMatch(/− now wrong: {3}000_a7e788a71b64a196\.txt#14/);
      // a broken file: reported, the last scores stand, still watching
      writeFileSync(join(dir, '20-conduct.yaml'), readFileSync(join(dir, '20-conduct.yaml'), 'utf8').replace('weight: 2', 'wieght: 2'));
      await until(/the last good scores stand/, () => out);
      expect(err).toMatch(/R_UNKNOWN_KEY/);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
    expect(child.exitCode === 0 || child.signalCode === 'SIGINT').toBe(true);
  });
});
