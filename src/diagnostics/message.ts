/**
 * The one diagnostic shape used everywhere: rule-file errors, unreadable inputs, documents with no
 * findings, and notes. Modelled on vfile-message / TextlintMessage.
 */
import { z } from 'zod';

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const Diagnostic = z.object({
  file: z.string(),
  /** [start, end) character offsets in the file's text, when known. */
  range: z.tuple([z.number(), z.number()]).nullable(),
  /** 1-based line and column, when known. */
  loc: z.object({ line: z.number().int(), column: z.number().int() }).nullable(),
  /** Stable code, e.g. "E_DECODE", "R_UNKNOWN_KEY"; tests check codes, not wording. */
  code: z.string(),
  severity: Severity,
  reason: z.string(),
  note: z.string().nullable(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

export type Result<T> = { ok: true; value: T; diagnostics?: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export function diag(
  file: string,
  code: string,
  reason: string,
  opts: { severity?: Severity; range?: [number, number] | null; loc?: { line: number; column: number } | null; note?: string | null } = {},
): Diagnostic {
  return {
    file,
    range: opts.range ?? null,
    loc: opts.loc ?? null,
    code,
    severity: opts.severity ?? 'error',
    reason,
    note: opts.note ?? null,
  };
}

/** `file:line:column: code: message` (line/column omitted when unknown). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.loc ? `${d.file}:${d.loc.line}:${d.loc.column}` : d.file;
  const sev = d.severity === 'error' ? '' : `${d.severity} `;
  return `${where}: ${sev}${d.code}: ${d.reason}${d.note ? ` (${d.note})` : ''}`;
}
