/**
 * CSV for spreadsheets and statistics packages: UTF-8 with BOM (Excel and WPS then show Chinese),
 * CRLF line ends, every cell quoted when needed (csv-stringify), and cells that a spreadsheet would
 * read as a formula neutralized: a text cell beginning with = + - @ TAB or CR gets a leading
 * apostrophe ('), the OWASP recommendation. Numbers are written as numbers and never altered.
 */
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralize a text cell that Excel/WPS/LibreOffice would evaluate as a formula. */
export function neutralizeCell(v: Cell): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/** Rows → CSV text (with BOM). `columns` fixes the order and the header. */
export function toCsv(rows: Record<string, Cell>[], columns: string[], opts: { bom?: boolean } = {}): string {
  return csvHeader(columns, opts) + csvRows(rows, columns);
}

/** The BOM (unless bom: false) and the header line, for streaming writers. */
export function csvHeader(columns: string[], opts: { bom?: boolean } = {}): string {
  return (opts.bom === false ? '' : '\ufeff') + stringify([columns.map((c) => neutralizeCell(c))], { record_delimiter: 'windows' });
}

/** Data lines only (no header), for streaming writers. */
export function csvRows(rows: Record<string, Cell>[], columns: string[]): string {
  if (!rows.length) return '';
  return stringify(
    rows.map((r) => columns.map((c) => neutralizeCell(r[c]))),
    { header: false, record_delimiter: 'windows' },
  );
}
