import type { Diagnostic } from '../diagnostics/message.js';
import { formatDiagnostic } from '../diagnostics/message.js';

/** Print errors and warnings to stderr, one `file:line:col: code: message` per line (info only in errors.csv). */
export function reportDiagnostics(diags: Diagnostic[]): void {
  for (const d of diags) if (d.severity !== 'info') process.stderr.write(formatDiagnostic(d) + '\n');
}
