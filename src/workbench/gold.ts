/**
 * Gold labels: a CSV of expected categories, in one of three shapes (chosen from the header):
 *
 *  - `text`      (`id,text,gold,also`, the dev-set format): every row IS a finding; its title and
 *                text are the row's text. No corpus needed.
 *  - `id`        (`id,gold,also`): keyed by finding id as in findings.csv ("doc.txt#3"); a gold id
 *                may leave out leading folders of the document id.
 *  - `doc-seq`   (`doc,seq,…,gold,also`, the seed-findings.csv format): keyed by document id (or its
 *                trailing path) and the finding's 1-based order in it. When the row has a `title`,
 *                a title that differs from the extracted one is reported (G_TITLE_MISMATCH).
 *
 * The label column is `gold` (or `label`); `also` is an optional acceptable second label.
 * `none` marks text that is not a finding. Reading the CSV goes through the ingest CSV reader, so
 * the file may be UTF-8 (with or without BOM), GB18030 or UTF-16.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { diag, type Diagnostic, type Result } from '../diagnostics/message.js';
import { parseCsvTable } from '../ingest/csv.js';
import type { FindingRecord } from '../model/records.js';
import { firstSentence, normalize, toOriginal } from '../normalize/index.js';

export interface GoldLabel {
  gold: string;
  /** An acceptable second label, or null. */
  also: string | null;
}

/** Finding id → gold label. */
export type GoldLabels = Map<string, GoldLabel>;

export type GoldMode = 'text' | 'id' | 'doc-seq';

export interface GoldRow extends GoldLabel {
  /** 1-based line of the row in the CSV. */
  line: number;
  id: string | null;
  doc: string | null;
  seq: number | null;
  text: string | null;
  title: string | null;
}

export interface GoldFile {
  file: string;
  mode: GoldMode;
  rows: GoldRow[];
}

const col = (header: string[], ...names: string[]): number => {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
};

/** Parse a gold CSV (bytes) into rows; every problem of a row is a warning and the row is skipped. */
export function parseGold(bytes: Uint8Array, file: string): Result<GoldFile> {
  const t = parseCsvTable(bytes, file);
  if (!t.ok) return t;
  const { header, rows, headerLine } = t.value;
  const c = {
    id: col(header, 'id', 'finding', 'finding_id'),
    doc: col(header, 'doc', 'doc_id', 'document'),
    seq: col(header, 'seq'),
    text: col(header, 'text'),
    title: col(header, 'title'),
    gold: col(header, 'gold', 'label'),
    also: col(header, 'also'),
  };
  const at = { loc: { line: headerLine, column: 1 } };
  if (c.gold < 0) return { ok: false, diagnostics: [diag(file, 'G_COLUMNS', 'the gold CSV needs a "gold" (or "label") column', { ...at, note: `columns: ${header.join(', ')}` })] };
  const mode: GoldMode | null = c.text >= 0 ? 'text' : c.id >= 0 ? 'id' : c.doc >= 0 && c.seq >= 0 ? 'doc-seq' : null;
  if (!mode) {
    return {
      ok: false,
      diagnostics: [diag(file, 'G_COLUMNS', 'the gold CSV needs an "id" column, "doc" and "seq" columns, or a "text" column', { ...at, note: `columns: ${header.join(', ')}` })],
    };
  }
  const diagnostics: Diagnostic[] = [...(t.diagnostics ?? [])];
  const out: GoldRow[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const cell = (i: number) => (i >= 0 ? (r.cells[i] ?? '').trim() : '');
    const warn = (code: string, reason: string) => diagnostics.push(diag(file, code, reason, { severity: 'warning', loc: { line: r.line, column: 1 } }));
    const gold = cell(c.gold);
    if (!gold) {
      warn('G_NO_LABEL', 'row without a gold label (skipped)');
      continue;
    }
    const row: GoldRow = {
      line: r.line,
      id: cell(c.id) || null,
      doc: cell(c.doc) || null,
      seq: null,
      text: c.text >= 0 ? (r.cells[c.text] ?? '') : null,
      title: cell(c.title) || null,
      gold,
      also: cell(c.also) && cell(c.also) !== gold ? cell(c.also) : null,
    };
    if (mode === 'text' && !row.text?.trim()) {
      warn('G_NO_TEXT', 'row without text (skipped)');
      continue;
    }
    if (mode === 'doc-seq') {
      const n = Number(cell(c.seq));
      if (!row.doc || !Number.isInteger(n) || n < 1) {
        warn('G_BAD_KEY', `row needs a document and a whole seq ≥ 1 (got "${row.doc ?? ''}", "${cell(c.seq)}"); skipped`);
        continue;
      }
      row.seq = n;
    }
    if (mode === 'id' && !row.id) {
      warn('G_BAD_KEY', 'row without an id (skipped)');
      continue;
    }
    const key = mode === 'text' ? row.id ?? `${basename(file)}:${r.line}` : mode === 'id' ? row.id! : `${row.doc}#${row.seq}`;
    if (mode === 'text' && !row.id) row.id = key;
    const first = seen.get(key);
    if (first !== undefined) {
      warn('G_DUPLICATE', `"${key}" is labelled twice (first on line ${first}); the first label is kept`);
      continue;
    }
    seen.set(key, r.line);
    out.push(row);
  }
  return { ok: true, value: { file, mode, rows: out }, diagnostics };
}

