import type { Diagnostic } from '../diagnostics/message.js';
import { formatDiagnostic } from '../diagnostics/message.js';
import { toCsv } from '../render/csv.js';

/** Print errors and warnings to stderr, one `file:line:col: code: message` per line (info only in errors.csv). */
export function reportDiagnostics(diags: Diagnostic[]): void {
  for (const d of diags) if (d.severity !== 'info') process.stderr.write(formatDiagnostic(d) + '\n');
}

/** errors.csv: every diagnostic of the run (written even when empty, so a stale one never remains). */
export function errorsCsv(diags: Diagnostic[]): string {
  return toCsv(
    diags.map((d) => ({
      file: d.file,
      line: d.loc?.line ?? null,
      column: d.loc?.column ?? null,
      code: d.code,
      severity: d.severity,
      reason: d.reason,
      note: d.note,
    })),
    ['file', 'line', 'column', 'code', 'severity', 'reason', 'note'],
  );
}
