/**
 * xuncha benchmark: `npm run bench` (tsx scripts/bench/index.ts). See docs/bench.md.
 *
 * Builds a deterministic synthetic corpus of N documents, then measures (each in its own child
 * process): the bare segmentation floor (nodejieba, @node-rs/jieba), `xuncha extract`/`tag`/`run`
 * cold, `run` warm (unchanged, after a weight edit, a word edit, a word found in half the documents), `run --segmenter rs-jieba` cold, and
 * the peak memory of `run` at N and at scale×N. Prints a table with the targets and writes
 * <out>/results.json. Timings are printed, never asserted: the exit code is 0 unless a command
 * fails (non-zero exit) or the bench itself cannot run.
 */
import { cpus, freemem, loadavg, totalmem, availableParallelism, platform, arch, release, tmpdir } from 'node:os';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureCorpus, type CorpusInfo } from './corpus.js';
import { capture, hasGnuTime, measure, type RunResult } from './measure.js';
import { detectCli, hasFlag, type CliInfo } from './cli.js';
import { copyRules, editRules, type RuleEdit, type RuleEditKind } from './rules-edit.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const BIN = join(REPO, 'bin', 'xuncha.js');
const FLOOR = join(HERE, 'segment-floor.mjs');

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `usage: npm run bench -- [options]      (or: npx tsx scripts/bench/index.ts [options])

  --n N              documents in the corpus (default 2000, about 30 MB)
  --scale K          memory check at K×N documents (default 10)
  --skip-10x         skip the K×N memory run
  --quick            N=50 and no K×N run: a smoke test that takes seconds
  --seed S           corpus seed (default 1)
  --out DIR          where corpora and results go (default bench/out, git-ignored)
  --jobs J           pass --jobs J to xuncha (when it has the flag)
  --rule-edit KIND   which rule edit comes first: weight (default) or word (both are measured)
  --repeat R         run each cold measurement R times and keep the fastest (default 1)
  --no-build         do not run \`npm run build\` first (dist/ must exist)
  --timeout S        kill a xuncha run that takes longer than S seconds (default: no limit)
  --keep             keep the temporary output and cache folders
  -h, --help         this help`;

interface Options {
  n: number;
  scale: number;
  skip10x: boolean;
  quick: boolean;
  seed: number;
  out: string;
  jobs: number | null;
  ruleEdit: RuleEditKind;
  repeat: number;
  build: boolean;
  keep: boolean;
  timeoutS: number | null;
}

function positiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: 'string' },
      scale: { type: 'string' },
      'skip-10x': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      seed: { type: 'string' },
      out: { type: 'string' },
      jobs: { type: 'string' },
      'rule-edit': { type: 'string' },
      repeat: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const quick = values.quick ?? false;
  const ruleEdit = values['rule-edit'] ?? 'weight';
  if (ruleEdit !== 'weight' && ruleEdit !== 'word') throw new Error(`--rule-edit is weight or word, got ${JSON.stringify(ruleEdit)}`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed needs an integer, got ${JSON.stringify(values.seed)}`);
  return {
    n: positiveInt('n', values.n, quick ? 50 : 2000),
    scale: positiveInt('scale', values.scale, 10),
    skip10x: quick || (values['skip-10x'] ?? false),
    quick,
    seed,
    out: resolve(REPO, values.out ?? join('bench', 'out')),
    jobs: values.jobs === undefined ? null : positiveInt('jobs', values.jobs, 1),
    ruleEdit,
    repeat: positiveInt('repeat', values.repeat, 1),
    build: !(values['no-build'] ?? false),
    keep: values.keep ?? false,
    timeoutS: values.timeout === undefined ? null : positiveInt('timeout', values.timeout, 1),
  };
}

// ---------------------------------------------------------------------------------------------
// Results

type Status = 'ok' | 'n/a' | 'failed';

interface Measurement {
  id: string;
  label: string;
  status: Status;
  /** Why n/a, or what failed, or a remark. */
  note?: string;
  docs?: number;
  bytes?: number;
  wallMs?: number;
  /** CPU time, user + system over all threads (ms), when GNU time is there. */
  cpuMs?: number | null;
  /** Every repetition's wall time (ms), when --repeat > 1. */
  wallMsAll?: number[];
  mbPerSec?: number;
  docsPerSec?: number;
  maxRssMiB?: number | null;
  maxRssSource?: string | null;
  treeRssPeakMiB?: number | null;
  processes?: number;
  exitCode?: number | null;
  argv?: string[];
  /** Floor only: the segmenter's own timings inside the process. */
  inner?: Record<string, number>;
}

interface Ratio {
  id: string;
  label: string;
  value: number | null;
  /** Upper bound; null for information-only ratios. */
  target: number | null;
  met: boolean | null;
  note?: string;
}

const log = (s: string): void => {
  process.stderr.write(`[bench] ${s}\n`);
};

const MiB = (kib: number | null | undefined): number | null => (kib === null || kib === undefined ? null : kib / 1024);

function fromRun(id: string, label: string, r: RunResult, corpus: CorpusInfo, all: number[]): Measurement {
  const s = r.wallMs / 1000;
  const m: Measurement = {
    id,
    label,
    status: r.exitCode === 0 ? 'ok' : 'failed',
    docs: corpus.n,
    bytes: corpus.bytes,
    wallMs: r.wallMs,
    cpuMs: r.cpuMs,
    mbPerSec: corpus.bytes / 1e6 / s,
    docsPerSec: corpus.n / s,
    maxRssMiB: MiB(r.maxRssKiB),
    maxRssSource: r.maxRssSource,
    treeRssPeakMiB: MiB(r.treeRssPeakKiB),
    processes: r.processesSeen,
    exitCode: r.exitCode,
    argv: r.argv.map((a) => a.replace(REPO + '/', '')),
  };
  if (all.length > 1) m.wallMsAll = all;
  if (r.exitCode !== 0) {
    m.note = r.timedOut ? `timed out after ${f1(r.wallMs / 1000, 0)} s` : r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`;
    // The first telling line of stderr (a V8 heap failure prints a long stack after its one line).
    const lines = r.stderrTail.split('\n').map((l) => l.trim()).filter(Boolean);
    const why = lines.find((l) => /FATAL ERROR|out of memory|^xuncha:|Error:/.test(l));
    if (why) m.note += `: ${why.length > 120 ? why.slice(0, 117) + '…' : why}`;
    log(`${label}: FAILED (${m.note})\n${lines.slice(-8).join('\n')}`);
  }
  return m;
}

const na = (id: string, label: string, note: string): Measurement => ({ id, label, status: 'n/a', note });

