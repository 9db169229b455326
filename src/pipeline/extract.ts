/**
 * The in-memory extraction runner of `extract`, `tag` and the workbench: walks the inputs and sends
 * each file through the per-file processor (src/pipeline/process.ts), in this thread. One bad file
 * becomes a diagnostic; the batch goes on. (`run` streams through the worker pool instead.)
 */
import { readFile } from 'node:fs/promises';
import type { DocumentRecord, FindingRecord } from '../model/records.js';
import { diag, type Diagnostic } from '../diagnostics/message.js';
import type { CsvColumns } from '../ingest/types.js';
import { lookupMeta, readMetaCsv } from '../ingest/index.js';
import { DEFAULT_MAX_BYTES, readInput, walkInputs, type WalkItem } from './walk.js';
import { createProcessor } from './process.js';
import { SeenContent } from './duplicates.js';

export interface ExtractOptions {
  csv?: CsvColumns;
  /** A metadata CSV keyed by file path. */
  metaFile?: string;
  /** Files larger than this are refused (E_TOO_LARGE). */
  maxBytes?: number;
  /** Folders not to read (the command's own output folder). */
  exclude?: string[];
  /** Called after each file with (done, total, findings so far). */
  onProgress?: (done: number, total: number, findings: number) => void;
}

export interface Corpus {
  documents: DocumentRecord[];
  findings: FindingRecord[];
  diagnostics: Diagnostic[];
  /** Number of input files that failed (one or more error diagnostics). */
  failed: number;
  /** How many input files the paths named (0: nothing to read, e.g. a mistyped path). */
  inputs: number;
}

export async function loadMeta(metaFile: string | undefined): Promise<{ lookup: (item: WalkItem) => Record<string, string>; diagnostics: Diagnostic[] }> {
  if (!metaFile) return { lookup: () => ({}), diagnostics: [] };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(metaFile);
  } catch (e) {
    return { lookup: () => ({}), diagnostics: [diag(metaFile, 'E_READ', `cannot read the metadata CSV: ${(e as Error).message}`)] };
  }
  const res = readMetaCsv(bytes, metaFile);
  if (!res.ok) return { lookup: () => ({}), diagnostics: res.diagnostics };
  const map = res.value;
  return {
    lookup: (item) => lookupMeta(map, item) ?? {},
    diagnostics: res.diagnostics ?? [],
  };
}

export async function extractCorpus(paths: string[], opts: ExtractOptions = {}): Promise<Corpus> {
  const walked = await walkInputs(paths, { exclude: opts.exclude });
  const meta = await loadMeta(opts.metaFile);
  const corpus: Corpus = { documents: [], findings: [], diagnostics: [...walked.diagnostics, ...meta.diagnostics], failed: 0, inputs: walked.items.length };
  // The per-file processor of `run`, without rules or cache: its segmenter is never loaded.
  const processor = await createProcessor({
    rulesDir: null,
    headingEvidence: true,
    csv: opts.csv ?? {},
    segmenter: 'nodejieba',
    cacheDir: null,
    cacheKey: '',
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
  });
  const seen = new SeenContent();
  const total = walked.items.length;
  let done = 0;
  for (const item of walked.items) {
    // As in `run`: the same bytes under a second name are skipped before they are processed.
    const read = await readInput(item, { maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES });
    const dup = read.ok ? seen.check(read.value.sha256, item.path) : null;
    if (!read.ok) {
      for (const d of read.diagnostics) corpus.diagnostics.push(d);
      corpus.failed++;
    } else if (dup) corpus.diagnostics.push(dup);
    else {
      const r = await processor.processRead({ item, meta: meta.lookup(item) }, read.value);
      for (const d of r.documents) corpus.documents.push(d);
      for (const f of r.findings) corpus.findings.push(f);
      for (const d of r.diagnostics) corpus.diagnostics.push(d);
      if (r.failed) corpus.failed++;
    }
    opts.onProgress?.(++done, total, corpus.findings.length);
  }
  corpus.failed += walked.diagnostics.filter((d) => d.severity === 'error').length;
  return corpus;
}
