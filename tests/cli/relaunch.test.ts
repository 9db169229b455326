/**
 * The launcher starts xuncha again with huge pages for malloc on glibc Linux (src/cli/relaunch.ts):
 * when it does, and that the relaunched run behaves as one process (exit codes, signals).
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { relaunchEnv } from '../../src/cli/relaunch.js';
import { ROOT, tmp, xuncha } from './helpers.js';

describe('relaunchEnv', () => {
  const env = { PATH: '/usr/bin' };
  it('relaunches the commands that may load a dictionary, with the tunable added to any the user set', () => {
    expect(relaunchEnv(['run', 'corpora'], env, true)).toMatchObject({ PATH: '/usr/bin', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1', XUNCHA_RELAUNCHED: '1' });
    expect(relaunchEnv(['--quiet', 'tag', 'x'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, true)?.GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
  });
  it('does not without glibc, when turned off, when done already, when the user set the tunable, or for commands without a dictionary', () => {
    expect(relaunchEnv(['run', 'corpora'], env, false)).toBeNull();
    expect(relaunchEnv(['run', 'corpora'], { XUNCHA_NO_RELAUNCH: '1' }, true)).toBeNull();
    expect(relaunchEnv(['run', 'corpora'], { XUNCHA_RELAUNCHED: '1' }, true)).toBeNull();
    expect(relaunchEnv(['run', 'corpora'], { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, true)).toBeNull();
    for (const argv of [[], ['--help'], ['run', '--help'], ['-V'], ['extract', 'corpora'], ['merge', 'a', 'b'], ['help']]) expect(relaunchEnv(argv, env, true), argv.join(' ')).toBeNull();
  });
});

const glibc = process.platform === 'linux' && typeof (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime === 'string';

describe.skipIf(!glibc)('the relaunched process', () => {
  /** A preload (through NODE_OPTIONS, so both processes load it) that records each process's pid and tunables. */
  function recorder() {
    const dir = tmp();
    const log = join(dir, 'processes.log');
    const script = join(dir, 'record.cjs');
    writeFileSync(script, `require('fs').appendFileSync(${JSON.stringify(log)}, process.pid + ' ' + (process.env.GLIBC_TUNABLES || '-') + '\\n');\n`);
    const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
    return { env: { NODE_OPTIONS: `--require ${script}` }, lines };
  }

  it('runs with the tunable in a child process and exits with its exit code', () => {
    const rec = recorder();
    const r = xuncha(['rules', 'check', join(ROOT, 'no-such-rules')], { env: rec.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('R_NO_DIR');
    const lines = rec.lines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ -$/);
    expect(lines[1]).toMatch(/ glibc\.malloc\.hugetlb=1$/);
    // Not for --help, nor when turned off.
    const rec2 = recorder();
    expect(xuncha(['--help'], { env: rec2.env }).code).toBe(0);
    expect(xuncha(['rules', 'check'], { env: { ...rec2.env, XUNCHA_NO_RELAUNCH: '1' } }).code).toBe(0);
    expect(rec2.lines()).toHaveLength(2);
  });

  /** `xuncha run corpora` through the launcher, once the relaunched run has started: the launcher, its exit, the run's pid. */
  async function startedRun() {
    const rec = recorder();
    const out = join(tmp(), 'out');
    const child = spawn(process.execPath, [join(ROOT, 'bin/xuncha.js'), 'run', 'corpora', '--out', out, '--no-cache', '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, CI: '1', ...rec.env },
    });
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((r) => child.once('exit', (code, sig) => r([code, sig])));
    for (let i = 0; i < 200 && rec.lines().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(rec.lines()).toHaveLength(2);
    return { child, exited, out, runPid: Number(rec.lines()[1].split(' ')[0]) };
  }

  it('passes a SIGTERM sent to the launcher on to the run, and ends by it', async () => {
    const { child, exited, out, runPid } = await startedRun();
    child.kill('SIGTERM');
    expect(await exited).toEqual([null, 'SIGTERM']);
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(`/proc/${runPid}`)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('ends the run when the launcher alone is killed with SIGKILL (which it cannot pass on)', async () => {
    const { child, exited, runPid } = await startedRun();
    child.kill('SIGKILL');
    await exited;
    // Gone, or a zombie nobody has reaped yet (what PID 1 does with orphans varies).
    const state = () => {
      try {
        const stat = readFileSync(`/proc/${runPid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      } catch {
        return 'gone';
      }
    };
    for (let i = 0; i < 40 && !['gone', 'Z', 'X'].includes(state()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(['gone', 'Z', 'X']).toContain(state());
  });
});

