/**
 * The tidy tables: documents.csv and findings.csv, one row per record, for R, Python, Stata,
 * Excel and WPS. List-valued fields are joined with " > " (paths) or ";" (lists); evidence is
 * flattened into readable cells; metadata columns become `meta_<name>` columns; a run adds its
 * provenance columns (xuncha_version, ruleset_sha256) to every row.
 *
 * Each table has a column function and a row function, so the runner can stream rows; the
 * array functions below are for callers that hold everything in memory.
 */
import type { DocumentRecord, FindingRecord, TaggedFinding } from '../model/records.js';
import { toCsv, type Cell } from './csv.js';

/** Columns added to every row when a run records provenance (xuncha version, rule-set hash). */
export type Stamp = Record<string, string>;

export function metaColumns(records: { meta: Record<string, string> }[]): string[] {
  const cols = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.meta)) cols.add(k);
  return [...cols].sort();
}

const DOC_COLUMNS = [
  'id', 'path', 'format', 'encoding', 'sha256', 'bytes', 'chars', 'kind', 'kind_cue', 'title', 'unit',
  'inspected_org', 'inspector', 'inspection_type', 'period_start', 'period_end', 'feedback_date',
  'published', 'finding_count',
] as const;

export function documentColumns(meta: string[], stamp: Stamp = {}): string[] {
  return [...DOC_COLUMNS, ...meta.map((m) => `meta_${m}`), ...Object.keys(stamp)];
}

export function documentRow(d: DocumentRecord, meta: string[], stamp: Stamp = {}): Record<string, Cell> {
  const r: Record<string, Cell> = {};
  for (const c of DOC_COLUMNS) r[c] = d[c] as Cell;
  for (const m of meta) r[`meta_${m}`] = d.meta[m] ?? '';
  return { ...r, ...stamp };
}

export function documentsCsv(docs: DocumentRecord[], stamp: Stamp = {}): string {
  const meta = metaColumns(docs);
  return toCsv(docs.map((d) => documentRow(d, meta, stamp)), documentColumns(meta, stamp));
}

const FINDING_COLUMNS = [
  'id', 'doc_id', 'seq', 'record_kind', 'number', 'number_path', 'heading_path', 'title', 'text',
  'span_start', 'span_end', 'title_start', 'title_end', 'measures', 'measures_start', 'measures_end',
  'progress', 'progress_text', 'unit', 'doc_kind',
] as const;

function findingCells(f: FindingRecord): Record<string, Cell> {
  return {
    id: f.id,
    doc_id: f.doc_id,
    seq: f.seq,
    record_kind: f.record_kind,
    number: f.number,
    number_path: f.number_path.join(' > '),
    heading_path: f.heading_path.join(' > '),
    title: f.title,
    text: f.text,
    span_start: f.span[0],
    span_end: f.span[1],
    title_start: f.title_span[0],
    title_end: f.title_span[1],
    measures: f.measures,
    measures_start: f.measures_span?.[0] ?? null,
    measures_end: f.measures_span?.[1] ?? null,
    progress: f.progress,
    progress_text: f.progress_text,
    unit: f.unit,
    doc_kind: f.doc_kind,
  };
}

export function findingColumns(meta: string[], stamp: Stamp = {}): string[] {
  return [...FINDING_COLUMNS, ...meta.map((m) => `meta_${m}`), ...Object.keys(stamp)];
}

export function findingRow(f: FindingRecord, meta: string[], stamp: Stamp = {}): Record<string, Cell> {
  const r = findingCells(f);
  for (const m of meta) r[`meta_${m}`] = f.meta[m] ?? '';
  return { ...r, ...stamp };
}

export function findingsCsv(findings: FindingRecord[], stamp: Stamp = {}): string {
  const meta = metaColumns(findings);
  return toCsv(findings.map((f) => findingRow(f, meta, stamp)), findingColumns(meta, stamp));
}

/**
 * Tagged findings: the finding columns, then primary, categories (";"-joined), heading_decided,
 * one `score_<category>` column per category of the rule set (in rule-set order), and evidence as
 * `rule|field|word@start-end` items joined by "; ".
 */
export function taggedFindingColumns(categoryIds: string[], meta: string[], stamp: Stamp = {}): string[] {
  return [
    ...FINDING_COLUMNS,
    'primary', 'categories', 'heading_decided', ...categoryIds.map((c) => `score_${c}`), 'evidence',
    ...meta.map((m) => `meta_${m}`), ...Object.keys(stamp),
  ];
}

export function taggedFindingRow(f: TaggedFinding, categoryIds: string[], meta: string[], stamp: Stamp = {}): Record<string, Cell> {
  const r = findingCells(f);
  r.primary = f.primary;
  r.categories = f.categories.join(';');
  r.heading_decided = f.heading_decided;
  for (const c of categoryIds) r[`score_${c}`] = f.scores[c] ?? 0;
  r.evidence = f.evidence
    .map((e) => e.words.map((w, i) => `${e.rule}|${e.field}|${w}@${e.spans[i][0]}-${e.spans[i][1]}`).join('; '))
    .filter(Boolean)
    .join('; ');
  for (const m of meta) r[`meta_${m}`] = f.meta[m] ?? '';
  return { ...r, ...stamp };
}

export function taggedFindingsCsv(findings: TaggedFinding[], categoryIds: string[], stamp: Stamp = {}): string {
  const meta = metaColumns(findings);
  return toCsv(findings.map((f) => taggedFindingRow(f, categoryIds, meta, stamp)), taggedFindingColumns(categoryIds, meta, stamp));
}

