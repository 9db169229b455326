/**
 * Killing a run (SIGKILL, the whole process with its worker threads) leaves the previous outputs in
 * --out byte for byte as they were: the new files are only ever written in a staging folder
 * (.xuncha-staging-*) and renamed into place at the end. `--resume` with the same cache then
 * finishes the job, takes the documents the killed run had finished from the cache, and gives the
 * same bytes as an uninterrupted run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ROOT, bigCorpus, snapshot, tmp, xuncha } from './helpers.js';

const OUTPUTS = ['documents.csv', 'documents.jsonl', 'errors.csv', 'findings.csv', 'findings.jsonl', 'report.html', 'report.md', 'ruleset.json', 'summary.json'];
const STAGING = /^\.xuncha-staging-/;

/** Number of entries in the segmentation cache (documents a run has finished). */
function cacheEntries(cacheDir: string): number {
  const root = join(cacheDir, 'entries');
  if (!existsSync(root)) return 0;
  let n = 0;
  for (const d of readdirSync(root)) n += readdirSync(join(root, d)).filter((f) => f.endsWith('.xce')).length;
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A hash of the compiled code. The cache key includes one (src/pipeline/cache.ts), so when dist/ is
 * rebuilt from changed sources while this test runs (several engineers share the tree), --resume
 * rightly finds nothing in the cache and outputs may differ: the test says so instead of failing
 * obscurely.
 */
function distStamp(): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.js')) h.update(e.name).update(readFileSync(join(d, e.name)));
    }
  };
  walk(join(ROOT, 'dist'));
  return h.digest('hex');
}

describe('killing xuncha run with SIGKILL', () => {
  let work = '';
  let out = '';
  let cache = '';
  beforeAll(() => {
    work = tmp('xuncha-kill-');
    out = join(work, 'out');
    cache = join(work, 'cache');
  });
  afterAll(() => work && rmSync(work, { recursive: true, force: true }));
  let corpus = '';
  let stamp = '';
  let before = new Map<string, string>();
  let killedRun: { exited: boolean; stderr: string } = { exited: false, stderr: '' };

  it('leaves the previous outputs byte-identical, and nothing but the staging folder', async () => {
    stamp = distStamp();
    // A previous complete run on the sample corpus.
    const prev = xuncha(['run', 'corpora', '--out', out, '--cache-dir', join(work, 'cache-prev')]);
    expect(prev.code, prev.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
    before = snapshot(out);

    corpus = bigCorpus(work, 400);
    const child = spawn(process.execPath, [join(ROOT, 'bin/xuncha.js'), 'run', corpus, '--out', out, '--cache-dir', cache, '--jobs', '2'], {
      cwd: ROOT,
      env: { ...process.env, CI: '1' },
      detached: true, // its own process group: process.kill(-pid) reaches it (and its worker threads) whole
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (killedRun.stderr += s));
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    child.on('exit', () => (killedRun.exited = true));

    // Wait until the run is writing (its staging folder exists) and has finished some documents.
    const deadline = Date.now() + 90_000;
    const staging = () => readdirSync(out).filter((n) => STAGING.test(n));
    while (!killedRun.exited && Date.now() < deadline && !(staging().length > 0 && cacheEntries(cache) >= 20)) await sleep(25);
    expect(killedRun.exited, `the run ended before it could be killed; make the corpus bigger\n${killedRun.stderr}`).toBe(false);
    expect(staging().length).toBe(1);
    process.kill(-child.pid!, 'SIGKILL');
    await closed;
    expect(child.signalCode).toBe('SIGKILL');

    const after = snapshot(out);
    for (const [name, hash] of before) expect(after.get(name), `${name} changed`).toBe(hash);
    const added = [...after.keys()].filter((k) => !before.has(k));
    expect(added.length).toBeGreaterThan(0); // the staging folder (and what it held)
    for (const k of added) expect(k, `unexpected new file ${k}`).toMatch(STAGING);
  }, 240_000);

  it('--resume finishes it from the cache, with the same bytes as an uninterrupted run', () => {
    expect(corpus, 'needs the killed run').not.toBe('');
    const resumed = xuncha(['run', corpus, '--out', out, '--cache-dir', cache, '--resume', '--jobs', '2']);
    const fresh = join(work, 'fresh');
    const r = xuncha(['run', corpus, '--out', fresh, '--no-cache', '--jobs', '2']);
    expect(distStamp(), 'dist/ was rebuilt from changed sources while this test ran: run it again').toBe(stamp);
    expect(resumed.code, resumed.stderr).toBe(0);
    const m = /resumed: (\d+) documents? taken from/.exec(resumed.stderr);
    expect(m, resumed.stderr).not.toBeNull();
    expect(Number(m![1]), resumed.stderr).toBeGreaterThan(0);
    // The next run removed the killed run's staging folder.
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);

    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(fresh).sort()).toEqual(OUTPUTS);
    for (const f of OUTPUTS) expect(readFileSync(join(out, f)).equals(readFileSync(join(fresh, f))), `${f} differs from an uninterrupted run`).toBe(true);
  }, 240_000);
});
