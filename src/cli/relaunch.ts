/**
 * Start xuncha once more with glibc's malloc allowed to use transparent huge pages.
 *
 * nodejieba builds its dictionary (~350,000 words, ~250 MB in millions of small allocations) in
 * every thread that segments. With `GLIBC_TUNABLES=glibc.malloc.hugetlb=1` malloc asks the kernel
 * for huge pages (madvise), and the build takes far fewer page faults: measured here 2.4–3.1 s →
 * 0.8–1.4 s per thread, the same dictionary and the same cuts (docs/bench.md). glibc reads its
 * tunables only when a process starts, so the launcher (bin/xuncha.js) starts xuncha again as a
 * child process with the setting, passes stdin/stdout/stderr through, forwards signals, and exits
 * as the child did. Only on Linux with glibc, only for commands that may load a dictionary, never
 * twice; `XUNCHA_NO_RELAUNCH=1` turns it off. An existing GLIBC_TUNABLES is kept and extended.
 */
import { spawn } from 'node:child_process';
import { fstatSync } from 'node:fs';
import { Socket } from 'node:net';

const TUNABLE = 'glibc.malloc.hugetlb';
const MARK = 'XUNCHA_RELAUNCHED';

/** Commands that never segment (no dictionary to load). */
const NO_DICTIONARY = new Set(['extract', 'merge', 'help']);

/** Whether this is a glibc Linux (musl and other systems ignore GLIBC_TUNABLES). */
function hasGlibc(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
    return typeof header?.glibcVersionRuntime === 'string';
  } catch {
    return false;
  }
}

/**
 * The environment to start xuncha again with, or null to go on in this process: not glibc, turned
 * off, already relaunched, the tunable set already (by the user: theirs is kept), or a command that
 * loads no dictionary (help, version, extract, merge).
 */
export function relaunchEnv(argv: readonly string[], env: NodeJS.ProcessEnv, glibc: boolean): NodeJS.ProcessEnv | null {
  if (!glibc || env[MARK] || env.XUNCHA_NO_RELAUNCH === '1') return null;
  if ((env.GLIBC_TUNABLES ?? '').includes(TUNABLE)) return null;
  const command = argv.find((a) => !a.startsWith('-'));
  if (!command || NO_DICTIONARY.has(command)) return null;
  if (argv.some((a) => a === '-h' || a === '--help' || a === '-V' || a === '--version')) return null;
  const tunables = env.GLIBC_TUNABLES ? `${env.GLIBC_TUNABLES}:${TUNABLE}=1` : `${TUNABLE}=1`;
  return { ...env, GLIBC_TUNABLES: tunables, [MARK]: '1' };
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Run `script` again in a child process when `relaunchEnv` says so, and resolve to null when it
 * does not (the caller then runs xuncha in this process). Otherwise never resolves: this process
 * exits as the child did (its exit code, or the signal that ended it).
 */
export function relaunch(script: string, argv: readonly string[]): Promise<never> | null {
  // Under a debugger (--inspect…) the child could not take the same port: stay in this process.
  if (process.execArgv.some((a) => a.startsWith('--inspect'))) return null;
  // hasGlibc (a process report, ~6 ms) only once everything else says yes.
  const env = relaunchEnv(argv, process.env, true);
  if (!env || !hasGlibc()) return null;
  return new Promise<never>(() => {
    // fd 3 is the child's lifeline (see `watchLauncher`): it closes when this process ends, however.
    const child = spawn(process.execPath, [...process.execArgv, script, ...argv], { stdio: ['inherit', 'inherit', 'inherit', 'pipe'], env });
    // A Ctrl-C in a terminal reaches both processes (one process group); the child decides what it
    // means. A signal sent to this process alone (kill, a scheduler) is passed on.
    const forward = (sig: NodeJS.Signals) => () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    };
    const handlers = FORWARDED.map((sig) => [sig, forward(sig)] as const);
    for (const [sig, h] of handlers) process.on(sig, h);
    child.on('error', (e) => {
      process.stderr.write(`xuncha: could not start itself again (${e.message}); set XUNCHA_NO_RELAUNCH=1 to run without\n`);
      process.exit(2);
    });
    child.on('exit', (code, signal) => {
      for (const [sig, h] of handlers) process.off(sig, h);
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}

/**
 * In the relaunched process: end at once when the launcher ends. A signal that can be caught is
 * passed on by the launcher, but SIGKILL (kill -9, a timeout) ends only the launcher; its end of the
 * lifeline on fd 3 then closes, and this process kills itself the same way, leaving what a killed
 * run leaves (a staging folder the next run removes). Does nothing in a process not started by
 * `relaunch`.
 */
export function watchLauncher(): void {
  if (!process.env[MARK]) return;
  try {
    const st = fstatSync(3);
    if (!st.isSocket() && !st.isFIFO()) return;
    const lifeline = new Socket({ fd: 3, readable: true, writable: false });
    const die = () => process.kill(process.pid, 'SIGKILL');
    lifeline.on('end', die).on('close', die).on('error', die);
    lifeline.resume();
    lifeline.unref();
  } catch {
    // No lifeline (XUNCHA_RELAUNCHED set by hand): nothing to watch.
  }
}
