/**
 * The runner of `xuncha run` (and `tag`/`extract` through the same path): walk the inputs, send
 * each file through the worker pool (extract + tag, with the segmentation cache), stream the
 * records to staged JSONL files in input order, feed the report builder (which keeps only
 * compact aggregates), then render the reports, write the CSV twins from the staged JSONL, and
 * rename everything into place. With --shard i/n it processes one contiguous part of the sorted
 * inputs and writes the records plus the builder's partial state (partial.json); `mergeShards`
 * combines such parts into the outputs a single run gives.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DocumentRecord, TaggedFinding } from '../model/records.js';
import type { Diagnostic } from '../diagnostics/message.js';
import { diag } from '../diagnostics/message.js';
import type { CsvColumns } from '../ingest/types.js';
import { getLazySegmenter, type SegmenterName } from '../segment/index.js';
import { loadRuleSet, type RuleSet } from '../rules/index.js';
import { ReportBuilder, type ReportPartial } from '../aggregate/builder.js';
import { csvHeader, csvRows } from '../render/csv.js';
import { errorsCsv } from '../render/errors.js';
import { preloadCharts } from '../render/charts.js';
import { documentColumns, documentRow, taggedFindingColumns, taggedFindingRow, type Stamp } from '../render/tables.js';
import { VERSION } from '../version.js';
import { readInput, walkInputs } from './walk.js';
import { loadMeta } from './extract.js';
import { OutputSet, type LineWriter } from './outputs.js';
import { RuleExamplesError, startThreads } from './pool.js';
import type { CoreConfig, CoreResult } from './run-core.js';
import { SeenContent } from './duplicates.js';
import { cacheDirProblem, codeHash } from './cache.js';

export interface Shard {
  index: number; // 1-based
  count: number;
}

export interface RunOptions {
  paths: string[];
  outDir: string;
  rulesDir: string;
  headingEvidence: boolean;
  csv: CsvColumns;
  metaFile?: string;
  jobs: number;
  cacheDir: string | null;
  segmenter: SegmenterName;
  maxBytes: number;
  shard: Shard | null;
  onProgress?: (done: number, total: number, findings: number) => void;
  /** Manifest text of the rule set (ruleset.json), written with the outputs. */
  ruleSetManifest: (rs: RuleSet) => string;
}

export interface RunResult {
  documents: number;
  findings: number;
  failed: number;
  /** Documents served from the segmentation cache. */
  cached: number;
  /** Of those, documents whose tagging was reused and only re-scored (CacheStore.resultFits). */
  reused: number;
  /** Of those, documents with part of their text segmented again (a dictionary word they contain changed). */
  recut: number;
  diagnostics: Diagnostic[];
  outDir: string;
  files: string[];
}

/** The paths named no input file at all (a mistyped path): nothing is written. */
export class NoInputsError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super('no input files found');
  }
}

export const PARTIAL_FILE = 'partial.json';
const PARTIAL_SCHEMA = 1;

interface PartialFile {
  schema: number;
  xuncha_version: string;
  ruleset_sha256: string;
  shard: Shard;
  inputs: number;
  documents: number;
  findings: number;
  failed: number;
  diagnostics: Diagnostic[];
  meta_columns: string[];
  doc_meta_columns: string[];
  categories: string[];
  ruleset_manifest: string;
  builder: ReportPartial;
}

/** Parse "i/n". */
export function parseShard(s: string): Shard | null {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : null;
}

/** The contiguous part of the sorted inputs that shard i of n processes. */
export function shardSlice<T>(items: T[], shard: Shard | null): T[] {
  if (!shard) return items;
  const from = Math.floor(((shard.index - 1) * items.length) / shard.count);
  const to = Math.floor((shard.index * items.length) / shard.count);
  return items.slice(from, to);
}

/** XUNCHA_TIMING=1: the time of each phase of a run on stderr (for profiling; see docs/bench.md). */
const TIMING = process.env.XUNCHA_TIMING === '1';
function phase(name: string): void {
  if (TIMING) process.stderr.write(`[xuncha timing] ${process.uptime().toFixed(2)} s  ${name}\n`);
}

const DIST = fileURLToPath(new URL('../', import.meta.url));

