/**
 * CSV files: findings extracted elsewhere (one finding a row), and the --meta CSV of per-file
 * metadata. Decoded with decodeText (so UTF-8 with or without BOM, UTF-16 with BOM, GBK all work);
 * parsed with csv-parse. Line numbers are computed from byte offsets (csv-parse's own line counter
 * miscounts CRLF inside quoted fields).
 */
import { parse } from 'csv-parse/sync';
import { diag, type Diagnostic, type Result } from '../diagnostics/message.js';
import { decodeText } from './decode.js';
import type { CsvColumns, CsvFindingRow, IngestedCsv } from './types.js';

/** Default column names, first present wins. */
export const DEFAULT_TEXT_COLUMNS = ['text', '内容', '问题', 'finding'];
export const DEFAULT_UNIT_COLUMNS = ['unit', '单位', '被巡察单位'];
export const DEFAULT_ID_COLUMNS = ['id', '编号', '序号'];
export const META_KEY_COLUMNS = ['path', 'file', '文件', '路径'];

export interface CsvTable {
  encoding: string;
  header: string[];
  headerLine: number;
  rows: Array<{ line: number; cells: string[] }>;
}

/** Parse a CSV into a header and rows (every row padded to the header's width), with start lines. */
export function parseCsvTable(bytes: Uint8Array, file: string): Result<CsvTable> {
  const decoded = decodeText(bytes, file);
  if (!decoded.ok) return decoded;
  const buf = Buffer.from(decoded.value.text, 'utf8');
  const nl = buf.includes(0x0a) ? 0x0a : 0x0d;
  // Line number at a byte offset (1-based), skipping the blank lines a record may start with.
  let lineAt = 1;
  let linePos = 0;
  const lineOf = (pos: number): number => {
    while (pos < buf.length && (buf[pos] === 0x0a || buf[pos] === 0x0d)) pos++;
    if (pos < linePos) {
      lineAt = 1;
      linePos = 0;
    }
    for (; linePos < pos; linePos++) if (buf[linePos] === nl) lineAt++;
    return lineAt;
  };
  const records: Array<{ cells: string[]; line: number }> = [];
  let lastEnd = 0;
  try {
    parse(buf, {
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      on_record: (record: string[], ctx: { bytes: number }) => {
        records.push({ cells: record, line: lineOf(lastEnd) });
        lastEnd = ctx.bytes;
        return record;
      },
    });
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    const line = lineOf(lastEnd);
    const reason =
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? `a quoted field in the row starting on line ${line} is never closed`
        : `malformed CSV in the row starting on line ${line}`;
    return { ok: false, diagnostics: [diag(file, 'E_CSV', reason, { loc: { line, column: 1 }, note: code || (e instanceof Error ? e.message : null) })] };
  }
  if (records.length === 0) return { ok: false, diagnostics: [diag(file, 'E_EMPTY', 'the CSV has no header row')] };
  const [head, ...body] = records;
  const header = head.cells.map((c, i) => c.trim() || `column${i + 1}`);
  const rows: CsvTable['rows'] = [];
  for (const r of body) {
    const cells = r.cells;
    if (cells.length > header.length && cells.slice(header.length).some((c) => c.trim() !== '')) {
      return {
        ok: false,
        diagnostics: [
          diag(file, 'E_CSV', `the row on line ${r.line} has ${cells.length} fields, the header has ${header.length}`, {
            loc: { line: r.line, column: 1 },
            note: 'quote fields that contain commas',
          }),
        ],
      };
    }
    if (cells.every((c) => c.trim() === '')) continue;
    const padded = header.map((_, i) => cells[i] ?? '');
    rows.push({ line: r.line, cells: padded });
  }
  return { ok: true, value: { encoding: decoded.value.encoding, header, headerLine: head.line, rows }, diagnostics: decoded.diagnostics };
}

function findColumn(header: string[], wanted: string[]): number {
  for (const w of wanted) {
    const i = header.indexOf(w);
    if (i >= 0) return i;
  }
  for (const w of wanted) {
    const i = header.findIndex((h) => h.toLowerCase() === w.toLowerCase());
    if (i >= 0) return i;
  }
  return -1;
}

function duplicateHeaderWarnings(file: string, t: CsvTable): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const h of t.header) {
    if (seen.has(h)) out.push(diag(file, 'W_CSV_DUPLICATE_COLUMN', `column "${h}" appears twice; the first one is used`, { severity: 'warning', loc: { line: t.headerLine, column: 1 } }));
    seen.add(h);
  }
  return out;
}

const listColumns = (header: string[]) => header.map((h) => `"${h}"`).join(', ');

