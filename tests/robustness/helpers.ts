/**
 * Helpers of the robustness tests: a hostile corpus generated at test time in a temp folder (the
 * big and weird files are never committed), a way to run the CLI as an unprivileged user (so that
 * a chmod 000 file really is unreadable when the tests run as root), and small file-system
 * snapshots (to show that nothing was written where it should not be).
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { ROOT, tmp } from '../cli/helpers.js';

export { ROOT, readCsv, readJsonl, tmp, xuncha } from '../cli/helpers.js';

export const SAMPLES = ['000_a7e788a71b64a196.txt', '001_8e4b7fe06461b8c1.txt'] as const;
export const INGEST = join(ROOT, 'tests/fixtures/ingest');

/** One hostile input: its name in the corpus and what xuncha must report for it. */
export interface HostileCase {
  name: string;
  /** The one diagnostic code expected for this path (null: it must be processed without an error or warning). */
  code: string | null;
  severity: 'error' | 'warning' | null;
  /** What the case is, for docs/robustness.md and failure messages. */
  what: string;
}

export interface HostileCorpus {
  /** The corpus folder (readable by every user). */
  dir: string;
  /** Every hostile case, with its expected code. The two good reports carry their sample names. */
  cases: HostileCase[];
  /** Whether no-permission.txt is really unreadable for the user `runAs` runs xuncha as. */
  permissionDenied: boolean;
  /** Why the no-permission check cannot be made here (null when it can). */
  permissionSkipReason: string | null;
}

/** Size of the too-large file: at least 200 MiB (whole lines), over the default --max-file-mb 64. */
export const HUGE_BYTES = 200 * 1024 * 1024;

/**
 * Write `size` bytes made of one repeated line, fast (one 1 MiB buffer written over and over). The
 * line is a plausible report line, so that a reader that ignored the size limit would really have
 * to decode and parse 200 MB (and be slow, or run out of memory) instead of failing fast.
 */
export function writeRepeated(path: string, size: number, line = '（1）巡察发现，部分党员干部理论学习不深入、不系统，学用结合不够紧密。\n'): void {
  const unit = Buffer.from(line, 'utf8');
  // Whole lines only (a line cut in the middle would be invalid UTF-8): about 1 MiB per write.
  const chunk = Buffer.concat(Array.from({ length: Math.max(1, Math.floor((1024 * 1024) / unit.length)) }, () => unit));
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; written += chunk.length) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** A report whose numbering nests 5,000 levels deep on one line, then 10,000 lines of alternating markers. */
export function deepNumbering(): string {
  const markers = ['（1）', '1.', '①', '(一)', '一是', '1、'];
  const lines = ['关于巡察某局党组的反馈意见', '一、存在的主要问题'];
  // 5,000 levels: every marker opens a new level inside the previous one, on a single line.
  lines.push(Array.from({ length: 5_000 }, (_, i) => `${markers[i % 3]}学习`).join(''));
  // 10,000 lines that alternate between the marker styles, each line one level deeper than the last.
  for (let i = 0; i < 10_000; i++) lines.push(`${markers[i % markers.length]}第${i}项工作落实不到位`);
  return lines.join('\n') + '\n';
}

