/**
 * ReportBuilder: the comparison reports (summary.json, report.md, report.html) built from a stream
 * of documents, one at a time, in any order, in memory that grows with the findings but not with
 * the text, and from shards merged later.
 *
 * `add(doc, records)` reads the document's text once and keeps only what the reports need:
 *  - per document: id, unit, kind, metadata, its finding / recommendation counts and its counts per
 *    category, and the completion figures a rectification report states (one small object whose
 *    lists are strings);
 *  - per finding of a feedback or rectification document (the linkage items): number, title,
 *    progress and measures count (UTF-8 JSON, one record per document), and the content words of
 *    its title, text and measures as term frequencies (varints of vocabulary ids, about 4 bytes per
 *    distinct word). These bytes, most of what grows with the corpus, are kept outside the V8 heap
 *    in a ByteArena: there they cost what they take, where the heap would let its garbage grow to a
 *    multiple of them. The distinctive words of a unit are summed from these at the end, so they
 *    cost nothing more;
 *  - per unit, for findings of documents of unknown kind only, and per primary category: word
 *    counts packed as varints (WordCounter), 3–4 bytes per (group, word);
 *  - the vocabulary: each distinct word once;
 *  - for the report.html drill-down, only the first `drillDownLimit` findings in (document id, seq)
 *    order, with the slices of the original text they show (about 1.5 KB each).
 * Measured on synthetic 15 KB documents with 10 findings: about 350 bytes per finding in all, heap
 * and arena (tests/aggregate/builder-memory.test.ts), roughly a quarter of the text's UTF-8 size.
 * No document text is kept: every string kept is an own copy (see `own`), never a slice of it.
 *
 * The reports are made a linkage unit at a time (writeReports): the linkage of a unit is computed
 * from its own documents' items only, written to the three files, and dropped; only the summary
 * without the units (counts, tests, distinctive words: bounded by units and categories, plus the
 * document ids) and the drill-down are held whole. finish() gives the same bytes as strings.
 *
 * `toJSON()` is the partial state of a shard, `merge()` adds another builder's partial state, and
 * `finish()` gives byte-identical files whatever the order of `add` and `merge` calls: every list is
 * sorted explicitly (document id, seq, group values), never by arrival, and no result depends on
 * the vocabulary ids (which do depend on arrival).
 */
import type { DocumentKind, DocumentRecord, Progress, TaggedFinding } from '../model/records.js';
import type { Segmenter } from '../segment/segmenter.js';
import { compareDrill, drillSource, htmlStream, type DrillSource } from '../render/html.js';
import { markdownStream } from '../render/markdown.js';
import { renderWhole, withoutUnits, type ReportStream } from '../render/stream.js';
import { summaryJsonStream, summaryJsonText } from '../render/summary.js';
import { ByteArena, own, VarintReader, VarintWriter, Vocab, WordBatch, WordCounter } from './compact.js';
import { buildGroupings, columnsFor, KIND_ORDER, type GroupDoc } from './groupings.js';
import { KEYNESS_METHOD, keynessFromCounts, type KeynessReference, type WordCounts } from './keyness.js';
import { kindLabel, NONE_CATEGORY, unitOf } from './labels.js';
import {
  countMeasures,
  idVector,
  LINK_METHOD,
  LINK_THRESHOLD,
  linkSide,
  linkUnits,
  linkVectorFromParts,
  statedCompletion,
  unitLinkage,
  type LinkDoc,
  type LinkItem,
  type LinkUnit,
} from './linkage.js';
import { Summary, SUMMARY_SCHEMA_VERSION, UnitLinkage, type CategoryRef, type StatedCompletion } from './schema.js';
import { cmpStr } from './stats.js';
import { contentTokens } from './tokens.js';

/** Content words of a finding already segmented elsewhere (e.g. by the tagger in a worker). */
export interface FindingWords {
  title: readonly string[];
  text: readonly string[];
  measures: readonly string[];
}

/** Findings listed in report.html's drill-down by default; the heatmap and tables count them all. */
export const DRILL_DOWN_LIMIT = 5000;
/** Distinctive words per group by default. */
export const TOP_WORDS = 15;

export interface BuilderOptions {
  /** The rule set's categories, in order. */
  categories: CategoryRef[];
  rulesetHash: string;
  version: string;
  /** Metadata columns to group by (doc.meta keys); default: every key found, sorted. */
  metaColumns?: string[];
  /** Segmenter for distinctive words and linkage (pass the rule engine's, with rule terms added). */
  segmenter: Segmenter;
  /** Linkage threshold (default LINK_THRESHOLD). */
  linkThreshold?: number;
  /** Distinctive words per group (default 15). */
  topWords?: number;
  /** Findings kept for report.html's drill-down: the first ones in (document id, seq) order (default 5000). */
  drillDownLimit?: number;
  /** Report title (default 巡察发现问题对比分析报告). */
  title?: string;
}

export interface BuiltReports {
  summary: Summary;
  /** file name → contents (UTF-8, no BOM): summary.json, report.md, report.html. */
  files: Record<string, string>;
}

/** A linkage item as a row: [seq, number, title, progress, progress_text, measures_count, id (null when `${doc_id}#${seq}`)]. */
export type PartialItem = [number, string, string, Progress | null, string | null, number | null, string | null];