/** A CSV of findings: one row a finding, text in the `text` column (or the first of text/内容/问题/finding). */
export function ingestCsv(file: string, bytes: Uint8Array, columns: CsvColumns = {}): Result<IngestedCsv> {
  const parsed = parseCsvTable(bytes, file);
  if (!parsed.ok) return parsed;
  const t = parsed.value;
  const diagnostics: Diagnostic[] = [...(parsed.diagnostics ?? []), ...duplicateHeaderWarnings(file, t)];
  const pick = (option: string | undefined, defaults: string[], role: string): Result<number> => {
    const i = findColumn(t.header, option ? [option] : defaults);
    if (i < 0 && (option || role === 'text')) {
      const wanted = option ? `"${option}"` : `one of ${defaults.map((d) => `"${d}"`).join(', ')}`;
      return {
        ok: false,
        diagnostics: [
          diag(file, 'E_CSV_COLUMN', `no ${role} column ${wanted}; the columns are ${listColumns(t.header)}`, {
            loc: { line: t.headerLine, column: 1 },
            note: `name the ${role} column explicitly`,
          }),
        ],
      };
    }
    return { ok: true, value: i };
  };
  const textCol = pick(columns.text, DEFAULT_TEXT_COLUMNS, 'text');
  if (!textCol.ok) return textCol;
  const unitCol = pick(columns.unit, DEFAULT_UNIT_COLUMNS, 'unit');
  if (!unitCol.ok) return unitCol;
  const idCol = pick(columns.id, DEFAULT_ID_COLUMNS, 'id');
  if (!idCol.ok) return idCol;
  const used = new Set([textCol.value, unitCol.value, idCol.value]);

  const rows: CsvFindingRow[] = [];
  t.rows.forEach((r, k) => {
    const text = r.cells[textCol.value];
    if (text.trim() === '') {
      diagnostics.push(diag(file, 'W_CSV_EMPTY_TEXT', `the row on line ${r.line} has no text; skipped`, { severity: 'warning', loc: { line: r.line, column: 1 } }));
      return;
    }
    const meta: Record<string, string> = {};
    t.header.forEach((h, i) => {
      if (!used.has(i) && !(h in meta)) meta[h] = r.cells[i];
    });
    const cell = (i: number) => (i >= 0 && r.cells[i].trim() !== '' ? r.cells[i].trim() : null);
    rows.push({ row: k + 1, line: r.line, id: cell(idCol.value), unit: cell(unitCol.value), text, meta });
  });
  if (rows.length === 0) {
    return { ok: false, diagnostics: [...diagnostics, diag(file, 'E_EMPTY', 'the CSV has no rows with text')] };
  }
  return { ok: true, value: { type: 'findings', format: 'csv', encoding: t.encoding, rows }, diagnostics: diagnostics.length ? diagnostics : undefined };
}

// ---------------------------------------------------------------------------------------------
// --meta CSV

/** Normalize a path written in a metadata CSV or given on the command line: forward slashes, no leading "./". */
export function normalizeMetaKey(p: string): string {
  return p.trim().replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}

/**
 * A metadata CSV keyed by file path (a `path` or `file` column, or 文件/路径): every other column
 * becomes metadata of that file. Duplicate keys: the first row wins, a warning names the line.
 */
export function readMetaCsv(bytes: Uint8Array, file: string): Result<Map<string, Record<string, string>>> {
  const parsed = parseCsvTable(bytes, file);
  if (!parsed.ok) return parsed;
  const t = parsed.value;
  const diagnostics: Diagnostic[] = [...(parsed.diagnostics ?? []), ...duplicateHeaderWarnings(file, t)];
  const keyCol = findColumn(t.header, META_KEY_COLUMNS);
  if (keyCol < 0) {
    return {
      ok: false,
      diagnostics: [
        diag(file, 'E_CSV_COLUMN', `no "path" or "file" column; the columns are ${listColumns(t.header)}`, { loc: { line: t.headerLine, column: 1 } }),
      ],
    };
  }
  const map = new Map<string, Record<string, string>>();
  const firstLine = new Map<string, number>();
  for (const r of t.rows) {
    const key = normalizeMetaKey(r.cells[keyCol]);
    if (!key) {
      diagnostics.push(diag(file, 'W_META_NO_PATH', `the row on line ${r.line} has no path; skipped`, { severity: 'warning', loc: { line: r.line, column: 1 } }));
      continue;
    }
    if (map.has(key)) {
      diagnostics.push(
        diag(file, 'W_META_DUPLICATE', `"${key}" is listed again on line ${r.line}; the row on line ${firstLine.get(key)} is used`, {
          severity: 'warning',
          loc: { line: r.line, column: 1 },
        }),
      );
      continue;
    }
    const meta: Record<string, string> = {};
    t.header.forEach((h, i) => {
      if (i !== keyCol && !(h in meta)) meta[h] = r.cells[i];
    });
    map.set(key, meta);
    firstLine.set(key, r.line);
  }
  return { ok: true, value: map, diagnostics: diagnostics.length ? diagnostics : undefined };
}

/**
 * The metadata for one input: matched by its id (the path relative to its root), then by its path as
 * given, then by its basename (only when exactly one key has that basename).
 */
export function lookupMeta(meta: Map<string, Record<string, string>>, input: { id: string; path: string }): Record<string, string> | undefined {
  const byId = meta.get(normalizeMetaKey(input.id));
  if (byId) return byId;
  const byPath = meta.get(normalizeMetaKey(input.path));
  if (byPath) return byPath;
  const base = (p: string) => normalizeMetaKey(p).split('/').pop() ?? '';
  const name = base(input.path);
  const hits = [...meta.keys()].filter((k) => base(k) === name);
  return hits.length === 1 ? meta.get(hits[0]) : undefined;
}
