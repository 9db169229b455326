/**
 * The extraction runner: walks the inputs, reads each file, and sends it through the pure stages
 * (src/pipeline/document.ts). One bad file becomes a diagnostic; the batch goes on.
 */
import { readFile } from 'node:fs/promises';
import type { DocumentRecord, FindingRecord } from '../model/records.js';
import { diag, type Diagnostic } from '../diagnostics/message.js';
import type { CsvColumns } from '../ingest/types.js';
import { ingestBytes, lookupMeta, readMetaCsv } from '../ingest/index.js';
import { walkInputs, readInput, type WalkItem } from './walk.js';
import { extractText, extractCsvRows, type Extracted } from './document.js';

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

/** Extract one walked input (read + ingest + stages). Never throws. */
export async function extractItem(item: WalkItem, meta: Record<string, string>, opts: ExtractOptions = {}): Promise<Extracted> {
  const read = await readInput(item, { maxBytes: opts.maxBytes });
  if (!read.ok) return { documents: [], findings: [], diagnostics: read.diagnostics };
  const ing = await ingestBytes(item.path, read.value.bytes, { csv: opts.csv });
  if (!ing.ok) return { documents: [], findings: [], diagnostics: ing.diagnostics };
  const src = { id: item.id, path: item.path, sha256: read.value.sha256, bytes: read.value.bytes.length };
  try {
    const v = ing.value;
    const out = v.type === 'text' ? extractText(src, v, meta) : extractCsvRows(src, v.rows, v.encoding, meta);
    out.diagnostics.unshift(...(ing.diagnostics ?? []));
    return out;
  } catch (e) {
    return { documents: [], findings: [], diagnostics: [diag(item.path, 'E_INTERNAL', `xuncha failed on this file: ${(e as Error).message}`, { note: 'please report this with the file' })] };
  }
}

export async function extractCorpus(paths: string[], opts: ExtractOptions = {}): Promise<Corpus> {
  const walked = await walkInputs(paths, { exclude: opts.exclude });
  const meta = await loadMeta(opts.metaFile);
  const corpus: Corpus = { documents: [], findings: [], diagnostics: [...walked.diagnostics, ...meta.diagnostics], failed: 0, inputs: walked.items.length };
  const total = walked.items.length;
  let done = 0;
  const seen = new Map<string, string>(); // sha256 → first path
  for (const item of walked.items) {
    const out = await extractItem(item, meta.lookup(item), opts);
    // The same content under two names is read once: the later copy is reported and skipped.
    const sha = out.documents[0]?.sha256;
    if (sha) {
      const first = seen.get(sha);
      if (first !== undefined) {
        corpus.diagnostics.push(diag(item.path, 'W_DUPLICATE', `same content as ${first}; skipped so that it is not counted twice`, { severity: 'warning' }));
        opts.onProgress?.(++done, total, corpus.findings.length);
        continue;
      }
      seen.set(sha, item.path);
    }
    for (const d of out.documents) corpus.documents.push(d);
    for (const f of out.findings) corpus.findings.push(f);
    for (const d of out.diagnostics) corpus.diagnostics.push(d);
    if (out.diagnostics.some((d) => d.severity === 'error')) corpus.failed++;
    opts.onProgress?.(++done, total, corpus.findings.length);
  }
  corpus.failed += walked.diagnostics.filter((d) => d.severity === 'error').length;
  return corpus;
}
