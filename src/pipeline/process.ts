/**
 * One input file from bytes to tagged records, with the segmentation cache. Used in the worker
 * threads (src/pipeline/worker.ts) and in-process (--jobs 1, tests). Loads the segmenter and the
 * rule set once per thread.
 */
import type { DocumentRecord, Evidence, FindingRecord, TaggedFinding } from '../model/records.js';
import { diag, type Diagnostic } from '../diagnostics/message.js';
import type { CsvColumns, Ingested } from '../ingest/types.js';
import { ingestBytes } from '../ingest/index.js';
import { createHash } from 'node:crypto';
import { domainDictionaryHash, getLazySegmenter, type SegmenterName } from '../segment/index.js';
import { MemoSegmenter } from '../segment/memo.js';
import { loadRuleSet, type RuleSet } from '../rules/index.js';
import { Tagger } from '../tag/index.js';
import { termPairs, type FindingTokens, type StoredEvidence } from '../tag/engine.js';
import { isContentToken } from '../aggregate/tokens.js';
import { readInput, type WalkItem } from './walk.js';
import { extractCsvRows, extractText, type Extracted } from './document.js';
import { CacheStore, staleWords, type CacheEntry, type CachedResult, type PackedEvidence } from './cache.js';

export interface ProcessConfig {
  /** Rule folder; null = extract only (no tagging). */
  rulesDir: string | null;
  headingEvidence: boolean;
  csv: CsvColumns;
  segmenter: SegmenterName;
  /** Cache folder, or null for --no-cache. */
  cacheDir: string | null;
  /** Part of the cache key: xuncha version + code hash. */
  cacheKey: string;
  /** Files larger than this are refused (E_TOO_LARGE). */
  maxBytes: number;
}

export interface ItemTask {
  item: WalkItem;
  meta: Record<string, string>;
}

export interface ItemResult {
  documents: DocumentRecord[];
  /** Tagged when a rule set is configured, plain findings otherwise. */
  findings: (TaggedFinding | FindingRecord)[];
  diagnostics: Diagnostic[];
  /** Content words of each finding (title, text, measures) from the tagger's segmentation, for the reports. */
  tokens: Record<string, FindingTokens>;
  /** Served from the segmentation cache. */
  cached: boolean;
  /** Its tagging came from the cache too, re-scored under the current weights (`CachedResult`). */
  reused: boolean;
  /** Served from the cache, but part of its text had to be segmented again (a dictionary word it contains changed). */
  recut: boolean;
  /** The input failed (an error diagnostic). */
  failed: boolean;
  sha256: string | null;
}

/** An input already read (bytes and their sha256), e.g. by the main thread of `run`. */
export interface ReadInput {
  bytes: Uint8Array;
  sha256: string;
}

export interface Processor {
  /** Read the input, then processRead. */
  process(task: ItemTask): Promise<ItemResult>;
  /** Process an input whose bytes were read already. */
  processRead(task: ItemTask, read: ReadInput): Promise<ItemResult>;
  /** processRead for several inputs, segmenting them together (same results, in order). */
  processBatch(items: { task: ItemTask; read: ReadInput }[]): Promise<ItemResult[]>;
  ruleSet: RuleSet | null;
}

/**
 * The rule set's inline examples, checked where a dictionary is loaded anyway (a worker): the
 * problems found, or none. `run` checks the rule files in the main thread before it starts and the
 * examples here, while the documents are processed; a failure discards everything staged.
 */
export async function checkRuleExamples(config: ProcessConfig): Promise<Diagnostic[]> {
  if (config.rulesDir === null) return [];
  const base = getLazySegmenter({ backend: config.segmenter });
  if (!config.cacheDir) {
    const rs = loadRuleSet(config.rulesDir, { segmenter: base });
    return rs.ok ? [] : rs.diagnostics;
  }
  // The examples are segmented through the cache like documents, so that a re-run whose examples
  // were all seen before (a weight edit, say) never loads a dictionary for them.
  const pre = loadRuleSet(config.rulesDir, { segmenter: base, skipExamples: true });
  if (!pre.ok) return pre.diagnostics;
  const cache = await openCache({ ...config, cacheDir: config.cacheDir }, pre.value);
  const memo = new MemoSegmenter(base);
  memo.begin((await cache.getTable(EXAMPLES_TABLE)) ?? undefined);
  const rs = loadRuleSet(config.rulesDir, { segmenter: memo });
  if (memo.misses > 0) cache.putTable(EXAMPLES_TABLE, memo.table());
  return rs.ok ? [] : rs.diagnostics;
}