export async function runCorpus(opts: RunOptions): Promise<RunResult> {
  // The workers segment; this thread loads a dictionary only if a finding comes without its words.
  const seg = getLazySegmenter({ backend: opts.segmenter });
  const loaded = loadRuleSet(opts.rulesDir, { segmenter: seg, skipExamples: true });
  if (!loaded.ok) throw new Error(`the rule set in ${opts.rulesDir} has errors`);
  const rs = loaded.value;
  const stamp: Stamp = { xuncha_version: VERSION, ruleset_sha256: rs.hash };
  const categories = rs.categories.map((c) => ({ id: c.id, label: c.label }));
  const categoryIds = rs.categories.map((c) => c.id);

  // A cache folder that cannot be written: the run goes on without the cache (a warning says why).
  const cacheProblem = opts.cacheDir ? cacheDirProblem(opts.cacheDir) : null;
  const cacheDir = cacheProblem ? null : opts.cacheDir;
  const config: CoreConfig = {
    rulesDir: opts.rulesDir,
    headingEvidence: opts.headingEvidence,
    csv: opts.csv,
    segmenter: opts.segmenter,
    cacheDir,
    cacheKey: `${VERSION}\0${await codeHash(DIST)}`,
    maxBytes: opts.maxBytes,
    rulesetHash: rs.hash,
    version: VERSION,
    csvRows: !opts.shard && !opts.metaFile,
  };

  // The threads start (loading code, rules and, for the examples, perhaps a dictionary) while the
  // inputs are listed.
  const threads = await startThreads(config, opts.jobs);
  phase('threads started');
  const examples = threads.examples();
  examples.catch(() => undefined);
  // The reports' chart library is loaded at the first pause, while the threads start up, rather
  // than after the documents, where every thread but this one is idle.
  setTimeout(() => {
    try {
      preloadCharts();
    } catch {
      // Loaded again, and the failure reported, when the first chart is drawn.
    }
  }, 0).unref();
  try {
    return await runWith();
  } finally {
    await threads.close();
  }

  async function runWith(): Promise<RunResult> {
    const walked = await walkInputs(opts.paths, { exclude: [opts.outDir, ...(opts.cacheDir ? [opts.cacheDir] : [])] });
    phase('inputs listed');
    const meta = await loadMeta(opts.metaFile);
    if (walked.items.length === 0) throw new NoInputsError([...walked.diagnostics, ...meta.diagnostics]);
    const items = shardSlice(walked.items, opts.shard);
    // Problems found while walking (and in --meta) belong to the whole run: shard 1 reports them.
    const global = !opts.shard || opts.shard.index === 1 ? [...walked.diagnostics, ...meta.diagnostics] : [];
    const diagnostics: Diagnostic[] = [...global];
    if (cacheProblem) {
      diagnostics.push(
        diag(opts.cacheDir!, 'W_CACHE_UNUSABLE', `cannot use this cache folder (${cacheProblem}); running without the cache`, {
          severity: 'warning',
          note: 'choose another folder with --cache-dir, or turn the cache off with --no-cache',
        }),
      );
    }
    let failed = global.filter((d) => d.severity === 'error').length;

    const out = new OutputSet(opts.outDir);
    const docsOut = await out.stream('documents.jsonl');
    const findingsOut = await out.stream('findings.jsonl');
    // The CSV twins are streamed too while no record has metadata (their columns are then known);
    // otherwise they are written from the JSONL at the end, with the metadata columns found.
    let csvOut: { docs: LineWriter; findings: LineWriter } | null = null;
    if (config.csvRows) {
      csvOut = { docs: await out.stream('documents.csv'), findings: await out.stream('findings.csv') };
      await csvOut.docs.write(csvHeader(documentColumns([], stamp)));
      await csvOut.findings.write(csvHeader(taggedFindingColumns(categoryIds, [], stamp)));
    }
    const metaCols = new Set<string>();
    const docMetaCols = new Set<string>();
    let nDocs = 0;
    let nFindings = 0;
    let cached = 0;
    let reused = 0;
    let recut = 0;
    let done = 0;
    const seen = new SeenContent();
    // The threads each build part of the reports; their states are merged into this one at the end.
    const builder = new ReportBuilder({ categories, rulesetHash: rs.hash, version: VERSION, segmenter: seg });
    try {
      type Step = { diagnostics: Diagnostic[]; failed: boolean; result: CoreResult | null } | { crash: unknown };
      const consume = async (step: Step) => {
        if ('crash' in step) throw step.crash;
        for (const d of step.diagnostics) diagnostics.push(d);
        if (step.failed) failed++;
        const r = step.result;
        if (r) {
          for (const d of r.diagnostics) diagnostics.push(d);
          if (r.failed) failed++;
          if (r.cached) cached++;
          if (r.reused) reused++;
          if (r.recut) recut++;
          for (const k of r.docMetaKeys) docMetaCols.add(k);
          for (const k of r.metaKeys) metaCols.add(k);
          await docsOut.write(r.docLines);
          await findingsOut.write(r.findingLines);
          if (csvOut && (docMetaCols.size || metaCols.size)) {
            // Metadata columns: the CSV files are made from the JSONL at the end instead.
            await csvOut.docs.close();
            await csvOut.findings.close();
            csvOut = null;
          }
          if (csvOut) {
            await csvOut.docs.write(r.docCsv ?? '');
            await csvOut.findings.write(r.findingCsv ?? '');
          }
          nDocs += r.documents;
          nFindings += r.findings;
        }
        opts.onProgress?.(++done, items.length, nFindings);
      };
      // Files are read here, in input order (so the first of two identical files is the one kept),
      // and processed by the threads; results are written in input order. At most `limit` files are
      // in flight, so memory does not grow with the corpus.
      const limit = threads.size * 16;
      const window: Promise<Step>[] = [];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        const read = await readInput(item, { maxBytes: opts.maxBytes });
        let step: Promise<Step>;
        if (!read.ok) step = Promise.resolve({ diagnostics: read.diagnostics, failed: true, result: null });
        else {
          const dup = seen.check(read.value.sha256, item.path);
          if (dup) step = Promise.resolve({ diagnostics: [dup], failed: false, result: null });
          else
            step = threads.submit({ item, meta: meta.lookup(item) }, read.value).then(
              (result): Step => ({ diagnostics: [], failed: false, result }),
              (crash: unknown): Step => ({ crash }),
            );
        }
        window.push(step);
        while (window.length >= limit) await consume(await window.shift()!);
      }
      while (window.length) await consume(await window.shift()!);
      const problems = await examples;
      if (problems.length) throw new RuleExamplesError(problems);
      phase('documents done');
      await threads.finish((p) => p && builder.merge(p));
      // The threads' work is done: end them now (each holds a dictionary and its heap) rather than
      // after the reports are written.
      await threads.close();
      phase('thread states merged');
      await docsOut.close();
      await findingsOut.close();
      if (csvOut) {
        await csvOut.docs.close();
        await csvOut.findings.close();
      }

      if (opts.shard) {
        const partial: PartialFile = {
          schema: PARTIAL_SCHEMA,
          xuncha_version: VERSION,
          ruleset_sha256: rs.hash,
          shard: opts.shard,
          inputs: items.length,
          documents: nDocs,
          findings: nFindings,
          failed,
          diagnostics,
          meta_columns: [...metaCols].sort(),
          doc_meta_columns: [...docMetaCols].sort(),
          categories: categoryIds,
          ruleset_manifest: opts.ruleSetManifest(rs),
          builder: builder.toJSON(),
        };
        out.add(PARTIAL_FILE, JSON.stringify(partial) + '\n');
        out.add('errors.csv', errorsCsv(diagnostics));
      } else {
        await finishOutputs(out, builder, {
          stamp,
          categoryIds,
          metaCols: [...metaCols].sort(),
          docMetaCols: [...docMetaCols].sort(),
          diagnostics,
          manifest: opts.ruleSetManifest(rs),
          csvWritten: csvOut !== null,
        });
      }
      phase('reports rendered');
      const files = await out.commit();
      phase('committed');
      return { documents: nDocs, findings: nFindings, failed, cached, reused, recut, diagnostics, outDir: out.outDir, files };
    } catch (e) {
      await out.abort();
      throw e;
    }
  }
}

