/**
 * Markdown as plain text: the markup a content system or an editor puts around a report's words
 * ("## 二、发现的主要问题", "1. **推进……有差距。** 详情", "> 发布时间：…", links) is removed, so
 * that headings, numbering and titles read as they do in a plain-text report. The words and the
 * line structure stay; a list bullet (- * +) becomes "•", which the structure stage reads like
 * the other bullets. Tables (| … | … |) are left as they are: the structure stage reads them.
 *
 * .md and .markdown files are always read this way; a .txt file only when it clearly is Markdown
 * (two or more ATX heading lines, or three or more lines with **bold** spans), with an I_MARKDOWN
 * note, since the document's text then differs from the file's.
 */
import { diag, type Diagnostic } from '../diagnostics/message.js';

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const ATX_EMPTY = /^ {0,3}#{1,6}[ \t]*$/;
const QUOTE = /^ {0,3}>[ \t]?/;
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|={3,}[ \t]*)$/;
const BULLET = /^([ \t]*)[-*+][ \t]+(?=\S)/;
const FENCE = /^ {0,3}(?:```|~~~)/;
const STRONG = /\*\*(?=\S)([^*\n]*?\S)\*\*|__(?=\S)([^_\n]*?\S)__/g;
const IMAGE = /!\[[^\]\n]*\]\([^)\n]*\)/g;
const LINK = /\[([^\]\n]+)\]\([^)\s\n]*(?:[ \t]+"[^"\n]*")?\)/g;
const CODE = /`([^`\n]+)`/g;
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!|>])/g;

/** The text of one Markdown line without its markup. */
function inline(s: string): string {
  return s.replace(IMAGE, '').replace(LINK, '$1').replace(STRONG, (_m, a: string | undefined, b: string | undefined) => a ?? b ?? '').replace(CODE, '$1').replace(ESCAPE, '$1');
}

/** `text` without Markdown markup (see the module comment); line breaks are kept as they are. */
export function stripMarkdown(text: string): string {
  const lines = text.split('\n');
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const cr = line.endsWith('\r') ? '\r' : '';
    if (cr) line = line.slice(0, -1);
    if (FENCE.test(line)) {
      fenced = !fenced;
      lines[i] = cr;
      continue;
    }
    if (fenced) continue;
    while (QUOTE.test(line)) line = line.replace(QUOTE, '');
    if (RULE.test(line) || ATX_EMPTY.test(line)) {
      lines[i] = cr;
      continue;
    }
    const h = ATX.exec(line);
    if (h) line = h[2];
    else line = line.replace(BULLET, '$1• ');
    lines[i] = inline(line) + cr;
  }
  return lines.join('\n');
}

/** Whether a plain-text file is written in Markdown (see the module comment). */
export function looksLikeMarkdown(text: string): boolean {
  let headings = 0;
  let strong = 0;
  for (const line of text.split('\n', 5000)) {
    if (ATX.test(line) && /^ {0,3}#{1,6}[ \t]+\S/.test(line)) headings++;
    else if (/\*\*(?=\S)[^*\n]*?\S\*\*/.test(line)) strong++;
    if (headings >= 2 || strong >= 3) return true;
  }
  return false;
}

const MARKDOWN_EXT = /\.(?:md|markdown)$/i;

/**
 * The text of a plain-text input as xuncha reads it: without Markdown markup for a .md file, or a
 * .txt file that is Markdown (with an I_MARKDOWN note); otherwise unchanged.
 */
export function withMarkdownRemoved(file: string, text: string, diagnostics: Diagnostic[] | undefined): { text: string; diagnostics: Diagnostic[] | undefined } {
  const isMd = MARKDOWN_EXT.test(file);
  if (!isMd && !looksLikeMarkdown(text)) return { text, diagnostics };
  const stripped = stripMarkdown(text);
  if (isMd || stripped === text) return { text: stripped, diagnostics };
  const note = diag(file, 'I_MARKDOWN', 'Markdown text: its markup (# headings, **bold**, > quotes, links, list bullets) was removed before reading', {
    severity: 'info',
    note: 'offsets and line numbers refer to the text without the markup (the document text in documents.jsonl)',
  });
  return { text: stripped, diagnostics: [...(diagnostics ?? []), note] };
}