const EXAMPLES_TABLE = 'rule-examples';

/**
 * The segmentation cache of this configuration. The domain dictionary is loaded with frequencies:
 * a change to it invalidates every entry. Words inserted later (the rule set's dictionary and its
 * terms) invalidate only the entries whose texts contain an added or removed word.
 */
async function openCache(config: ProcessConfig & { cacheDir: string }, ruleSet: RuleSet | null): Promise<CacheStore> {
  const csvKey = JSON.stringify([config.csv.text ?? '', config.csv.unit ?? '', config.csv.id ?? '']);
  const inserted = ruleSet ? [...ruleSet.dictionaryWords, ...ruleSet.terms] : [];
  const pairs = ruleSet ? termPairs(ruleSet) : [];
  const cache = new CacheStore(config.cacheDir, `${config.cacheKey}\0${config.segmenter}\0${csvKey}\0${domainDictionaryHash()}`, inserted, pairs);
  await cache.init();
  return cache;
}

export async function createProcessor(config: ProcessConfig): Promise<Processor> {
  // Loaded on the first cut: a worker whose documents all come from the cache never loads it.
  const base = getLazySegmenter({ backend: config.segmenter });
  let ruleSet: RuleSet | null = null;
  if (config.rulesDir !== null) {
    const rs = loadRuleSet(config.rulesDir, { segmenter: base, skipExamples: true });
    if (!rs.ok) throw new Error(`the rule set in ${config.rulesDir} has errors`);
    ruleSet = rs.value;
  }
  const memo = new MemoSegmenter(base);
  const tagger = ruleSet ? new Tagger(ruleSet, memo) : null;
  const cache = config.cacheDir ? await openCache({ ...config, cacheDir: config.cacheDir }, ruleSet) : null;

  async function process(task: ItemTask): Promise<ItemResult> {
    const read = await readInput(task.item, { maxBytes: config.maxBytes });
    if (!read.ok) return { documents: [], findings: [], tokens: {}, diagnostics: read.diagnostics, cached: false, reused: false, recut: false, failed: true, sha256: null };
    return processRead(task, read.value);
  }

  /** An input read, decoded and extracted, or already finished (`done`: failed, or re-scored from the cache). */
  type Prepared =
    | { done: ItemResult }
    | { done: null; item: WalkItem; sha256: string; entry: CacheEntry | null; ingested: Ingested; ingestDiags: Diagnostic[]; ex: Extracted; resultKey: string | null };

  const internalError = (item: WalkItem, sha256: string, e: unknown): ItemResult => ({
    documents: [],
    findings: [],
    tokens: {},
    diagnostics: [diag(item.path, 'E_INTERNAL', `xuncha failed on this file: ${(e as Error).message}`, { note: 'please report this with the file' })],
    cached: false,
    reused: false,
    recut: false,
    failed: true,
    sha256,
  });

  async function prepare(task: ItemTask, read: ReadInput): Promise<Prepared> {
    const { item, meta } = task;
    const { bytes, sha256 } = read;
    let ingested: Ingested;
    let ingestDiags: Diagnostic[] = [];
    const entry = cache ? await cache.get(sha256) : null;
    // The key of this input's tagging result. A rule set with the same structure (the same rules
    // but for weights and terms) has the same one; the cached result is then re-scored instead of
    // tagged again unless a changed term occurs in the document (CacheStore.resultFits).
    const resultKey = tagger && cache ? hashOf([tagger.structureKey, item.id, item.path, JSON.stringify(meta), String(config.headingEvidence)]) : null;
    let stored: Extracted | null = null;
    if (entry) {
      ingested = entry.ingested;
      ingestDiags = entry.ingestDiagnostics;
      if (tagger && cache && (await cache.resultFits(entry, resultKey!))) {
        try {
          return { done: fromResult(entry.result!, entry, tagger, sha256) };
        } catch {
          // An entry that does not fit (a rule it names is gone, say): tag again.
        }
      }
      // The same input under the same key was extracted before: its records are in the result.
      if (entry.result && entry.result.key === resultKey) stored = extractedFrom(entry.result, entry);
    } else {
      const ing = await ingestBytes(item.path, bytes, { csv: config.csv });
      if (!ing.ok) return { done: { documents: [], findings: [], tokens: {}, diagnostics: ing.diagnostics, cached: false, reused: false, recut: false, failed: true, sha256 } };
      ingested = ing.value;
      ingestDiags = ing.diagnostics ?? [];
    }
    const src = { id: item.id, path: item.path, sha256, bytes: bytes.length };
    try {
      const ex = stored ?? (ingested.type === 'text' ? extractText(src, ingested, meta) : extractCsvRows(src, ingested.rows, ingested.encoding, meta));
      return { done: null, item, sha256, entry, ingested, ingestDiags, ex, resultKey };
    } catch (e) {
      return { done: internalError(item, sha256, e) };
    }
  }

  const findingsOf = (ex: Extracted, docId: string) => ex.findings.filter((f) => f.doc_id === docId);

  /** The texts tagging a prepared input will cut that its cache entry does not have. */
  function plannedCuts(p: Prepared): string[] {
    if (p.done || !tagger) return [];
    const known = p.entry?.seg.cut ?? {};
    const out: string[] = [];
    try {
      for (const [text, n] of p.ex.normalized ?? []) tagger.knowNormalized(text, n);
      for (const d of p.ex.documents) {
        for (const t of tagger.plannedCuts(d.text, findingsOf(p.ex, d.id), { headingEvidence: config.headingEvidence })) {
          if (!Object.prototype.hasOwnProperty.call(known, t)) out.push(t);
        }
      }
    } catch {
      // Only a plan: tagging will meet (and report) the same problem.
    }
    return out;
  }

  function complete(p: Prepared): ItemResult {
    if (p.done) return p.done;
    const { item, sha256, entry, ingested, ingestDiags, ex } = p;
    const tokens: Record<string, FindingTokens> = {};
    const missesBefore = memo.misses;
    try {
      let findings: (TaggedFinding | FindingRecord)[] = ex.findings;
      if (tagger) {
        memo.begin(entry?.seg, entry ? staleWords(entry) : []);
        const tagged: TaggedFinding[] = [];
        for (const [text, n] of ex.normalized ?? []) tagger.knowNormalized(text, n);
        for (const d of ex.documents) {
          const r = tagger.tagDocumentWithTokens(d.text, findingsOf(ex, d.id), { headingEvidence: config.headingEvidence }, isContentToken);
          for (const f of r.tagged) tagged.push(f);
          for (const [id, t] of r.tokens) tokens[id] = t;
        }
        findings = tagged;
        if (cache) {
          const result = toResult(p.resultKey!, cache.currentPairsId, ingested, ex.documents, tagged, tokens, ex.diagnostics);
          cache.put(sha256, { ingested, ingestDiagnostics: ingestDiags, seg: memo.table(), result }, entry && memo.tableIsKnown() ? entry : null);
        }
      } else if (cache && !entry) cache.put(sha256, { ingested, ingestDiagnostics: ingestDiags, seg: { cut: {}, sub: {} } });
      const diagnostics = [...ingestDiags, ...ex.diagnostics];
      return { documents: ex.documents, findings, tokens, diagnostics, cached: entry !== null, reused: false, recut: entry !== null && memo.misses > missesBefore, failed: diagnostics.some((d) => d.severity === 'error'), sha256 };
    } catch (e) {
      return internalError(item, sha256, e);
    }
  }

  async function processRead(task: ItemTask, read: ReadInput): Promise<ItemResult> {
    return complete(await prepare(task, read));
  }

  /**
   * Several inputs at once, with the same results as one by one: all are read and extracted, then
   * everything their tagging will segment is cut in one go, then each is tagged. Cutting many
   * documents' texts back to back keeps the segmenter's dictionary in the CPU caches, which the
   * rest of the work between two documents' cuts otherwise evicts.
   */
  async function processBatch(items: { task: ItemTask; read: ReadInput }[]): Promise<ItemResult[]> {
    const prepared: Prepared[] = [];
    for (const { task, read } of items) prepared.push(await prepare(task, read));
    memo.prefetch(prepared.flatMap(plannedCuts));
    try {
      return prepared.map(complete);
    } finally {
      memo.dropPrefetched();
    }
  }

  return { process, processRead, processBatch, ruleSet };
}