interface FinishInput {
  stamp: Stamp;
  categoryIds: string[];
  metaCols: string[];
  docMetaCols: string[];
  diagnostics: Diagnostic[];
  manifest: string;
  /** The CSV twins were streamed during the run (no metadata columns). */
  csvWritten?: boolean;
}

/** Reports from the builder, CSV twins from the staged JSONL (unless streamed), errors.csv and ruleset.json. */
async function finishOutputs(out: OutputSet, builder: ReportBuilder, f: FinishInput): Promise<void> {
  // Written a linkage unit at a time: neither the whole summary nor a whole report is held.
  await builder.writeReports((name) => out.stream(name));
  if (!f.csvWritten) await writeCsvTwins(out, f);
  out.add('errors.csv', errorsCsv(f.diagnostics));
  out.add('ruleset.json', f.manifest);
}

async function writeCsvTwins(out: OutputSet, f: FinishInput): Promise<void> {
  await jsonlToCsv(out, 'documents.jsonl', 'documents.csv', documentColumns(f.docMetaCols, f.stamp), (r) =>
    documentRow(r as unknown as DocumentRecord, f.docMetaCols, f.stamp),
  );
  await jsonlToCsv(out, 'findings.jsonl', 'findings.csv', taggedFindingColumns(f.categoryIds, f.metaCols, f.stamp), (r) =>
    taggedFindingRow(r as unknown as TaggedFinding, f.categoryIds, f.metaCols, f.stamp),
  );
}

async function jsonlToCsv(
  out: OutputSet,
  from: string,
  to: string,
  columns: string[],
  row: (r: Record<string, unknown>) => Record<string, string | number | boolean | null | undefined>,
): Promise<void> {
  const w = await out.stream(to);
  await w.write(csvHeader(columns));
  await eachJsonl(out.stagedPath(from), async (rec) => {
    await w.write(csvRows([row(rec)], columns));
  });
  await w.close();
}