/** Can `runAs` deny reading a chmod 000 file here? (Root reads anything; then run as nobody.) */
export function unprivilegedRunner(): { prefix: string[]; reason: string | null } {
  if (process.getuid?.() !== 0) return { prefix: [], reason: null };
  const probe = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', 'process.exit(process.getuid() === 0 ? 1 : 0)']);
  if (probe.error || probe.status !== 0) return { prefix: [], reason: 'running as root and `setpriv --reuid=nobody` is not available: root can read a chmod 000 file, so E_READ cannot be shown' };
  const readable = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(join(ROOT, 'dist/cli/index.js'))}, 4)`]);
  if (readable.status !== 0) return { prefix: [], reason: 'running as root and user nobody cannot read the project folder, so xuncha cannot be run as nobody' };
  return { prefix: ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'], reason: null };
}

/**
 * A temp folder every user may read and write (mkdtemp makes 0700 folders; the unprivileged run
 * needs to read the corpus and write --out and --cache-dir).
 */
export function sharedTmp(prefix = 'xuncha-rb-'): string {
  const d = tmp(prefix);
  chmodSync(d, 0o777);
  return d;
}

/** Run the CLI as the unprivileged user (see unprivilegedRunner), synchronously. */
export function xunchaAs(prefix: string[], args: string[], opts: { timeout?: number } = {}) {
  const cmd = [...prefix, process.execPath, join(ROOT, 'bin/xuncha.js'), ...args];
  const r = spawnSync(cmd[0], cmd.slice(1), {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: opts.timeout,
    killSignal: 'SIGKILL',
  });
  return { code: r.status ?? -1, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Run the CLI without blocking the test process (so a timeout can kill it): a hang guard. */
export function xunchaAsync(args: string[], timeoutMs: number): Promise<{ code: number; signal: NodeJS.Signals | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/xuncha.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: '1' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr, timedOut });
    });
  });
}

/**
 * Build the hostile corpus in `parent/hostile`. Every file is readable by all (the corpus may be
 * read by user nobody), except no-permission.txt.
 */
export function hostileCorpus(parent: string): HostileCorpus {
  const dir = join(parent, 'hostile');
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const put = (name: string, content: string | Uint8Array) => {
    writeFileSync(join(dir, name), content);
    chmodSync(join(dir, name), 0o644);
  };
  const copy = (from: string, name: string) => {
    copyFileSync(from, join(dir, name));
    chmodSync(join(dir, name), 0o644);
  };

  // The two good reports, under their sample names (so their ids, and findings, equal a run on corpora/).
  for (const s of SAMPLES) copy(join(ROOT, 'corpora', s), s);
  // The same content under a second name: sorted after the original, so it is the one skipped.
  copy(join(ROOT, 'corpora', SAMPLES[0]), 'zz-copy-of-000.txt');

  put('empty.txt', '');
  copy(join(INGEST, 'image.png.txt'), 'image.png.txt');
  copy(join(INGEST, 'truncated.docx'), 'truncated.docx');
  copy(join(INGEST, 'truncated.pdf'), 'truncated.pdf');
  copy(join(INGEST, 'undecodable.txt'), 'undecodable.txt');
  copy(join(ROOT, 'tests/fixtures/structure/no-findings.txt'), 'no-findings.txt');
  put('deep-numbering.txt', deepNumbering());
  writeRepeated(join(dir, 'huge-200mb.txt'), HUGE_BYTES);
  chmodSync(join(dir, 'huge-200mb.txt'), 0o644);

  // A folder that contains a link back to itself.
  mkdirSync(join(dir, 'loop'));
  chmodSync(join(dir, 'loop'), 0o755);
  symlinkSync('..', join(dir, 'loop', 'up'));

  // A file nobody but its owner (root, when the tests run as root) may read.
  put('no-permission.txt', readFileSync(join(ROOT, 'corpora', SAMPLES[1])).subarray(0, 4000));
  chmodSync(join(dir, 'no-permission.txt'), 0o000);
  const runner = unprivilegedRunner();

  const cases: HostileCase[] = [
    { name: SAMPLES[0], code: null, severity: null, what: 'good report (feedback, 14 findings)' },
    { name: SAMPLES[1], code: null, severity: null, what: 'good report (rectification, 13 findings)' },
    { name: 'zz-copy-of-000.txt', code: 'W_DUPLICATE', severity: 'warning', what: 'the same content as another input, under a second name' },
    { name: 'empty.txt', code: 'E_EMPTY', severity: 'error', what: 'an empty file (0 bytes)' },
    { name: 'image.png.txt', code: 'E_BINARY', severity: 'error', what: 'a PNG image renamed .txt' },
    { name: 'truncated.docx', code: 'E_DOCX', severity: 'error', what: 'a .docx cut in the middle (broken ZIP)' },
    { name: 'truncated.pdf', code: 'E_PDF', severity: 'error', what: 'a .pdf cut in the middle' },
    { name: 'undecodable.txt', code: 'E_DECODE', severity: 'error', what: 'bytes that are neither UTF-8 nor GB18030 nor UTF-16' },
    { name: 'no-findings.txt', code: 'S_NO_FINDINGS', severity: 'warning', what: 'a report with no findings' },
    { name: 'deep-numbering.txt', code: null, severity: null, what: 'numbering nested 5,000 levels deep on one line, then 10,000 lines of alternating markers' },
    { name: 'huge-200mb.txt', code: 'E_TOO_LARGE', severity: 'error', what: 'a 200 MB file (over the default --max-file-mb 64)' },
    { name: 'loop/up', code: 'E_LOOP', severity: 'error', what: 'a symbolic link to its own parent folder' },
    { name: 'no-permission.txt', code: 'E_READ', severity: 'error', what: 'a file without read permission (chmod 000)' },
  ];
  return { dir, cases, permissionDenied: runner.reason === null, permissionSkipReason: runner.reason };
}

/** Every path under `dir` (relative, folders with a trailing slash), with a hash of each file. */
export function snapshot(dir: string, opts: { hash?: boolean } = {}): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p);
      const st = lstatSync(p);
      if (st.isDirectory()) {
        out.set(rel + '/', 'dir');
        walk(p);
      } else if (st.isSymbolicLink()) {
        out.set(rel, 'link');
      } else {
        out.set(rel, opts.hash === false ? String(st.size) : createHash('sha256').update(readFileSync(p)).digest('hex'));
      }
    }
  };
  walk(dir);
  return out;
}

/** Diagnostics on stderr, parsed from `path: [warning ]CODE: message` lines. */
export function stderrDiagnostics(stderr: string): { file: string; code: string; severity: 'error' | 'warning' }[] {
  const out: { file: string; code: string; severity: 'error' | 'warning' }[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^(.*?)(?::\d+:\d+)?: (warning )?([A-Z]_[A-Z0-9_]+): /.exec(line);
    if (m) out.push({ file: m[1], code: m[3], severity: m[2] ? 'warning' : 'error' });
  }
  return out;
}

const NAME_CHARS = '东南西北中金木水火土山川河湖江海松柏桃李';

/** A unit-name prefix for copy i (20 × 20 two-character names, then numbered). */
export function placeName(i: number): string {
  const n = NAME_CHARS.length;
  return NAME_CHARS[i % n] + NAME_CHARS[Math.floor(i / n) % n] + (i >= n * n ? String(Math.floor(i / (n * n))) : '');
}

/**
 * A corpus big enough to take several seconds: `copies` copies of each sample report, every copy
 * with its own unit name (so no two files have the same content). Returns the folder.
 */
export function bigCorpus(parent: string, copies = 400): string {
  const dir = join(parent, 'big');
  mkdirSync(dir, { recursive: true });
  const feedback = readFileSync(join(ROOT, 'corpora', SAMPLES[0]), 'utf8');
  const rectification = readFileSync(join(ROOT, 'corpora', SAMPLES[1]), 'utf8');
  for (let i = 0; i < copies; i++) {
    const name = placeName(i);
    const id = String(i).padStart(4, '0');
    writeFileSync(join(dir, `${id}-feedback.txt`), feedback.replaceAll('县人民检察院', `${name}县人民检察院`).replaceAll('县检察院', `${name}县检察院`));
    writeFileSync(join(dir, `${id}-rectification.txt`), rectification.replaceAll('深圳市', `${name}市`).replaceAll('深圳', name));
  }
  return dir;
}