const hashOf = (parts: string[]): string => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);

/** A tagging result as stored in the cache (the document text not twice, the evidence packed). */
function toResult(
  key: string,
  pairs: string,
  ingested: Ingested,
  documents: DocumentRecord[],
  tagged: TaggedFinding[],
  tokens: Record<string, FindingTokens>,
  diagnostics: Diagnostic[],
): CachedResult {
  const same = ingested.type === 'text' ? ingested.text : null;
  const textOf = new Map(documents.map((d) => [d.id, d.text]));
  return {
    key,
    pairs,
    documents: documents.map((d) => ({ ...d, text: d.text === same ? null : d.text })),
    // The record and its evidence; categories, primary, scores and heading_decided are recomputed.
    findings: tagged.map(({ categories: _c, primary: _p, scores: _s, heading_decided: _h, evidence, ...rest }) => ({
      ...rest,
      evidence: evidence.map((e) => packEvidence(e, textOf.get(rest.doc_id))),
    })),
    tokens,
    diagnostics,
  };
}

function packEvidence(e: Evidence, text: string | undefined): PackedEvidence {
  const derivable = text !== undefined && e.words.length === e.spans.length && e.words.every((w, i) => w === text.slice(e.spans[i][0], e.spans[i][1]));
  return derivable ? [e.rule, e.field, e.terms, e.spans] : [e.rule, e.field, e.terms, e.spans, e.words];
}

