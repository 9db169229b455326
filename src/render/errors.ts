/** errors.csv: every diagnostic of a run (written even when empty, so a stale one never remains). */
import type { Diagnostic } from '../diagnostics/message.js';
import { toCsv } from './csv.js';

const COLUMNS = ['file', 'line', 'column', 'code', 'severity', 'reason', 'note'];

export function errorsCsv(diags: Diagnostic[]): string {
  return toCsv(
    diags.map((d) => ({ file: d.file, line: d.loc?.line ?? null, column: d.loc?.column ?? null, code: d.code, severity: d.severity, reason: d.reason, note: d.note })),
    COLUMNS,
  );
}