/** Lines of a file, read in chunks (documents.jsonl at 10×N is hundreds of MB). */
function countLines(path: string): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let lines = 0;
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      for (let i = buf.indexOf(10, 0); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

/** Sanity check: did the command read every document? (xuncha writes one line per document.) */
function checkDocuments(m: Measurement, dir: string, n: number): Measurement {
  const path = join(dir, 'out', 'documents.jsonl');
  if (m.status !== 'ok' || !existsSync(path)) return m;
  const got = countLines(path);
  if (got !== n) {
    m.note = [m.note, `documents.jsonl has ${got} documents, expected ${n}`].filter(Boolean).join('; ');
    log(`${m.label}: WARNING: documents.jsonl has ${got} documents, expected ${n}`);
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Runs

interface Ctx {
  opts: Options;
  cli: CliInfo;
  work: string;
  counter: number;
}

/** A fresh folder for one xuncha run: cwd, cache and output live inside it. */
function freshDir(ctx: Ctx, name: string): string {
  const d = join(ctx.work, `${String(++ctx.counter).padStart(2, '0')}-${name}`);
  mkdirSync(d, { recursive: true });
  return d;
}

/** Arguments for `xuncha <command>` with whatever flags the command has. */
function xunchaArgs(ctx: Ctx, command: string, corpusDir: string, dir: string, extra: { rules?: string; segmenter?: string } = {}): string[] {
  const args = [BIN, command, corpusDir, '--out', join(dir, 'out')];
  const has = (f: string): boolean => hasFlag(ctx.cli, command, f);
  if (has('--cache-dir')) args.push('--cache-dir', join(dir, 'cache'));
  if (extra.rules && has('--rules')) args.push('--rules', extra.rules);
  if (extra.segmenter && has('--segmenter')) args.push('--segmenter', extra.segmenter);
  if (ctx.opts.jobs !== null && has('--jobs')) args.push('--jobs', String(ctx.opts.jobs));
  if (has('--quiet')) args.push('--quiet');
  return args;
}

/** Environment for xuncha runs: a cache that follows XDG_CACHE_HOME also lands in the run's folder. */
function runEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CACHE_HOME: join(dir, 'xdg-cache'), NO_COLOR: '1' };
}

let timeoutMs = 0;

async function timed(label: string, cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  log(`${label} …`);
  const r = await measure(cmd, args, { cwd, env, timeoutMs });
  log(`${label}: ${(r.wallMs / 1000).toFixed(2)} s, peak RSS ${r.maxRssKiB === null ? '?' : (r.maxRssKiB / 1024).toFixed(0) + ' MiB'}${r.exitCode === 0 ? '' : `, exit ${r.exitCode ?? r.signal}`}`);
  return r;
}

/** Runs a cold measurement `repeat` times (fresh folders each time) and keeps the fastest. */
async function coldBest(
  ctx: Ctx,
  label: string,
  make: (dir: string) => { cmd: string; args: string[]; env?: NodeJS.ProcessEnv },
): Promise<{ best: RunResult; all: number[]; dir: string }> {
  let best: RunResult | null = null;
  let bestDir = '';
  const all: number[] = [];
  for (let i = 0; i < ctx.opts.repeat; i++) {
    const dir = freshDir(ctx, label.replace(/[^\w]+/g, '-').replace(/^-|-$/g, ''));
    const { cmd, args, env } = make(dir);
    const r = await timed(ctx.opts.repeat > 1 ? `${label} [${i + 1}/${ctx.opts.repeat}]` : label, cmd, args, dir, { ...runEnv(dir), ...env });
    all.push(r.wallMs);
    if (!best || (r.exitCode === 0 && (best.exitCode !== 0 || r.wallMs < best.wallMs))) {
      best = r;
      bestDir = dir;
    }
    if (r.exitCode !== 0) break;
  }
  return { best: best as RunResult, all, dir: bestDir };
}

/**
 * The bare segmentation floor. `hugePages`: with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, the malloc
 * setting xuncha starts itself with on glibc Linux (src/cli/relaunch.ts), which makes nodejieba's
 * dictionary load 2–3× faster. The target is against the plain floor; this one is for information.
 */
async function floor(ctx: Ctx, backend: 'nodejieba' | 'rs-jieba', corpus: CorpusInfo, hugePages = false): Promise<Measurement> {
  const id = `floor-${backend}${hugePages ? '-hugepages' : ''}`;
  const label = `floor: ${backend === 'nodejieba' ? 'nodejieba' : '@node-rs/jieba'} cut, 1 process${hugePages ? ', huge pages' : ''}`;
  const env = hugePages ? { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } : {};
  const { best, all } = await coldBest(ctx, label, () => ({ cmd: process.execPath, args: [FLOOR, backend, corpus.dir], env }));
  const m = fromRun(id, label, best, corpus, all);
  if (best.exitCode === 0) {
    try {
      const inner = JSON.parse(best.stdoutTail.trim().split('\n').pop() ?? '{}') as Record<string, number>;
      m.inner = { loadMs: inner.loadMs ?? NaN, readMs: inner.readMs ?? NaN, cutMs: inner.cutMs ?? NaN, tokens: inner.tokens ?? NaN };
      if (inner.files !== corpus.n) m.note = `segmented ${inner.files} files, expected ${corpus.n}`;
    } catch {
      m.note = 'no JSON summary from the floor script';
    }
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Printing

const f1 = (x: number | null | undefined, d = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));

function table(rows: string[][], align: ('l' | 'r')[]): string {
  const width = (s: string): number => {
    let w = 0;
    for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
    return w;
  };
  const cols = Math.max(...rows.map((r) => r.length));
  const ws = Array.from({ length: cols }, (_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const pad = ' '.repeat(Math.max(0, (ws[c] as number) - width(cell)));
          return align[c] === 'r' ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function printResults(meta: Record<string, unknown>, measurements: Measurement[], ratios: Ratio[]): void {
  const out: string[] = [];
  out.push('');
  out.push(`xuncha bench — ${meta.summary as string}`);
  out.push('');
  const rows: string[][] = [['measurement', 'wall s', 'CPU s', 'MB/s', 'docs/s', 'peak RSS MiB', 'note']];
  for (const m of measurements) {
    if (m.status === 'n/a') {
      rows.push([m.label, '', '', '', '', '', `n/a (${m.note ?? ''})`]);
      continue;
    }
    const note = [m.status === 'failed' ? `FAILED: ${m.note ?? ''}` : m.note ?? ''];
    if (m.treeRssPeakMiB !== null && m.treeRssPeakMiB !== undefined && (m.processes ?? 1) > 1) note.push(`${m.processes} processes, tree RSS sum ≤ ${f1(m.treeRssPeakMiB, 0)} MiB`);
    if (m.wallMsAll) note.push(`best of ${m.wallMsAll.map((w) => f1(w / 1000, 2)).join(', ')}`);
    const cpu = m.cpuMs === null || m.cpuMs === undefined ? '' : f1(m.cpuMs / 1000, 2);
    rows.push([m.label, f1((m.wallMs ?? NaN) / 1000, 2), cpu, f1(m.mbPerSec, 2), f1(m.docsPerSec, 0), f1(m.maxRssMiB, 0), note.filter(Boolean).join('; ')]);
  }
  out.push(table(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'l']));
  out.push('');
  const rrows: string[][] = [['ratio', 'value', 'target', '', 'note']];
  for (const r of ratios) {
    const mark = r.met === null ? '' : r.met ? '✓' : '✗';
    rrows.push([r.label, r.value === null ? 'n/a' : f1(r.value, 2), r.target === null ? '(info)' : `≤ ${r.target.toFixed(1)}`, mark, r.note ?? '']);
  }
  out.push(table(rrows, ['l', 'r', 'l', 'l', 'l']));
  out.push('');
  for (const line of (meta.notes as string[]) ?? []) out.push(line);
  process.stdout.write(out.join('\n') + '\n');
}

// ---------------------------------------------------------------------------------------------
// Main

async function gitInfo(): Promise<{ commit: string; dirty: number }> {
  const head = await capture('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO });
  const status = await capture('git', ['status', '--porcelain'], { cwd: REPO });
  return {
    commit: head.code === 0 ? head.stdout.trim() : 'unknown',
    dirty: status.code === 0 ? status.stdout.split('\n').filter((l) => l.trim()).length : 0,
  };
}

async function build(opts: Options, notes: string[]): Promise<boolean> {
  const dist = join(REPO, 'dist', 'cli', 'index.js');
  if (!opts.build) {
    if (!existsSync(dist)) {
      log('dist/ is missing and --no-build was given: run `npm run build` first');
      return false;
    }
    notes.push('Built: no (--no-build); measured the existing dist/.');
    return true;
  }
  log('npm run build …');
  const t0 = performance.now();
  const r = await capture('npm', ['run', 'build', '--silent'], { cwd: REPO });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.code === 0) {
    log(`build ok (${s} s)`);
    return true;
  }
  const msg = (r.stdout + r.stderr).trim().split('\n').slice(-15).join('\n');
  if (existsSync(dist)) {
    log(`build FAILED (${s} s); measuring the previous dist/ instead:\n${msg}`);
    notes.push('WARNING: `npm run build` failed; the numbers are for the previous dist/ (possibly stale).');
    return true;
  }
  log(`build FAILED and there is no dist/:\n${msg}`);
  return false;
}

async function main(): Promise<number> {
  let opts: Options | null;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (!opts) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const notes: string[] = [];
  timeoutMs = opts.timeoutS === null ? 0 : opts.timeoutS * 1000;
  const started = new Date();
  const git = await gitInfo();
  const machine = {
    cores: cpus().length,
    availableParallelism: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memTotalMiB: Math.round(totalmem() / 2 ** 20),
    memFreeMiB: Math.round(freemem() / 2 ** 20),
    loadavgAtStart: loadavg().map((x) => Number(x.toFixed(2))),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
  };
  log(`machine: ${machine.cores} cores (${machine.cpu}), ${(machine.memTotalMiB / 1024).toFixed(1)} GiB, node ${machine.node}; load ${machine.loadavgAtStart.join(' ')}`);
  log(`xuncha commit ${git.commit}${git.dirty ? ` + ${git.dirty} uncommitted changes` : ''}`);

  if (!(await build(opts, notes))) return 1;
  const cli = await detectCli(REPO);
  log(`xuncha commands: ${[...cli.commands.keys()].join(', ') || '(none)'}`);
  if (!cli.commands.has('extract')) {
    log('xuncha has no extract command: nothing to measure');
    return 1;
  }
  const run = cli.commands.get('run');
  if (run) log(`run flags: ${[...run.flags].sort().join(' ')}`);

  mkdirSync(opts.out, { recursive: true });
  const corpus = ensureCorpus({ repoRoot: REPO, outRoot: opts.out, n: opts.n, seed: opts.seed, log });
  const work = mkdtempSync(join(tmpdir(), 'xuncha-bench-'));
  const ctx: Ctx = { opts, cli, work, counter: 0 };
  const rulesSrc = join(REPO, 'rules');
  const ms: Measurement[] = [];
  const get = (id: string): Measurement | undefined => ms.find((m) => m.id === id);
  // The warm runs after rule edits, one on top of the other: a weight edit (which xuncha can answer
  // by re-scoring cached evidence) and a word edit (the word is in no document: re-scored too);
  // --rule-edit says which comes first and is the headline ratio. Then a word found in about half
  // of the documents, which must be tagged again; and such a word that no rule had, which must be
  // segmented again too.
  const otherEdit: RuleEditKind = opts.ruleEdit === 'weight' ? 'word' : 'weight';
  const warmEdits: Array<{ id: string; ratioId: string; kind: RuleEditKind; label: string }> = [
    { id: 'run-warm-edit', ratioId: 'warm', kind: opts.ruleEdit, label: `xuncha run (warm, after a ${opts.ruleEdit} edit)` },
    { id: 'run-warm-edit2', ratioId: 'warm2', kind: otherEdit, label: `xuncha run (warm, after a ${otherEdit} edit too)` },
    { id: 'run-warm-edit3', ratioId: 'warm3', kind: 'word-found', label: 'xuncha run (warm, after a word-found edit too)' },
    { id: 'run-warm-edit4', ratioId: 'warm4', kind: 'new-word-found', label: 'xuncha run (warm, after a new-word-found edit too)' },
  ];
  /** The edit made before each warm run, by measurement id. */
  const made = new Map<string, RuleEdit>();
  let corpus10: CorpusInfo | null = null;
  let memCommand: string | null = null;

  try {
    // 1. Floors.
    ms.push(await floor(ctx, 'nodejieba', corpus));
    ms.push(await floor(ctx, 'nodejieba', corpus, true));
    ms.push(await floor(ctx, 'rs-jieba', corpus));

    // 2. extract and tag, cold (information while run is missing; cheap anyway).
    for (const command of ['extract', 'tag']) {
      const label = `xuncha ${command} (cold)`;
      if (!cli.commands.has(command)) {
        ms.push(na(command, label, 'command missing'));
        continue;
      }
      const { best, all, dir } = await coldBest(ctx, label, (d) => {
        const rules = join(d, 'rules');
        if (hasFlag(cli, command, '--rules')) copyRules(rulesSrc, rules);
        return { cmd: process.execPath, args: xunchaArgs(ctx, command, corpus.dir, d, { rules }) };
      });
      ms.push(checkDocuments(fromRun(command, label, best, corpus, all), dir, corpus.n));
    }

    // 3. run: cold, warm unchanged, warm after a rule edit.
    const runCold = 'xuncha run (cold)';
    const runWarm = 'xuncha run (warm, nothing changed)';
    const editRows = warmEdits.map((e): [string, string] => [e.id, e.label]);
    const skip = (rows: Array<[string, string]>, reason: string) => ms.push(...rows.map(([id, label]) => na(id, label, reason)));
    if (!run) skip([['run-cold', runCold], ['run-warm', runWarm], ...editRows], 'command missing');
    else {
      const cacheable = run.flags.has('--cache-dir');
      const { best, all, dir } = await coldBest(ctx, runCold, (d) => {
        const rules = join(d, 'rules');
        copyRules(rulesSrc, rules);
        return { cmd: process.execPath, args: xunchaArgs(ctx, 'run', corpus.dir, d, { rules }) };
      });
      const cold = checkDocuments(fromRun('run-cold', runCold, best, corpus, all), dir, corpus.n);
      if (!cacheable) cold.note = [cold.note, 'no --cache-dir flag: cwd and XDG_CACHE_HOME are a fresh folder'].filter(Boolean).join('; ');
      ms.push(cold);
      if (cold.status !== 'ok') skip([['run-warm', runWarm], ...editRows], 'cold run failed');
      else {
        // Same folder (cwd, --cache-dir, --out, --rules) as the kept cold run.
        const rules = join(dir, 'rules');
        const args = xunchaArgs(ctx, 'run', corpus.dir, dir, { rules });
        const w = await timed(runWarm, process.execPath, args, dir, runEnv(dir));
        const warm = checkDocuments(fromRun('run-warm', runWarm, w, corpus, [w.wallMs]), dir, corpus.n);
        if (!cacheable) warm.note = [warm.note, 'no --cache-dir flag'].filter(Boolean).join('; ');
        ms.push(warm);
        if (hasFlag(cli, 'run', '--rules')) {
          for (const { id, label, kind } of warmEdits) {
            const edit = editRules(rules, kind);
            made.set(id, edit);
            log(`rule edit: ${edit.description}`);
            const e = await timed(label, process.execPath, args, dir, runEnv(dir));
            const edited = checkDocuments(fromRun(id, label, e, corpus, [e.wallMs]), dir, corpus.n);
            edited.note = [edited.note, `edit: ${edit.description}`].filter(Boolean).join('; ');
            ms.push(edited);
          }
        } else skip(editRows, 'run has no --rules flag');
      }
    }

    // 4. run with the @node-rs/jieba segmenter, cold.
    const rsLabel = 'xuncha run --segmenter rs-jieba (cold)';
    if (!run) ms.push(na('run-rs-cold', rsLabel, 'command missing'));
    else if (!run.flags.has('--segmenter')) ms.push(na('run-rs-cold', rsLabel, 'flag --segmenter missing'));
    else {
      const { best, all, dir } = await coldBest(ctx, rsLabel, (d) => {
        const rules = join(d, 'rules');
        copyRules(rulesSrc, rules);
        return { cmd: process.execPath, args: xunchaArgs(ctx, 'run', corpus.dir, d, { rules, segmenter: 'rs-jieba' }) };
      });
      ms.push(checkDocuments(fromRun('run-rs-cold', rsLabel, best, corpus, all), dir, corpus.n));
    }

    // 5. Memory at scale×N: run, or the largest command there is as a stand-in.
    memCommand = run ? 'run' : cli.commands.has('tag') ? 'tag' : 'extract';
    const bigLabel = `xuncha ${memCommand} (cold) at ${opts.scale}×N${memCommand === 'run' ? '' : ' (stand-in: run missing)'}`;
    const atN = get(memCommand === 'run' ? 'run-cold' : memCommand);
    if (opts.skip10x) ms.push(na('big', bigLabel, opts.quick ? 'skipped by --quick' : 'skipped by --skip-10x'));
    else if (!atN || atN.status !== 'ok') ms.push(na('big', bigLabel, `the run at N did not succeed`));
    else {
      corpus10 = ensureCorpus({ repoRoot: REPO, outRoot: opts.out, n: opts.n * opts.scale, seed: opts.seed, log });
      const big = corpus10;
      const dir = freshDir(ctx, `${memCommand}-${opts.scale}x`);
      const rules = join(dir, 'rules');
      if (hasFlag(cli, memCommand, '--rules')) copyRules(rulesSrc, rules);
      const r = await timed(bigLabel, process.execPath, xunchaArgs(ctx, memCommand, big.dir, dir, { rules }), dir, runEnv(dir));
      ms.push(checkDocuments(fromRun('big', bigLabel, r, big, [r.wallMs]), dir, big.n));
    }
  } finally {
    if (opts.keep) log(`kept the run folders in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }

  // Ratios.
  const ratios: Ratio[] = [];
  const wall = (id: string): number | null => {
    const m = get(id);
    return m && m.status === 'ok' && m.wallMs !== undefined ? m.wallMs : null;
  };
  const ratio = (id: string, label: string, a: number | null, b: number | null, target: number | null, note?: string): void => {
    const value = a !== null && b !== null && b > 0 ? a / b : null;
    ratios.push({ id, label, value, target, met: value === null || target === null ? null : value <= target, note });
  };
  const floorNj = wall('floor-nodejieba');
  ratio('cold-floor', 'run cold / nodejieba floor', wall('run-cold'), floorNj, 1.0, run ? undefined : 'run command missing');
  ratio('cold-floor-hugepages', 'run cold / nodejieba floor with huge pages', wall('run-cold'), wall('floor-nodejieba-hugepages'), null);
  for (const c of ['extract', 'tag']) if (get(c)?.status === 'ok') ratio(`${c}-floor`, `${c} cold / nodejieba floor`, wall(c), floorNj, null);
  ratio('rs-floor', 'run rs-jieba cold / rs-jieba floor', wall('run-rs-cold'), wall('floor-rs-jieba'), null);
  const editKind = (e: (typeof warmEdits)[number]) => made.get(e.id)?.kind ?? e.kind;
  for (const e of warmEdits) {
    const edit = made.get(e.id);
    ratio(`${e.ratioId}-cold`, `run warm after ${editKind(e)} edit / cold`, wall(e.id), wall('run-cold'), 0.2, edit ? `edit: ${edit.kind}` : undefined);
  }
  ratio('warm-nochange-cold', 'run warm, nothing changed / cold', wall('run-warm'), wall('run-cold'), null);
  // The same two target ratios in CPU time (all threads): less disturbed by a busy machine.
  const cpu = (id: string): number | null => {
    const m = get(id);
    return m && m.status === 'ok' && typeof m.cpuMs === 'number' ? m.cpuMs : null;
  };
  ratio('cold-floor-cpu', 'CPU: run cold / nodejieba floor', cpu('run-cold'), cpu('floor-nodejieba'), null);
  for (const e of warmEdits) ratio(`${e.ratioId}-cold-cpu`, `CPU: run warm after ${editKind(e)} edit / cold`, cpu(e.id), cpu('run-cold'), null);
  const memAt = (id: string): number | null => {
    const m = get(id);
    return m && m.status === 'ok' && m.maxRssMiB !== undefined ? m.maxRssMiB : null;
  };
  const memN = memCommand ? memAt(memCommand === 'run' ? 'run-cold' : memCommand) : null;
  ratio(
    'mem-scale',
    `peak RSS ${opts.scale}×N / N${memCommand && memCommand !== 'run' ? ` (${memCommand}, stand-in)` : ''}`,
    memAt('big'),
    memN,
    1.3,
    memN !== null && memAt('big') !== null
      ? `${f1(memN, 0)} → ${f1(memAt('big'), 0)} MiB`
      : get('big')?.status === 'failed'
        ? `the ${opts.scale}×N run failed after reaching ${f1(get('big')?.maxRssMiB, 0)} MiB (N: ${f1(memN, 0)} MiB)`
        : undefined,
  );

  const gnuTime = await hasGnuTime();
  notes.push(
    `Peak RSS: ${gnuTime ? 'GNU /usr/bin/time %M (kernel ru_maxrss: largest single process of the tree; worker threads are in it)' : 'largest VmHWM seen polling /proc every 100 ms over the process tree'}.`,
  );
  notes.push('Ratios are of wall times, each including node start-up and dictionary loading. Timings are informative: nothing is asserted.');
  const summary =
    `N=${corpus.n} documents, ${f1(corpus.bytes / 1e6)} MB (seed ${corpus.seed}, hash ${corpus.contentHash})` +
    `${corpus10 ? `; ${opts.scale}×N = ${corpus10.n} documents, ${f1(corpus10.bytes / 1e6)} MB` : ''}\n` +
    `commit ${git.commit}${git.dirty ? ` + ${git.dirty} uncommitted changes` : ''}; ` +
    `${machine.cores} cores (${machine.cpu}), ${f1(machine.memTotalMiB / 1024)} GiB RAM, node ${machine.node}, load at start ${machine.loadavgAtStart.join(' ')}`;
  const meta = { summary, notes };
  printResults(meta, ms, ratios);

  const results = {
    date: started.toISOString(),
    durationS: Number(((Date.now() - started.getTime()) / 1000).toFixed(1)),
    commit: git.commit,
    uncommittedChanges: git.dirty,
    machine,
    options: { ...opts, out: undefined },
    peakRssMethod: gnuTime ? 'gnu-time' : 'proc-vmhwm',
    commands: Object.fromEntries([...cli.commands].map(([k, v]) => [k, [...v.flags].sort()])),
    corpus: { dir: corpus.dir, n: corpus.n, seed: corpus.seed, bytes: corpus.bytes, contentHash: corpus.contentHash, templates: corpus.templates, reused: corpus.reused },
    corpusScaled: corpus10 && { dir: corpus10.dir, n: corpus10.n, bytes: corpus10.bytes, contentHash: corpus10.contentHash, reused: corpus10.reused },
    ruleEdit: made.get('run-warm-edit') ?? null,
    ruleEdit2: made.get('run-warm-edit2') ?? null,
    ruleEdit3: made.get('run-warm-edit3') ?? null,
    ruleEdit4: made.get('run-warm-edit4') ?? null,
    measurements: ms,
    ratios,
    notes,
  };
  const json = JSON.stringify(results, null, 2) + '\n';
  writeFileSync(join(opts.out, 'results.json'), json);
  const hist = join(opts.out, 'history');
  mkdirSync(hist, { recursive: true });
  writeFileSync(join(hist, `${started.toISOString().replace(/[:.]/g, '-')}-n${corpus.n}.json`), json);
  log(`wrote ${join(opts.out, 'results.json')}`);
  return ms.some((m) => m.status === 'failed') ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
