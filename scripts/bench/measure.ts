/**
 * Runs one child process and measures its wall time and peak memory.
 *
 * Peak memory, in order of preference:
 *  - GNU `/usr/bin/time -f %M`: the kernel's ru_maxrss for the child (wait4), i.e. the peak
 *    resident set of the largest single process in the tree (the CLI and its worker threads are
 *    one process; a spawned child process counts on its own, not summed);
 *  - otherwise the largest VmHWM (peak RSS) seen in /proc/<pid>/status over the process tree,
 *    polled every `pollMs` (same meaning; a peak reached in the last poll interval is missed).
 * In both cases the /proc poller (Linux) also records the largest *sum* of VmRSS over the tree at
 * one poll (`treeRssPeakKiB`), which matters only if the CLI spawns child processes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunResult {
  argv: string[];
  wallMs: number;
  exitCode: number | null;
  signal: string | null;
  /** Peak RSS in KiB (see the header), null when neither method is available. */
  maxRssKiB: number | null;
  /**
   * CPU time (user + system, all threads) in ms, from GNU time's %U and %S; null without it. Less
   * sensitive than wall time to other people's work on a shared machine.
   */
  cpuMs: number | null;
  maxRssSource: 'gnu-time' | 'proc-vmhwm' | null;
  /** Largest sum of VmRSS over the process tree at one poll, KiB (Linux only). */
  treeRssPeakKiB: number | null;
  /** Number of distinct processes seen in the tree (the CLI itself counts as 1). */
  processesSeen: number;
  /** Killed by RunOptions.timeoutMs. */
  timedOut: boolean;
  stdoutTail: string;
  stderrTail: string;
}

let gnuTimeChecked: boolean | null = null;

/** True when /usr/bin/time is GNU time with -f and -o. */
export async function hasGnuTime(): Promise<boolean> {
  if (gnuTimeChecked !== null) return gnuTimeChecked;
  gnuTimeChecked = false;
  if (!existsSync('/usr/bin/time')) return false;
  const dir = mkdtempSync(join(tmpdir(), 'xuncha-bench-time-'));
  try {
    const out = join(dir, 'm');
    const code = await new Promise<number | null>((resolve) => {
      const p = spawn('/usr/bin/time', ['-f', '%M', '-o', out, 'true'], { stdio: 'ignore' });
      p.on('error', () => resolve(null));
      p.on('close', (c) => resolve(c));
    });
    gnuTimeChecked = code === 0 && existsSync(out) && /^\d+\s*$/.test(readFileSync(out, 'utf8').trim().split('\n').pop() ?? '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return gnuTimeChecked;
}

const HAS_PROC = existsSync('/proc/self/status');

/** Process groups of the measured children still running: ended with the bench on Ctrl-C. */
const active = new Set<number>();
let signalsHooked = false;
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      for (const pid of active) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      process.exit(130);
    });
  }
}

function readStatus(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)/.exec(s);
    const hwm = /VmHWM:\s+(\d+)/.exec(s);
    if (!rss || !hwm) return null;
    return { rss: Number(rss[1]), hwm: Number(hwm[1]) };
  } catch {
    return null;
  }
}

/** Descendants of `root` (not including it), from the ppid field of /proc/<pid>/stat. */
function descendants(root: number): number[] {
  const parent = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // pid (comm) state ppid … — comm may contain spaces and parentheses: split after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(rest[1]);
      const kids = parent.get(ppid) ?? [];
      kids.push(Number(e));
      parent.set(ppid, kids);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop() as number;
    for (const k of parent.get(p) ?? []) {
      out.push(k);
      stack.push(k);
    }
  }
  return out;
}

function tail(chunks: Buffer[], max = 4000): string {
  const s = Buffer.concat(chunks).toString('utf8');
  return s.length > max ? '…' + s.slice(-max) : s;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  pollMs?: number;
  /** Kill the process group (SIGKILL) after this many ms; 0 or absent: no limit. */
  timeoutMs?: number;
}

export async function measure(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const useTime = await hasGnuTime();
  const pollMs = opts.pollMs ?? 100;
  const timeDir = useTime ? mkdtempSync(join(tmpdir(), 'xuncha-bench-time-')) : null;
  const timeOut = timeDir ? join(timeDir, 'maxrss') : null;
  const [file, argv] = useTime && timeOut ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', timeOut, cmd, ...args]] : [cmd, args];

  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let treeRssPeak = 0;
  let hwmMax = 0;
  const seen = new Set<number>();
  const t0 = performance.now();
  // detached: its own process group, so that a timeout can end the whole tree (time + node + children).
  const child = spawn(file, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let timedOut = false;
  hookSignals();
  if (child.pid !== undefined) active.add(child.pid);
  const killer =
    opts.timeoutMs && opts.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }, opts.timeoutMs)
      : null;
  child.stdout.on('data', (b: Buffer) => {
    stdout.push(b);
    if (stdout.length > 2000) stdout.splice(0, 1000);
  });
  child.stderr.on('data', (b: Buffer) => {
    stderr.push(b);
    if (stderr.length > 2000) stderr.splice(0, 1000);
  });

  const poll = (): void => {
    if (!HAS_PROC || child.pid === undefined) return;
    // Under /usr/bin/time the root is `time` itself: measure its descendants only.
    const pids = useTime ? descendants(child.pid) : [child.pid, ...descendants(child.pid)];
    let sum = 0;
    for (const pid of pids) {
      const st = readStatus(pid);
      if (!st) continue;
      seen.add(pid);
      sum += st.rss;
      if (st.hwm > hwmMax) hwmMax = st.hwm;
    }
    if (sum > treeRssPeak) treeRssPeak = sum;
  };
  const timer = HAS_PROC ? setInterval(poll, pollMs) : null;
  setTimeout(poll, 10);

  const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolve({ code: c, signal: s }));
  });
  const wallMs = performance.now() - t0;
  if (child.pid !== undefined) active.delete(child.pid);
  if (timer) clearInterval(timer);
  if (killer) clearTimeout(killer);

  let maxRssKiB: number | null = null;
  let maxRssSource: RunResult['maxRssSource'] = null;
  let cpuMs: number | null = null;
  if (timeOut && existsSync(timeOut)) {
    // GNU time writes "Command exited with non-zero status N" before the format line on failure.
    const last = readFileSync(timeOut, 'utf8').trim().split('\n').pop() ?? '';
    const m = /^(\d+) ([\d.]+) ([\d.]+)$/.exec(last);
    if (m) {
      maxRssKiB = Number(m[1]);
      maxRssSource = 'gnu-time';
      cpuMs = (Number(m[2]) + Number(m[3])) * 1000;
    }
  }
  if (maxRssKiB === null && hwmMax > 0) {
    maxRssKiB = hwmMax;
    maxRssSource = 'proc-vmhwm';
  }
  if (timeDir) rmSync(timeDir, { recursive: true, force: true });
  return {
    argv: [cmd, ...args],
    wallMs,
    exitCode: code,
    signal,
    maxRssKiB,
    maxRssSource,
    cpuMs,
    treeRssPeakKiB: HAS_PROC && treeRssPeak > 0 ? treeRssPeak : null,
    processesSeen: seen.size,
    timedOut,
    stdoutTail: tail(stdout),
    stderrTail: tail(stderr),
  };
}

/** Simple synchronous-output command (for --help, git, build): resolves stdout, stderr and code. */
export function capture(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stderr.on('data', (b: Buffer) => err.push(b));
    p.on('error', (e) => resolve({ code: null, stdout: '', stderr: String(e) }));
    p.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