export interface PartialDocument {
  id: string;
  /** unitOf(document) */
  unit: string;
  kind: DocumentKind;
  /** doc.meta as [key, value] pairs, sorted by key */
  meta: Array<[string, string]>;
  findings: number;
  recommendations: number;
  /** [category id, findings with it as primary category, findings tagged with it at all], sorted by id */
  categories: Array<[string, number, number]>;
  /** statedCompletion, for rectification reports */
  stated: StatedCompletion[] | null;
  /** linkage items of a feedback or rectification document, in (seq, id) order */
  items: PartialItem[] | null;
  /**
   * For each item, the content words of its title, its text and its measures (rectification
   * reports) as term frequencies in order of first occurrence, base64 of unsigned LEB128 varints:
   * title n, n × (vocab index, tf); text n + 1 (0: the text is empty), n × (vocab index, tf);
   * measures n, n × (vocab index, tf).
   */
  vectors: string | null;
}

export interface PartialWords {
  /** unit name (findings of documents of unknown kind only) or category id */
  key: string;
  tokens: number;
  /** base64 of unsigned LEB128 varints: per word, sorted by vocab index: index gap, count, count − findings */
  counts: string;
}

/** The partial state of a builder: JSON-serializable; everything finish() needs. */
export interface ReportPartial {
  format: 'xuncha-report-partial';
  partial_version: 1;
  settings: {
    ruleset_hash: string;
    xuncha_version: string;
    categories: CategoryRef[];
    meta_columns: string[] | null;
    drill_down_limit: number;
    /** `${name}:${dictionaryHash}` of the segmenter that cut the texts; null when nothing was added. */
    segmenter: string | null;
  };
  vocab: string[];
  /** sorted by id */
  documents: PartialDocument[];
  words: { units: PartialWords[]; categories: PartialWords[] };
  /** the drill-down findings kept, in (document id, seq) order */
  drill: DrillSource[];
}

/**
 * A builder's state handed to another thread of the same process (a worker thread's part, to the
 * main thread, with postMessage): what toJSON() holds, for merge(), but without an object per
 * document or per linkage item. The documents are one JSON text, and their linkage items and
 * vectors stay the bytes they are, in the builder's arena chunks: put `chunks` in postMessage's
 * transfer list and they move without a copy (the sending builder then has lost them: hand over
 * once, at the end). Not a file format: partial.json files hold a ReportPartial.
 */
export interface ReportTransfer {
  format: 'xuncha-report-transfer';
  transfer_version: 1;
  settings: ReportPartial['settings'];
  vocab: string[];
  /** JSON text of TransferDocument[], sorted by id */
  documents: string;
  /** the arena chunks the documents' items and vectors are in */
  chunks: ArrayBuffer[];
  words: ReportPartial['words'];
  /** the drill-down findings kept, in (document id, seq) order */
  drill: DrillSource[];
}

/**
 * A document in a ReportTransfer: id, unit, kind, metadata (JSON of sorted [key, value] pairs),
 * findings, recommendations, categories ([id, primary, any], sorted by id), stated completion (JSON of
 * [kind, value, text, start, end] tuples, or null), then where its items and vectors are: chunk,
 * offset, items bytes (UTF-8 JSON of PartialItem[]), vectors bytes (as DocEntry).
 */
type TransferDocument = [
  id: string,
  unit: string,
  kind: DocumentKind,
  meta: string,
  findings: number,
  recommendations: number,
  categories: Array<[string, number, number]>,
  stated: string | null,
  chunk: number,
  at: number,
  itemsBytes: number,
  vectorsBytes: number,
];

/**
 * What is kept of a document. Lists are kept as strings (one heap object each, no per-element
 * objects): at about 100 bytes of object plus its strings, a document costs little beyond the
 * linkage items and vectors of its findings.
 */
interface DocEntry {
  id: string;
  unit: string;
  kind: DocumentKind;
  /** JSON of doc.meta as sorted [key, value] pairs, interned (documents often share it) */
  meta: string;
  findings: number;
  recommendations: number;
  /** varints: [category index (catIds), primary, any, …] */
  cats: string;
  /** JSON of StatedTuple[], for rectification reports */
  stated: string | null;
  /**
   * Where the linkage items and their term vectors are, in the builder's ByteArena (outside the
   * heap): chunk and offset; then `itemsBytes` of UTF-8 JSON text of PartialItem[] (0: none), and
   * `vectorsBytes` of varints (0: none), per item: title n, n × (word id, tf); text n + 1 (0: the
   * text is empty), n × (word id, tf); measures n, n × (word id, tf).
   */
  chunk: number;
  at: number;
  itemsBytes: number;
  vectorsBytes: number;
}

type ItemVectors = [title: number[], text: number[] | null, measures: number[]];

function encodeVectors(items: ItemVectors[], map: (id: number) => number = (id) => id): Uint8Array {
  const w = new VarintWriter(64);
  const put = (v: number[]) => {
    for (let i = 0; i < v.length; i += 2) {
      w.uint(map(v[i]));
      w.uint(v[i + 1]);
    }
  };
  for (const [title, text, measures] of items) {
    w.uint(title.length / 2);
    put(title);
    w.uint(text === null ? 0 : text.length / 2 + 1);
    if (text) put(text);
    w.uint(measures.length / 2);
    put(measures);
  }
  return w.bytes();
}