function unpackEvidence([rule, field, terms, spans, words]: PackedEvidence, text: string | undefined): StoredEvidence {
  if (!words && text === undefined) throw new Error('cached evidence without its words or document');
  return { rule, field, terms, words: words ?? spans.map(([s, t]) => text!.slice(s, t)), spans };
}

/** The documents of a cached result, their text restored from the entry (throws when one lacks it). */
function cachedDocuments(r: CachedResult, entry: CacheEntry): DocumentRecord[] {
  const text = entry.ingested.type === 'text' ? entry.ingested.text : null;
  return r.documents.map((d) => {
    const t = d.text ?? text;
    if (t === null) throw new Error('cached document without its text');
    return { ...d, text: t } as DocumentRecord;
  });
}

/**
 * What extracting the input gave, from a cached result under the same key (same input, id, path,
 * metadata and options; extraction does not depend on the rules): its documents, its finding
 * records without their evidence, and the extraction's diagnostics. Null when the entry lacks a text.
 */
function extractedFrom(r: CachedResult, entry: CacheEntry): Extracted | null {
  try {
    return { documents: cachedDocuments(r, entry), findings: r.findings.map(({ evidence: _e, ...record }) => record), diagnostics: r.diagnostics };
  } catch {
    return null;
  }
}

/** The result of a cached tagging, weighed and scored under the current rule set. */
function fromResult(r: CachedResult, entry: CacheEntry, tagger: Tagger, sha256: string): ItemResult {
  const documents = cachedDocuments(r, entry);
  const textOf = new Map(documents.map((d) => [d.id, d.text]));
  const findings = r.findings.map(({ evidence, ...record }) => {
    const docText = textOf.get(record.doc_id);
    return tagger.rescore(
      record,
      evidence.map((e) => unpackEvidence(e, docText)),
    );
  });
  const diagnostics = [...entry.ingestDiagnostics, ...r.diagnostics];
  return { documents, findings, tokens: r.tokens, diagnostics, cached: true, reused: true, recut: false, failed: diagnostics.some((d) => d.severity === 'error'), sha256 };
}
