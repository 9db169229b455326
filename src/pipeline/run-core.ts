/**
 * The per-thread half of `xuncha run`. Each worker thread (or the main thread with --jobs 1) holds
 * one RunCore: the per-file processor (segmenter, rule set, segmentation cache), its own
 * ReportBuilder, and the serializers of the output lines. For every input it returns what the
 * main thread writes, already serialized (JSONL lines, CSV rows) plus counts and diagnostics, and
 * adds the document to its builder. At the end `finish()` hands over the builder's partial state,
 * which the main thread merges (the builder gives the same reports whatever the order of adds and
 * merges). The lines come as UTF-8 bytes, transferred without a copy: the main thread only reads
 * files, writes bytes and renders the reports at the end (on two cores, every millisecond it
 * spends during the stream is taken from a worker).
 */
import type { Diagnostic } from '../diagnostics/message.js';
import type { TaggedFinding } from '../model/records.js';
import { ReportBuilder, type ReportTransfer } from '../aggregate/builder.js';
import { csvRows } from '../render/csv.js';
import { documentColumns, documentRow, taggedFindingColumns, taggedFindingRow, type Stamp } from '../render/tables.js';
import { getLazySegmenter } from '../segment/index.js';
import { utf8 } from './outputs.js';
import { createProcessor, type ItemResult, type ItemTask, type ProcessConfig, type Processor, type ReadInput } from './process.js';

export interface CoreConfig extends ProcessConfig {
  rulesDir: string;
  /** The rule set's hash as the main thread loaded it: a thread that loads another fails the run. */
  rulesetHash: string;
  version: string;
  /**
   * Also serialize the CSV rows of records without metadata (the CSV columns are then known up
   * front). Off for shards, whose CSV files are written by `merge`, and with --meta.
   */
  csvRows: boolean;
}

export interface CoreResult {
  /** documents.jsonl lines (with the run's stamp), "\n"-terminated, in UTF-8 */
  docLines: Uint8Array;
  /** findings.jsonl lines */
  findingLines: Uint8Array;
  /** documents.csv / findings.csv rows for a table without metadata columns; null when not made */
  docCsv: Uint8Array | null;
  findingCsv: Uint8Array | null;
  /** metadata keys of the documents / of the findings and recommendations */
  docMetaKeys: string[];
  metaKeys: string[];
  documents: number;
  /** records of kind "finding" */
  findings: number;
  diagnostics: Diagnostic[];
  cached: boolean;
  /** Its tagging came from the cache and was only re-scored (CacheStore.resultFits). */
  reused: boolean;
  /** Served from the cache with part of its text segmented again (ItemResult.recut). */
  recut: boolean;
  failed: boolean;
}

export class RunCore {
  private readonly builder: ReportBuilder;
  private readonly stamp: Stamp;
  /** `,"xuncha_version":…,"ruleset_sha256":…}`: a record's JSON with the stamp is its own JSON, less its `}`, plus this. */
  private readonly stampTail: string;
  private readonly categoryIds: string[];
  private readonly docColumns: string[];
  private readonly findingColumns: string[];
  private added = 0;

  private constructor(
    private readonly config: CoreConfig,
    private readonly processor: Processor,
  ) {
    const rs = processor.ruleSet!;
    if (rs.hash !== config.rulesetHash) {
      throw new Error(`the rule set in ${config.rulesDir} changed while xuncha was running (${rs.hash}, not ${config.rulesetHash}); run again`);
    }
    this.stamp = { xuncha_version: config.version, ruleset_sha256: rs.hash };
    this.stampTail = ',' + JSON.stringify(this.stamp).slice(1);
    this.categoryIds = rs.categories.map((c) => c.id);
    this.builder = new ReportBuilder({
      categories: rs.categories.map((c) => ({ id: c.id, label: c.label })),
      rulesetHash: rs.hash,
      version: config.version,
      segmenter: getLazySegmenter({ backend: config.segmenter }),
    });
    this.docColumns = documentColumns([], this.stamp);
    this.findingColumns = taggedFindingColumns(this.categoryIds, [], this.stamp);
  }

  static async create(config: CoreConfig): Promise<RunCore> {
    return new RunCore(config, await createProcessor(config));
  }

  async handle(task: ItemTask, read: ReadInput): Promise<CoreResult> {
    return this.output(await this.processor.processRead(task, read));
  }

  /** `handle` for several inputs, segmented together (Processor.processBatch); results in order. */
  async handleBatch(items: { task: ItemTask; read: ReadInput }[]): Promise<CoreResult[]> {
    return (await this.processor.processBatch(items)).map((r) => this.output(r));
  }

  /** One input's result as the main thread needs it (serialized), and into this thread's builder. */
  private output(r: ItemResult): CoreResult {
    const docLines: string[] = [];
    const findingLines: string[] = [];
    const out: CoreResult = {
      docLines: EMPTY,
      findingLines: EMPTY,
      docCsv: null,
      findingCsv: null,
      docMetaKeys: [],
      metaKeys: [],
      documents: 0,
      findings: 0,
      diagnostics: r.diagnostics,
      cached: r.cached,
      reused: r.reused,
      recut: r.recut,
      failed: r.failed,
    };
    const docMeta = new Set<string>();
    const meta = new Set<string>();
    const docRows: Record<string, unknown>[] = [];
    const findingRows: Record<string, unknown>[] = [];
    const byDoc = new Map<string, TaggedFinding[]>();
    for (const f of r.findings as TaggedFinding[]) {
      let list = byDoc.get(f.doc_id);
      if (!list) byDoc.set(f.doc_id, (list = []));
      list.push(f);
    }
    for (const d of r.documents) {
      const keys = Object.keys(d.meta);
      for (const k of keys) docMeta.add(k);
      docLines.push(JSON.stringify(d).slice(0, -1) + this.stampTail + '\n'); // = JSON.stringify({ ...d, ...stamp }), without the copy
      if (this.config.csvRows && !keys.length) docRows.push(documentRow(d, [], this.stamp));
      const mine = byDoc.get(d.id) ?? [];
      for (const f of mine) {
        const fk = Object.keys(f.meta);
        for (const k of fk) meta.add(k);
        findingLines.push(JSON.stringify(f).slice(0, -1) + this.stampTail + '\n');
        if (this.config.csvRows && !fk.length) findingRows.push(taggedFindingRow(f, this.categoryIds, [], this.stamp));
        if (f.record_kind === 'finding') out.findings++;
      }
      this.builder.add(d, mine, r.tokens);
      this.added++;
      out.documents++;
    }
    // join: one flat string (a string grown by += is a rope, slow to encode).
    out.docLines = utf8(docLines.join(''));
    out.findingLines = utf8(findingLines.join(''));
    if (this.config.csvRows) {
      out.docCsv = utf8(csvRows(docRows as never, this.docColumns));
      out.findingCsv = utf8(csvRows(findingRows as never, this.findingColumns));
    }
    out.docMetaKeys = [...docMeta];
    out.metaKeys = [...meta];
    return out;
  }

  /** Hand over the builder's state (null when it saw no document). */
  async finish(): Promise<ReportTransfer | null> {
    return this.added ? this.builder.toTransfer() : null;
  }
}

const EMPTY = new Uint8Array(0);