function decodeVectors(bytes: string): ItemVectors[] {
  const r = new VarintReader(bytes);
  const read = (n: number) => {
    const v = new Array<number>(n * 2);
    for (let i = 0; i < n * 2; i++) v[i] = r.uint();
    return v;
  };
  const out: ItemVectors[] = [];
  while (!r.done) {
    const title = read(r.uint());
    const t = r.uint();
    const text = t === 0 ? null : read(t - 1);
    out.push([title, text, read(r.uint())]);
  }
  return out;
}

/** The content words keyness counts for an item: contentTokens(f.text || f.title). */
function keynessVector([title, text]: ItemVectors): number[] {
  return text ?? title;
}

/** A stated completion figure without its document id: [kind, value, text, start, end]. */
type StatedTuple = [StatedCompletion['kind'], number | null, string, number, number];

function statedTuples(list: StatedCompletion[]): string {
  return JSON.stringify(list.map((x): StatedTuple => [x.kind, x.value, x.text, x.span[0], x.span[1]]));
}

function statedList(docId: string, json: string | null): StatedCompletion[] | null {
  if (json === null) return null;
  return (JSON.parse(json) as StatedTuple[]).map(([kind, value, text, a, b]) => ({ doc_id: docId, kind, value, text, span: [a, b] }));
}

/** A one-byte string (VarintWriter.string()) as base64, for JSON. */
function base64(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('base64');
}

function latin1(b64: string): string {
  return Buffer.from(b64, 'base64').toString('latin1');
}

/** A builder's reports, in the order they are written. */
export const REPORT_FILES = ['summary.json', 'report.md', 'report.html'] as const;
export type ReportFile = (typeof REPORT_FILES)[number];

/** Where writeReports() writes a report: e.g. an OutputSet's stream(name) (a LineWriter). */
export interface ReportSink {
  write(chunk: string): Promise<void> | void;
  close(): Promise<void> | void;
}

function varints(values: number[]): string {
  const w = new VarintWriter(values.length * 2 + 8);
  for (const v of values) w.uint(v);
  return w.string();
}

export class ReportBuilder {
  private readonly opts: BuilderOptions;
  private readonly limit: number;
  private readonly vocab = new Vocab();
  private readonly docs = new Map<string, DocEntry>();
  private readonly arena = new ByteArena();
  private readonly catIds: string[] = [];
  private readonly catIndex = new Map<string, number>();
  private readonly strings = new Map<string, string>();
  private readonly unitWords = new Map<string, WordCounter>();
  private readonly categoryWords = new Map<string, WordCounter>();
  private readonly batch = new WordBatch();
  /** max-heap by compareDrill: drill[0] is the last of the kept findings */
  private readonly drill: DrillSource[] = [];
  private segmenterId: string | null = null;