export function readGold(file: string): Result<GoldFile> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return { ok: false, diagnostics: [diag(file, 'E_READ', `cannot read the gold file: ${(e as Error).message}`)] };
  }
  return parseGold(bytes, file);
}

/**
 * The findings of a text-mode gold file: one per row, title = text = the row's text (normalized, as
 * extraction would), doc id = finding id = the row's id. `texts` maps each doc id to the original row
 * text, so evidence spans point into it.
 */
export function goldTextFindings(g: GoldFile): { findings: FindingRecord[]; texts: Map<string, string> } {
  const findings: FindingRecord[] = [];
  const texts = new Map<string, string>();
  if (g.mode !== 'text') return { findings, texts };
  for (const r of g.rows) {
    const original = r.text ?? '';
    const n = normalize(original);
    const norm = n.text;
    const id = r.id!;
    texts.set(id, original);
    // The title is the first sentence, as for a CSV input given to `xuncha tag` (the rest is the
    // body, weighed as a report's details are), so that eval scores what tag gives.
    const title = firstSentence(norm);
    const at = Math.max(0, norm.indexOf(title));
    findings.push({
      id,
      doc_id: id,
      seq: 1,
      number: id,
      number_path: [id],
      heading_path: [],
      title,
      text: norm,
      span: [0, original.length],
      title_span: toOriginal(n, at, at + title.length),
      measures: null,
      measures_span: null,
      progress: null,
      progress_text: null,
      record_kind: 'finding',
      unit: null,
      doc_kind: 'unknown',
      meta: { gold_file: g.file, gold_line: String(r.line) },
    });
  }
  return { findings, texts };
}

/** Titles compared without punctuation and spaces, after normalization. */
export const titleKey = (s: string): string => normalize(s).text.replace(/[\s\p{P}\p{S}]/gu, '');

/** Attach gold rows to findings. Rows that match nothing, or several findings, are warnings. */
export function attachGold(g: GoldFile, findings: readonly FindingRecord[]): { labels: GoldLabels; diagnostics: Diagnostic[] } {
  const labels: GoldLabels = new Map();
  const diagnostics: Diagnostic[] = [];
  const byId = new Map(findings.map((f) => [f.id, f]));
  const warn = (r: GoldRow, code: string, reason: string, note: string | null = null) =>
    diagnostics.push(diag(g.file, code, reason, { severity: 'warning', loc: { line: r.line, column: 1 }, note }));
  const bySuffix = <T>(list: T[], key: (x: T) => string, want: string): T[] => list.filter((x) => key(x).endsWith(`/${want}`));
  const docIds = [...new Set(findings.map((f) => f.doc_id))];
  for (const r of g.rows) {
    let f: FindingRecord | undefined;
    if (g.mode === 'text' || g.mode === 'id') {
      f = byId.get(r.id!);
      if (!f) {
        const hits = bySuffix([...byId.values()], (x) => x.id, r.id!);
        if (hits.length === 1) f = hits[0];
        else if (hits.length > 1) {
          warn(r, 'G_AMBIGUOUS', `id "${r.id}" matches ${hits.length} findings; give more of the path`, hits.slice(0, 3).map((h) => h.id).join(', '));
          continue;
        }
      }
      if (!f) {
        warn(r, 'G_NOT_FOUND', `no finding "${r.id}" in the inputs (skipped)`);
        continue;
      }
    } else {
      let doc = docIds.includes(r.doc!) ? r.doc! : null;
      if (!doc) {
        const hits = bySuffix(docIds, (x) => x, r.doc!);
        if (hits.length > 1) {
          warn(r, 'G_AMBIGUOUS', `document "${r.doc}" matches ${hits.length} documents; give more of the path`, hits.slice(0, 3).join(', '));
          continue;
        }
        doc = hits[0] ?? null;
      }
      f = doc ? findings.find((x) => x.doc_id === doc && x.seq === r.seq) : undefined;
      if (!f) {
        warn(r, 'G_NOT_FOUND', doc ? `document "${doc}" has no finding ${r.seq} (skipped)` : `no document "${r.doc}" in the inputs (skipped)`);
        continue;
      }
      if (r.title && titleKey(r.title) !== titleKey(f.title)) {
        warn(r, 'G_TITLE_MISMATCH', `the gold title differs from the extracted finding ${f.id}; the label is used anyway`, `gold "${r.title}", extracted "${f.title}"`);
      }
    }
    if (f.record_kind !== 'finding') {
      warn(r, 'G_NOT_A_FINDING', `${f.id} is a ${f.record_kind}, not a finding (skipped)`);
      continue;
    }
    if (labels.has(f.id)) {
      warn(r, 'G_DUPLICATE', `${f.id} is labelled twice; the first label is kept`);
      continue;
    }
    labels.set(f.id, { gold: r.gold, also: r.also });
  }
  return { labels, diagnostics };
}
