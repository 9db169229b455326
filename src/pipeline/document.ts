/**
 * One input's journey through the pure stages: ingested text → normalize → structure →
 * DocumentRecord + FindingRecords (or CSV rows → findings). No I/O here, so a worker can run it.
 */
import type { DocumentRecord, FindingRecord, InputFormat } from '../model/records.js';
import type { Diagnostic } from '../diagnostics/message.js';
import type { CsvFindingRow, IngestedText } from '../ingest/types.js';
import { firstSentence, normalize, toOriginal, type NormalizedText } from '../normalize/index.js';
import { parseStructure } from '../structure/index.js';

export interface SourceInfo {
  id: string;
  path: string;
  sha256: string;
  bytes: number;
}

export interface Extracted {
  documents: DocumentRecord[];
  findings: FindingRecord[];
  diagnostics: Diagnostic[];
  /** The normalized text of each document made here, by document text (the tagger need not normalize it again). */
  normalized?: Map<string, NormalizedText>;
}

/** Metadata columns that override the document's own fields when a --meta CSV gives them. */
const OVERRIDABLE = ['title', 'unit', 'inspected_org', 'inspector', 'inspection_type', 'period_start', 'period_end', 'feedback_date', 'published'] as const;

export function extractText(src: SourceInfo, ing: IngestedText, meta: Record<string, string> = {}): Extracted {
  const n = normalize(ing.text);
  const res = parseStructure(n);
  const doc: DocumentRecord = {
    id: src.id,
    path: src.path,
    format: ing.format,
    encoding: ing.encoding,
    sha256: src.sha256,
    bytes: src.bytes,
    chars: ing.text.length,
    ...res.meta,
    finding_count: res.findings.filter((f) => f.record_kind === 'finding').length,
    meta: {},
    text: ing.text,
  };
  applyMeta(doc, meta);
  const findings: FindingRecord[] = res.findings.map((f, i) => ({
    id: `${doc.id}#${i + 1}`,
    doc_id: doc.id,
    seq: i + 1,
    number: f.number,
    number_path: f.number_path,
    heading_path: f.heading_path,
    title: f.title,
    text: f.text,
    span: f.span,
    title_span: f.title_span,
    measures: f.measures,
    measures_span: f.measures_span,
    progress: f.progress,
    progress_text: f.progress_text,
    record_kind: f.record_kind,
    unit: doc.unit,
    doc_kind: doc.kind,
    meta: { ...doc.meta },
  }));
  const diagnostics = res.diagnostics.map((d) => ({ ...d, file: d.file || src.path }));
  return { documents: [doc], findings, diagnostics, normalized: new Map([[doc.text, n]]) };
}

/**
 * A CSV of findings extracted elsewhere: rows are grouped by unit into one document per
 * (file, unit); the document text is the rows' texts joined by newlines, so every finding span
 * points into its document's text like any other. Finding numbers are the id column, else the row.
 */
export function extractCsvRows(src: SourceInfo, rows: CsvFindingRow[], encoding: string, meta: Record<string, string> = {}): Extracted {
  const groups = new Map<string, CsvFindingRow[]>();
  for (const r of rows) {
    const key = r.unit ?? '';
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const documents: DocumentRecord[] = [];
  const findings: FindingRecord[] = [];
  const multi = groups.size > 1;
  for (const [unit, group] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const id = multi ? `${src.id}#${unit || '_'}` : src.id;
    let text = '';
    const spans: [number, number][] = [];
    for (const r of group) {
      if (text) text += '\n';
      spans.push([text.length, text.length + r.text.length]);
      text += r.text;
    }
    const doc: DocumentRecord = {
      id,
      path: src.path,
      format: 'csv' as InputFormat,
      encoding,
      sha256: src.sha256,
      bytes: src.bytes,
      chars: text.length,
      kind: 'unknown',
      kind_cue: null,
      title: null,
      unit: unit || null,
      inspected_org: null,
      inspector: null,
      inspection_type: null,
      period_start: null,
      period_end: null,
      feedback_date: null,
      published: null,
      finding_count: group.length,
      meta: {},
      text,
    };
    applyMeta(doc, meta);
    documents.push(doc);
    group.forEach((r, i) => {
      const n = normalize(r.text);
      const base = spans[i][0];
      const [ts, te] = toOriginal(n, 0, n.text.length);
      const title = firstSentence(n.text);
      const at = Math.max(0, n.text.indexOf(title));
      const [hs, he] = toOriginal(n, at, at + title.length);
      findings.push({
        id: `${id}#${r.id ?? i + 1}`,
        doc_id: id,
        seq: i + 1,
        number: r.id ?? String(r.row),
        number_path: [r.id ?? String(r.row)],
        heading_path: [],
        title,
        text: n.text,
        span: [base + ts, base + te],
        title_span: [base + hs, base + he],
        measures: null,
        measures_span: null,
        progress: null,
        progress_text: null,
        record_kind: 'finding',
        unit: doc.unit,
        doc_kind: 'unknown',
        meta: { ...doc.meta, ...r.meta },
      });
    });
  }
  return { documents, findings, diagnostics: [] };
}


/** Apply a --meta CSV row: known fields override, every column lands in doc.meta. */
export function applyMeta(doc: DocumentRecord, meta: Record<string, string>): void {
  for (const [k, v] of Object.entries(meta)) {
    if (k === 'path' || k === 'file') continue;
    doc.meta[k] = v;
    if ((OVERRIDABLE as readonly string[]).includes(k) && v !== '') (doc as Record<string, unknown>)[k] = v;
    if (k === 'kind' && ['feedback', 'rectification', 'feedback-news', 'unknown'].includes(v)) doc.kind = v as DocumentRecord['kind'];
  }
}