  constructor(opts: BuilderOptions) {
    const limit = opts.drillDownLimit ?? DRILL_DOWN_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`drillDownLimit must be a non-negative integer, not ${limit}`);
    this.opts = { ...opts, categories: opts.categories.map((c) => ({ id: c.id, label: c.label })), metaColumns: opts.metaColumns ? [...opts.metaColumns] : undefined };
    this.limit = limit;
  }

  /**
   * Add one document and its tagged records (findings and recommendations, all with
   * `doc_id === doc.id`). Reads doc.text now and keeps none of it.
   */
  add(doc: DocumentRecord, records: TaggedFinding[], tokens?: Readonly<Record<string, FindingWords>>): void {
    if (this.docs.has(doc.id)) throw new Error(`ReportBuilder: document ${JSON.stringify(doc.id)} added twice`);
    const docId = own(doc.id);
    for (const r of records) {
      if (r.doc_id !== doc.id) throw new Error(`ReportBuilder: record ${JSON.stringify(r.id)} belongs to ${JSON.stringify(r.doc_id)}, not to ${JSON.stringify(doc.id)}`);
    }
    const seg = this.opts.segmenter;
    this.segmenterId ??= `${seg.name}:${seg.dictionaryHash()}`;
    const findings = records.filter((r) => r.record_kind === 'finding').sort((a, b) => a.seq - b.seq || cmpStr(a.id, b.id));
    const unit = this.str(unitOf(doc));
    const side = linkSide(doc.kind);
    const cats = new Map<number, [number, number]>();
    const bump = (id: string, k: 0 | 1) => {
      const i = this.cat(id);
      let c = cats.get(i);
      if (!c) cats.set(i, (c = [0, 0]));
      c[k]++;
    };
    const rows: PartialItem[] = [];
    const vectors: ItemVectors[] = [];
    const byPrimary = new Map<string, number[][]>();
    const ids = (text: string) => contentTokens(seg, text).map((t) => this.vocab.id(t));
    const toIds = (words: readonly string[]) => words.map((t) => this.vocab.id(t));
    for (const f of findings) {
      // Words from the tagger's own segmentation (worker threads send them), else segment here.
      const given = tokens?.[f.id];
      const titleIds = () => (given ? toIds(given.title) : ids(f.title));
      const textIds = () => (given ? toIds(given.text) : ids(f.text));
      const measureIds = () => (given ? toIds(given.measures) : ids(f.measures ?? ''));
      bump(f.primary, 0);
      for (const id of new Set([f.primary, ...f.categories])) bump(id, 1);

      // The words keyness counts: contentTokens(f.text || f.title).
      let words: number[];
      if (side) {
        // A linkage item: its title, text and measures words (unit keyness is summed from them).
        const title = titleIds();
        const text = f.text ? textIds() : null;
        words = text ?? title;
        vectors.push([idVector(title), text && idVector(text), side === 'rc' && f.measures ? idVector(measureIds()) : []]);
        rows.push([f.seq, f.number, f.title, f.progress, f.progress_text, countMeasures(f.measures), f.id === `${doc.id}#${f.seq}` ? null : f.id]);
      } else {
        words = f.text ? textIds() : titleIds();
        this.batch.addFinding(words);
      }
      let list = byPrimary.get(f.primary);
      if (!list) byPrimary.set(f.primary, (list = []));
      list.push(words);

      this.offerDrill(f, doc);
    }
    if (findings.length) {
      if (!side) this.batch.flushInto(this.counter(this.unitWords, unit));
      for (const [cat, lists] of byPrimary) {
        for (const ids of lists) this.batch.addFinding(ids);
        this.batch.flushInto(this.counter(this.categoryWords, this.str(cat)));
      }
    }
    this.docs.set(docId, {
      id: docId,
      unit,
      kind: doc.kind,
      meta: this.metaString(Object.entries(doc.meta)),
      findings: findings.length,
      recommendations: records.filter((r) => r.record_kind === 'recommendation').length,
      cats: varints([...cats].sort((a, b) => a[0] - b[0]).flatMap(([i, [p, a]]) => [i, p, a])),
      stated: doc.kind === 'rectification' ? statedTuples(statedCompletion(doc)) : null,
      ...this.store(rows.length ? JSON.stringify(rows) : null, vectors.length ? encodeVectors(vectors) : null),
    });
  }

  /** A JSON-serializable partial state (for shards): everything finish() needs. */
  toJSON(): ReportPartial {
    const docs = this.sortedDocs();
    return {
      format: 'xuncha-report-partial',
      partial_version: 1,
      settings: this.settings(),
      vocab: [...this.vocab.words],
      documents: docs.map((d) => ({
        id: d.id,
        unit: d.unit,
        kind: d.kind,
        meta: JSON.parse(d.meta) as Array<[string, string]>,
        findings: d.findings,
        recommendations: d.recommendations,
        categories: this.catTriples(d)
          .map(([i, p, a]): [string, number, number] => [this.catIds[i], p, a])
          .sort((a, b) => cmpStr(a[0], b[0])),
        stated: statedList(d.id, d.stated),
        items: d.itemsBytes ? (JSON.parse(this.itemsJson(d)!) as PartialItem[]) : null,
        vectors: d.vectorsBytes ? this.vectorBytes(d).toString('base64') : null,
      })),
      words: this.partialWords(),
      drill: [...this.drill].sort(compareDrill),
    };
  }

  /**
   * The state for merge() in another thread (see ReportTransfer): as toJSON(), but compact. The
   * chunks are this builder's own: transferring them (postMessage) empties this builder's linkage
   * items, so hand over once, when done adding.
   */
  toTransfer(): ReportTransfer {
    const documents = this.sortedDocs().map((d): TransferDocument => [
      d.id,
      d.unit,
      d.kind,
      d.meta,
      d.findings,
      d.recommendations,
      this.catTriples(d)
        .map(([i, p, a]): [string, number, number] => [this.catIds[i], p, a])
        .sort((a, b) => cmpStr(a[0], b[0])),
      d.stated,
      d.chunk,
      d.at,
      d.itemsBytes,
      d.vectorsBytes,
    ]);
    return {
      format: 'xuncha-report-transfer',
      transfer_version: 1,
      settings: this.settings(),
      vocab: [...this.vocab.words],
      documents: JSON.stringify(documents),
      chunks: this.arena.buffers(),
      words: this.partialWords(),
      drill: [...this.drill].sort(compareDrill),
    };
  }

  /**
   * Combine another builder's partial state (e.g. a shard's, after JSON.parse) or handed-over state
   * (toTransfer(), e.g. a worker thread's) into this one.
   */
  merge(partial: ReportPartial | ReportTransfer): void {
    if (partial && partial.format === 'xuncha-report-transfer') return this.mergeTransfer(partial);
    this.checkCompatible(partial);
    for (const d of partial.documents) {
      if (this.docs.has(d.id)) throw new Error(`ReportBuilder.merge: document ${JSON.stringify(d.id)} is in both parts (overlapping shards?)`);
    }
    if (partial.documents.length) this.segmenterId ??= partial.settings.segmenter;
    const wordId = partial.vocab.map((w) => this.vocab.id(w));
    // Merging into an empty builder (fromJSON) keeps the partial's ids: the bytes stay as they are.
    const same = wordId.every((id, i) => id === i);
    for (const d of partial.documents) {
      const raw = d.vectors ? Buffer.from(d.vectors, 'base64') : null;
      let vectors: Uint8Array | null = raw && !same ? encodeVectors(decodeVectors(raw.toString('latin1')), (id) => wordId[id]) : raw;
      if (vectors !== null && vectors.length === 0) vectors = null;
      this.docs.set(d.id, {
        id: d.id,
        unit: this.str(d.unit),
        kind: d.kind,
        meta: this.metaString(d.meta),
        findings: d.findings,
        recommendations: d.recommendations,
        cats: varints(
          d.categories
            .map(([id, p, a]): [number, number, number] => [this.cat(id), p, a])
            .sort((a, b) => a[0] - b[0])
            .flat(),
        ),
        stated: d.stated === null ? null : statedTuples(d.stated),
        ...this.store(d.items && d.items.length ? JSON.stringify(d.items) : null, vectors),
      });
    }
    this.mergeRest(partial, wordId);
  }

  private mergeTransfer(t: ReportTransfer): void {
    if (t.transfer_version !== 1) throw new Error('ReportBuilder.merge: not a xuncha report state (format xuncha-report-transfer, version 1)');
    const documents = JSON.parse(t.documents) as TransferDocument[];
    this.checkSettings(t.settings, documents.length > 0);
    for (const d of documents) {
      if (this.docs.has(d[0])) throw new Error(`ReportBuilder.merge: document ${JSON.stringify(d[0])} is in both parts (overlapping shards?)`);
    }
    if (documents.length) this.segmenterId ??= t.settings.segmenter;
    const wordId = t.vocab.map((w) => this.vocab.id(w));
    const same = wordId.every((id, i) => id === i);
    const chunks = t.chunks.map((b) => Buffer.from(b));
    // With the same word ids the bytes are kept as they are: the chunks join this arena.
    const base = same ? this.arena.adopt(chunks) : -1;
    for (const [id, unit, kind, meta, findings, recommendations, categories, stated, chunk, at, itemsBytes, vectorsBytes] of documents) {
      let slot: Pick<DocEntry, 'chunk' | 'at' | 'itemsBytes' | 'vectorsBytes'>;
      if (same) slot = { chunk: chunk + base, at, itemsBytes, vectorsBytes };
      else {
        const c = chunks[chunk];
        const items = itemsBytes ? c.subarray(at, at + itemsBytes) : null;
        const raw = vectorsBytes ? c.toString('latin1', at + itemsBytes, at + itemsBytes + vectorsBytes) : null;
        slot = this.store(items, raw === null ? null : encodeVectors(decodeVectors(raw), (w) => wordId[w]));
      }
      this.docs.set(id, {
        id,
        unit: this.str(unit),
        kind,
        meta: this.str(meta),
        findings,
        recommendations,
        cats: varints(
          categories
            .map(([c, p, a]): [number, number, number] => [this.cat(c), p, a])
            .sort((a, b) => a[0] - b[0])
            .flat(),
        ),
        stated,
        ...slot,
      });
    }
    this.mergeRest(t, wordId);
  }

  /** Merge the word counters and the drill-down of a partial or handed-over state. */
  private mergeRest(p: Pick<ReportPartial, 'words' | 'drill'>, wordId: number[]): void {
    const addWords = (m: Map<string, WordCounter>, parts: PartialWords[]) => {
      for (const w of parts) {
        const c = this.counter(m, this.str(w.key));
        c.tokens += w.tokens;
        const ids: number[] = [];
        const counts: number[] = [];
        const findings: number[] = [];
        for (const [id, n, f] of WordCounter.decode(latin1(w.counts))) {
          ids.push(wordId[id]);
          counts.push(n);
          findings.push(f);
        }
        c.addBatch(ids, counts, findings);
      }
    };
    addWords(this.unitWords, p.words.units);
    addWords(this.categoryWords, p.words.categories);
    for (const s of p.drill) this.keepDrill(() => s, s);
  }

  private settings(): ReportPartial['settings'] {
    return {
      ruleset_hash: this.opts.rulesetHash,
      xuncha_version: this.opts.version,
      categories: this.opts.categories,
      meta_columns: this.opts.metaColumns ?? null,
      drill_down_limit: this.limit,
      segmenter: this.segmenterId,
    };
  }

  private partialWords(): ReportPartial['words'] {
    const words = (m: Map<string, WordCounter>): PartialWords[] =>
      [...m.entries()]
        .sort((a, b) => cmpStr(a[0], b[0]))
        .map(([key, c]) => ({ key, tokens: c.tokens, counts: base64(c.packedString()) }));
    return { units: words(this.unitWords), categories: words(this.categoryWords) };
  }

  static fromJSON(partial: ReportPartial, opts: BuilderOptions): ReportBuilder {
    const b = new ReportBuilder(opts);
    b.merge(partial);
    return b;
  }

  /** The summary (what summary.json holds). */
  summary(): Summary {
    const { head, units, threshold } = this.plan();
    return { ...head, linkage: { ...head.linkage, units: units.map((u) => UnitLinkage.parse(this.unitLinkage(u, threshold))) } };
  }

  /**
   * summary + files, exactly as buildReports gives for the same documents and findings. Every file
   * is held whole, and the summary with every unit: to write the files, writeReports needs far
   * less memory.
   */
  finish(): BuiltReports {
    const summary = this.summary();
    const head = withoutUnits(summary);
    const units = summary.linkage.units;
    const title = this.opts.title;
    const files: Record<string, string> = {};
    // One file at a time (the summary is whole here anyway: summary.json is made from it in one piece).
    files['summary.json'] = summaryJsonText(summary);
    files['report.md'] = renderWhole(markdownStream(head, { title }), units);
    files['report.html'] = renderWhole(htmlStream({ summary: head, drill: [...this.drill].sort(compareDrill) }, { title }), units);
    return { summary, files };
  }

  /**
   * Write summary.json, report.md and report.html (the bytes finish() gives) through `open(name)`,
   * e.g. an OutputSet's `stream`, a unit of the linkage at a time: neither the whole summary nor
   * any whole file is ever held in memory, only the summary without the linkage's units (which
   * grows with the corpus only by the document ids it lists), the drill-down, and one unit's
   * linkage. Returns the names written. The three files are written together; a sink's write() may
   * wait (back-pressure). When a write fails, every file opened is closed and the error passed on.
   */
  async writeReports(open: (name: ReportFile) => Promise<ReportSink> | ReportSink): Promise<ReportFile[]> {
    const sinks = new Map<ReportFile, ReportSink>();
    try {
      for (const f of REPORT_FILES) sinks.set(f, await open(f));
      for (const [file, chunk] of this.chunks()) {
        const w = sinks.get(file)!.write(chunk);
        if (w) await w;
      }
    } catch (e) {
      // Leave no file open; the caller discards what was written.
      for (const s of sinks.values()) await Promise.resolve().then(() => s.close()).catch(() => undefined);
      throw e;
    }
    for (const f of REPORT_FILES) await sinks.get(f)!.close();
    return [...REPORT_FILES];
  }

  /**
   * The reports as [file, text] chunks, each file's in order (the three files interleaved): every
   * file's beginning, then each unit's linkage in all three, then every file's end. Each unit's
   * linkage is computed once, written in the three files, and dropped.
   */
  private *chunks(): Generator<[ReportFile, string]> {
    const { head, units, threshold } = this.plan();
    const title = this.opts.title;
    const streams: Array<[ReportFile, ReportStream]> = [
      ['summary.json', summaryJsonStream(head)],
      ['report.md', markdownStream(head, { title })],
      ['report.html', htmlStream({ summary: head, drill: [...this.drill].sort(compareDrill) }, { title })],
    ];
    for (const [f, st] of streams) yield [f, st.head()];
    let i = 0;
    for (const lu of units) {
      const u = UnitLinkage.parse(this.unitLinkage(lu, threshold));
      for (const [f, st] of streams) yield [f, st.unit(u, i)];
      i++;
    }
    for (const [f, st] of streams) yield [f, st.tail(i)];
  }

  /** One unit's linkage, from its documents' items in the arena. */
  private unitLinkage(u: LinkUnit<DocEntry>, threshold: number): UnitLinkage {
    const linkDoc = (d: DocEntry): LinkDoc => ({ id: d.id, unit: d.unit, kind: d.kind, stated: statedList(d.id, d.stated) });
    return unitLinkage({ unit: u.unit, fb: u.fb.map(linkDoc), rc: u.rc.map(linkDoc) }, (id) => this.linkItems(this.docs.get(id)!), threshold);
  }

  /**
   * Everything of the summary but the linkage's units (`head`, parsed: validated, keys in schema
   * order; its linkage.units empty), and the units to compute, in order.
   */
  private plan(): { head: Summary; units: LinkUnit<DocEntry>[]; threshold: number } {
    const docs = this.sortedDocs();
    const seen = new Set<string>();
    for (const d of docs) for (const [i, , any] of this.catTriples(d)) if (any > 0) seen.add(this.catIds[i]);
    const cols = columnsFor(this.opts.categories, seen);
    const colOf = new Map(cols.map((c, j) => [c.id, j]));
    const colPrimary = new Array<number>(cols.length).fill(0);
    const metas = new Map<string, Record<string, string>>();
    const metaOf = (json: string) => {
      let m = metas.get(json);
      if (!m) metas.set(json, (m = Object.fromEntries(JSON.parse(json) as Array<[string, string]>)));
      return m;
    };
    const groupDocs: GroupDoc[] = docs.map((d) => {
      const row = new Array<number>(cols.length * 2).fill(0);
      for (const [i, p, a] of this.catTriples(d)) {
        const j = colOf.get(this.catIds[i]);
        if (j === undefined) continue; // a category no counted finding has (cannot happen)
        row[2 * j] += p;
        row[2 * j + 1] += a;
        colPrimary[j] += p;
      }
      return { id: d.id, unit: d.unit, kind: d.kind, meta: metaOf(d.meta), findings: d.findings, row };
    });
    const metaColumns = this.opts.metaColumns ? [...this.opts.metaColumns] : [...new Set(groupDocs.flatMap((d) => Object.keys(d.meta)))].sort(cmpStr);
    const groupings = buildGroupings(groupDocs, cols, metaColumns);
    const unitGrouping = groupings[0];

    // Distinctive words. The reference corpus is every counted finding: the categories' counts.
    const word = (id: number) => this.vocab.words[id];
    const top = this.opts.topWords;
    const counterCounts = (c: WordCounter | undefined): WordCounts => ({ tokens: c?.tokens ?? 0, words: c ? [...c.each()] : [] });
    const reference: KeynessReference = { counts: new Map(), tokens: 0 };
    for (const c of this.categoryWords.values()) {
      reference.tokens += c.tokens;
      for (const [id, n] of c.each()) reference.counts.set(id, (reference.counts.get(id) ?? 0) + n);
    }
    const linkDocsOf = new Map<string, DocEntry[]>();
    for (const d of docs) {
      if (!d.vectorsBytes) continue;
      let list = linkDocsOf.get(d.unit);
      if (!list) linkDocsOf.set(d.unit, (list = []));
      list.push(d);
    }
    // A unit's words: summed from its linkage items, plus its other findings' counter.
    const unitCounts = (unit: string): WordCounts => {
      const m = new Map<number, [number, number]>();
      let tokens = 0;
      const add = (id: number, count: number, findings: number) => {
        const e = m.get(id);
        if (e) {
          e[0] += count;
          e[1] += findings;
        } else m.set(id, [count, findings]);
        tokens += count;
      };
      for (const d of linkDocsOf.get(unit) ?? []) {
        for (const v of decodeVectors(this.vectorBytes(d).toString('latin1'))) {
          const k = keynessVector(v);
          for (let i = 0; i < k.length; i += 2) add(k[i], k[i + 1], 1);
        }
      }
      const c = this.unitWords.get(unit);
      if (c) for (const [id, n, f] of c.each()) add(id, n, f);
      return { tokens, words: [...m].map(([id, [n, f]]): [number, number, number] => [id, n, f]) };
    };
    const byUnit = keynessFromCounts(
      unitGrouping.groups.filter((g) => g.findings > 0).map((g) => ({ group: g.value ?? '', label: g.label, counts: () => unitCounts(g.value ?? '') })),
      word,
      { top },
      reference,
    );
    const byCategory = keynessFromCounts(
      cols.filter((_, j) => colPrimary[j] > 0).map((c) => ({ group: c.id, label: c.label, counts: () => counterCounts(this.categoryWords.get(c.id)) })),
      word,
      { top },
      reference,
    );

    const byKind = new Map<string, number>();
    for (const d of docs) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);
    const none = colOf.get(NONE_CATEGORY);
    const threshold = this.opts.linkThreshold ?? LINK_THRESHOLD;
    const summary: Summary = {
      schema_version: SUMMARY_SCHEMA_VERSION,
      xuncha_version: this.opts.version,
      ruleset_hash: this.opts.rulesetHash,
      categories: cols,
      totals: {
        documents: docs.length,
        documents_by_kind: KIND_ORDER.filter((k) => byKind.has(k)).map((k) => ({ kind: k, label: kindLabel(k), count: byKind.get(k)! })),
        findings: docs.reduce((s, d) => s + d.findings, 0),
        recommendations_excluded: docs.reduce((s, d) => s + d.recommendations, 0),
        uncategorized: none === undefined ? 0 : colPrimary[none],
        units: unitGrouping.groups.length,
        documents_without_findings: docs.filter((d) => d.findings === 0).map((d) => d.id),
      },
      groupings,
      distinctive: { method: KEYNESS_METHOD, min_count: 2, top: top ?? TOP_WORDS, by_unit: byUnit, by_category: byCategory },
      linkage: { method: LINK_METHOD, threshold, units: [] },
    };
    return { head: Summary.parse(summary), units: linkUnits(docs), threshold };
  }


  /**
   * Sizes, for tests and diagnostics: counts, and the bytes of the compact parts (items: the
   * linkage rows as UTF-8 JSON text; vectors: their term vectors, both outside the heap, in chunks
   * of `arena` bytes; unitWords / categoryWords: the keyness counters). Object and string headers,
   * the vocabulary and the drill-down come on top.
   */
  stats(): {
    documents: number;
    findings: number;
    words: number;
    drillDown: number;
    bytes: { items: number; vectors: number; arena: number; unitWords: number; categoryWords: number };
  } {
    const bytes = { items: 0, vectors: 0, arena: this.arena.bytes, unitWords: 0, categoryWords: 0 };
    let findings = 0;
    for (const d of this.docs.values()) {
      findings += d.findings;
      bytes.items += d.itemsBytes;
      bytes.vectors += d.vectorsBytes;
    }
    for (const c of this.unitWords.values()) bytes.unitWords += c.bytes;
    for (const c of this.categoryWords.values()) bytes.categoryWords += c.bytes;
    return { documents: this.docs.size, findings, words: this.vocab.size, drillDown: this.drill.length, bytes };
  }

  // -------------------------------------------------------------------------------------------

  private sortedDocs(): DocEntry[] {
    return [...this.docs.values()].sort((a, b) => cmpStr(a.id, b.id));
  }

  /** One copy per distinct string (units, metadata keys and values, category ids). */
  private str(s: string): string {
    let v = this.strings.get(s);
    if (v === undefined) {
      v = own(s);
      this.strings.set(v, v);
    }
    return v;
  }

  private cat(id: string): number {
    let i = this.catIndex.get(id);
    if (i === undefined) {
      i = this.catIds.length;
      const s = this.str(id);
      this.catIds.push(s);
      this.catIndex.set(s, i);
    }
    return i;
  }

  private catTriples(d: DocEntry): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = [];
    const r = new VarintReader(d.cats);
    while (!r.done) out.push([r.uint(), r.uint(), r.uint()]);
    return out;
  }

  /** Metadata pairs as interned JSON, sorted by key. */
  private metaString(pairs: Array<[string, string]>): string {
    return this.str(JSON.stringify([...pairs].sort((a, b) => cmpStr(a[0], b[0]))));
  }

  private counter(m: Map<string, WordCounter>, key: string): WordCounter {
    let c = m.get(key);
    if (!c) m.set(key, (c = new WordCounter()));
    return c;
  }

  /** Keep a document's linkage items (JSON text) and term vectors in the arena. */
  private store(items: string | Uint8Array | null, vectors: Uint8Array | null): Pick<DocEntry, 'chunk' | 'at' | 'itemsBytes' | 'vectorsBytes'> {
    const itemsBytes = items === null ? 0 : typeof items === 'string' ? Buffer.byteLength(items, 'utf8') : items.length;
    const vectorsBytes = vectors?.length ?? 0;
    if (itemsBytes + vectorsBytes === 0) return { chunk: 0, at: 0, itemsBytes, vectorsBytes };
    const { chunk, at } = this.arena.alloc(itemsBytes + vectorsBytes);
    const buf = this.arena.chunk(chunk);
    if (typeof items === 'string') buf.write(items, at, itemsBytes, 'utf8');
    else if (items !== null) buf.set(items, at);
    if (vectors) buf.set(vectors, at + itemsBytes);
    return { chunk, at, itemsBytes, vectorsBytes };
  }

  /** A document's linkage items as JSON text of PartialItem[], or null. */
  private itemsJson(d: DocEntry): string | null {
    return d.itemsBytes ? this.arena.chunk(d.chunk).toString('utf8', d.at, d.at + d.itemsBytes) : null;
  }

  /** A document's term vectors (a view into the arena; empty when none). */
  private vectorBytes(d: DocEntry): Buffer {
    const start = d.at + d.itemsBytes;
    return this.arena.chunk(d.chunk).subarray(start, start + d.vectorsBytes);
  }

  private linkItems(d: DocEntry): LinkItem[] {
    if (!d.itemsBytes || !d.vectorsBytes) return [];
    const rows = JSON.parse(this.itemsJson(d)!) as PartialItem[];
    const vecs = decodeVectors(this.vectorBytes(d).toString('latin1'));
    const key = this.vocab.lookup('__key');
    return rows.map(([seq, number, title, progress, progress_text, measures_count, id], i) => ({
      id: id ?? `${d.id}#${seq}`,
      doc_id: d.id,
      seq,
      number,
      title,
      progress,
      progress_text,
      measures_count,
      vec: linkVectorFromParts(vecs[i][0], vecs[i][1], vecs[i][2], key),
    }));
  }

  private offerDrill(f: TaggedFinding, doc: DocumentRecord): void {
    this.keepDrill(() => drillSource(f, doc), { doc_id: f.doc_id, seq: f.seq, id: f.id });
  }

  /** Keep a drill-down finding if it is among the first `limit` seen so far (made only then). */
  private keepDrill(make: () => DrillSource, key: Pick<DrillSource, 'doc_id' | 'seq' | 'id'>): void {
    const h = this.drill;
    if (this.limit === 0) return;
    if (h.length >= this.limit && compareDrill(key, h[0]) >= 0) return;
    // push, sift up
    h.push(make());
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (compareDrill(h[i], h[p]) <= 0) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
    if (h.length > this.limit) {
      // pop the max, sift down
      const last = h.pop()!;
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && compareDrill(h[l], h[m]) > 0) m = l;
        if (r < h.length && compareDrill(h[r], h[m]) > 0) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
  }

  private checkCompatible(p: ReportPartial): void {
    if (!p || p.format !== 'xuncha-report-partial' || p.partial_version !== 1) throw new Error('ReportBuilder.merge: not a xuncha report partial state (format xuncha-report-partial, version 1)');
    this.checkSettings(p.settings, p.documents.length > 0);
  }

  private checkSettings(s: ReportPartial['settings'], hasDocuments: boolean): void {
    const bad = (what: string) => new Error(`ReportBuilder.merge: the partial state was made ${what}`);
    if (s.ruleset_hash !== this.opts.rulesetHash) throw bad(`with another rule set (${s.ruleset_hash}, not ${this.opts.rulesetHash})`);
    if (s.xuncha_version !== this.opts.version) throw bad(`by another xuncha version (${s.xuncha_version}, not ${this.opts.version})`);
    if (JSON.stringify(s.categories.map((c) => [c.id, c.label])) !== JSON.stringify(this.opts.categories.map((c) => [c.id, c.label]))) throw bad('with other categories');
    if (JSON.stringify(s.meta_columns) !== JSON.stringify(this.opts.metaColumns ?? null)) throw bad('with other metadata columns');
    if (s.drill_down_limit < this.limit) throw bad(`with a smaller drill-down limit (${s.drill_down_limit} < ${this.limit})`);
    if (hasDocuments && this.segmenterId !== null && s.segmenter !== null && s.segmenter !== this.segmenterId) {
      throw bad(`with another segmenter or dictionary (${s.segmenter}, not ${this.segmenterId}): words would not be counted alike`);
    }
  }
}

/**
 * Add documents and their records (any order): each document with the records whose doc_id is its
 * id. Records of documents not given are left out.
 */
export function addDocuments(builder: ReportBuilder, documents: DocumentRecord[], records: TaggedFinding[]): ReportBuilder {
  const byDoc = new Map<string, TaggedFinding[]>();
  for (const r of records) {
    let list = byDoc.get(r.doc_id);
    if (!list) byDoc.set(r.doc_id, (list = []));
    list.push(r);
  }
  for (const d of documents) builder.add(d, byDoc.get(d.id) ?? []);
  return builder;
}