async function eachJsonl(path: string, fn: (rec: Record<string, unknown>) => Promise<void>): Promise<void> {
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) if (line) await fn(JSON.parse(line) as Record<string, unknown>);
}

async function copyJsonl(from: string, to: LineWriter): Promise<void> {
  const rl = createInterface({ input: createReadStream(from, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) if (line) await to.write(line + '\n');
}


export interface MergeOptions {
  dirs: string[];
  outDir: string;
  segmenter: SegmenterName;
}

/** `xuncha merge`: combine shard outputs (partial.json + JSONL parts) into one run's outputs. */
export async function mergeShards(opts: MergeOptions): Promise<RunResult> {
  const parts: { dir: string; p: PartialFile }[] = [];
  const problems: Diagnostic[] = [];
  for (const dir of opts.dirs) {
    const file = `${dir}/${PARTIAL_FILE}`;
    try {
      const p = JSON.parse(await readFile(file, 'utf8')) as PartialFile;
      if (p.schema !== PARTIAL_SCHEMA) problems.push(diag(file, 'M_SCHEMA', `partial schema ${p.schema}, expected ${PARTIAL_SCHEMA}`));
      else parts.push({ dir, p });
    } catch (e) {
      problems.push(diag(file, 'M_READ', `not a shard output: ${(e as Error).message}`));
    }
  }
  if (!problems.length && parts.length) {
    const first = parts[0].p;
    const count = first.shard.count;
    for (const { dir, p } of parts) {
      if (p.ruleset_sha256 !== first.ruleset_sha256) problems.push(diag(dir, 'M_RULES', 'made with another rule set than the first shard'));
      if (p.xuncha_version !== first.xuncha_version) problems.push(diag(dir, 'M_VERSION', `made by xuncha ${p.xuncha_version}, the first by ${first.xuncha_version}`));
      if (p.shard.count !== count) problems.push(diag(dir, 'M_SHARDS', `shard ${p.shard.index}/${p.shard.count} does not belong to a ${count}-way split`));
    }
    const seen = new Set(parts.map((x) => x.p.shard.index));
    for (let i = 1; i <= count; i++) if (!seen.has(i)) problems.push(diag(opts.outDir, 'M_MISSING', `shard ${i}/${count} is missing`));
    if (seen.size !== parts.length) problems.push(diag(opts.outDir, 'M_DUPLICATE', 'the same shard was given twice'));
  }
  if (problems.length || !parts.length) {
    const e = new Error('cannot merge these shard outputs') as Error & { diagnostics?: Diagnostic[] };
    e.diagnostics = problems.length ? problems : [diag(opts.outDir, 'M_NONE', 'no shard outputs given')];
    throw e;
  }
  parts.sort((a, b) => a.p.shard.index - b.p.shard.index);
  const first = parts[0].p;
  // The workers segment; this thread loads a dictionary only if a finding comes without its words.
  const seg = getLazySegmenter({ backend: opts.segmenter });
  const categoriesFromManifest = (JSON.parse(first.ruleset_manifest) as { categories: { id: string; label: string }[] }).categories;
  const builder = ReportBuilder.fromJSON(parts[0].p.builder, {
    categories: categoriesFromManifest.map((c) => ({ id: c.id, label: c.label })),
    rulesetHash: first.ruleset_sha256,
    version: first.xuncha_version,
    segmenter: seg,
  });
  for (const { p } of parts.slice(1)) builder.merge(p.builder);
  const out = new OutputSet(opts.outDir);
  try {
    const docs = await out.stream('documents.jsonl');
    const finds = await out.stream('findings.jsonl');
    for (const { dir } of parts) {
      await copyJsonl(`${dir}/documents.jsonl`, docs);
      await copyJsonl(`${dir}/findings.jsonl`, finds);
    }
    await docs.close();
    await finds.close();
    const diagnostics = parts.flatMap((x) => x.p.diagnostics);
    const uniq = (xs: string[]) => [...new Set(xs)].sort();
    await finishOutputs(out, builder, {
      stamp: { xuncha_version: first.xuncha_version, ruleset_sha256: first.ruleset_sha256 },
      categoryIds: first.categories,
      metaCols: uniq(parts.flatMap((x) => x.p.meta_columns)),
      docMetaCols: uniq(parts.flatMap((x) => x.p.doc_meta_columns)),
      diagnostics,
      manifest: first.ruleset_manifest,
    });
    const files = await out.commit();
    const sum = (k: 'documents' | 'findings' | 'failed') => parts.reduce((a, x) => a + x.p[k], 0);
    return { documents: sum('documents'), findings: sum('findings'), failed: sum('failed'), cached: 0, reused: 0, recut: 0, diagnostics, outDir: out.outDir, files };
  } catch (e) {
    await out.abort();
    throw e;
  }
}
