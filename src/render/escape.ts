/** Escaping for every output format. Everything from documents or metadata goes through here. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value → HTML-safe (double- or single-quoted attributes alike). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&`, U+2028 and U+2029 become
 * \uXXXX escapes, so no text can close the element or start a comment; JSON.parse restores them.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Text for a Markdown table cell or paragraph: HTML special characters become entities (so no
 * inline HTML, autolink or comment survives), the Markdown punctuation that can form links, images,
 * emphasis, code or table cell breaks (\ ` * _ [ ] | ~) is backslash-escaped, and line breaks become
 * spaces. Output is for inline use (table cells, after a label), never at the start of a line.
 */
export function escapeMd(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[&<>]/g, (c) => HTML_ESCAPES[c])
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** 0.2143 → "21.4%". */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** A residual with its sign: "+2.10", "-0.53". */
export function signed(x: number, digits = 2): string {
  const s = x.toFixed(digits);
  if (/^-?0(?:\.0*)?$/.test(s)) return s.replace('-', '');
  return x > 0 ? `+${s}` : s;
}

/** A p-value as officers read it. */
export function pValue(p: number): string {
  if (p < 0.0001) return 'p < 0.0001';
  return `p = ${p.toFixed(4)}`;
}
