/** Helpers shared by the formats whose text xuncha builds itself (docx, html, pdf) and by the joining of hard-wrapped text (reflow.ts). */

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

/** A line that is only a page number: “- 3 -”, “— 3 —”, “第3页 共5页”, “3/5”, “Page 3 of 5”. */
export const PAGE_NUMBER = /^(?:[-—–－_~\s]*\d{1,4}[-—–－_~\s]*|第\s*\d+\s*页\s*(?:[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$/i;

/** A line that opens a section or a numbered item (第一章, 一、, （一）, 1., (1), ①): never the continuation of a wrapped line. */
export const SECTION_START = /^(?:第[一二三四五六七八九十百零〇]+[章节条部分篇]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|\d{1,3}[、．.](?!\d)|[（(]\d{1,3}[）)]|[①-⑳⑴-⒇⒈-⒛])/;

/** Ends a sentence (or a clause a list item may end with). */
export const SENTENCE_END = /[。！？；：!?;:…”’」』）)]$/u;

/**
 * Whether `next` opens a numbered item, a section or a labelled paragraph rather than continuing
 * `last`, a line that reached the margin (hard-wrapped text, reflow.ts; a PDF's lines, pdf.ts).
 * A line that begins like an item (一、 （一） 1. ①, see SECTION_START) does, with one exception:
 * 一、 二、 … right after a character that forms a word with the numeral, in a line that stops
 * mid-sentence (形式单 | 一、载体不多; 全市统 | 一、规范).
 */
export function opensItem(last: string, next: string): boolean {
  if (LABEL.test(next) || (OPENER.test(next) && /[。！？；!?;]$/u.test(last))) return true;
  if (!SECTION_START.test(next)) return false;
  if (!/^[一二三四五六七八九十]+、/.test(next) || SENTENCE_END.test(last)) return true;
  return !NUMERAL_WORD_END.test(last);
}

/**
 * A label that begins a paragraph of a rectification report (整改情况： 问题3： 完成情况：): never
 * the continuation of the line before, even a full one without punctuation (a problem's heading
 * that reaches the margin).
 */
export const LABEL = /^(?:问题[一二三四五六七八九十\d]+|整改(?:情况|措施|进展|进度|成效|结果|目标|时限)|完成情况|责任(?:单位|领导|人))[：:]/u;
/** After a line that ends a sentence, these begin a new paragraph too: 【整改措施】, 附件, 问题：. */
const OPENER = /^(?:【|附件|问题[：:])/u;

/** Characters that form a word with a following 一 (单一 统一 唯一 同一 专一 划一 均一 逐一 万一 不一 之一). */
export const NUMERAL_WORD_CHARS = '单统唯同专划均逐万不之';
const NUMERAL_WORD_END = new RegExp(`[${NUMERAL_WORD_CHARS}]$`, 'u');
