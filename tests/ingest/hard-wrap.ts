/**
 * Hard-wrap a text the way a PDF's text comes out when saved as .txt: every paragraph broken into
 * lines of at most `width` display columns (a Chinese character is 2), punctuation that may not
 * begin a line kept at the end of the line before (as typesetters do), and a page break every 38
 * lines: a page number between blank lines, or a form feed when first lines are indented.
 */
import { displayWidth } from '../../src/ingest/reflow.js';

const NO_LINE_START = new Set([...'，。、；：！？）》”’,.;:!?)']);

export function hardWrap(text: string, opts: { width: number; indent: boolean }): string {
  const out: string[] = [];
  let page = 1;
  let textLines = 0;
  const push = (line: string) => {
    out.push(line);
    if (++textLines % 38 === 0) {
      if (opts.indent) out.push('\f');
      else out.push('', `- ${page} -`, '');
      page++;
    }
  };
  for (const para of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    let line = opts.indent ? '\u3000\u3000' : '';
    for (const ch of para) {
      if (displayWidth(line + ch) > opts.width && line.trim()) {
        if (NO_LINE_START.has(ch)) {
          push(line + ch);
          line = '';
          continue;
        }
        push(line);
        line = '';
      }
      line += ch;
    }
    if (line) push(line);
  }
  return out.join('\n').replace(/\n\f\n/g, '\n\f');
}
