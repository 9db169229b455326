/** Helpers shared by the formats whose text xuncha builds itself (docx, html, pdf). */

/** Whitespace that may pad a line: ASCII whitespace, NBSP, ideographic space, zero-width chars, BOM. */
const PAD = /^[\s\u00a0\u3000\u200b\ufeff]+|[\s\u00a0\u3000\u200b\ufeff]+$/gu;

/** One paragraph a line: trim every line, drop empty ones, join with "\n". */
export function tidyLines(lines: Iterable<string>): string {
  const out: string[] = [];
  for (const line of lines) {
    const t = line.replace(PAD, '');
    if (t) out.push(t);
  }
  return out.join('\n');
}

/** CJK characters, CJK punctuation and full-width forms: text where a space between two of them is noise. */
export const CJK = '\\u2e80-\\u2fdf\\u3000-\\u303f\\u3040-\\u30ff\\u3100-\\u312f\\u3200-\\u33ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uffef';
const CJK_GAP = new RegExp(`(?<=[${CJK}“”‘’])[ \\t]+(?=[${CJK}“”‘’])`, 'gu');

/** Remove spaces between two CJK characters (artifacts of source line breaks in HTML, or of PDF layout). */
export function dropCjkSpaces(line: string): string {
  return line.replace(CJK_GAP, '');
}
