/**
 * Plain text that was hard-wrapped: copied out of a PDF, saved by `pdftotext`, exported by an OCR
 * tool or a mail client. Such a file breaks every paragraph into lines of about the same width, so
 * a numbered problem's title, a date or the inspection team's name (县委第一巡 | 察组) can be cut in
 * two, and page numbers (— 3 —) stand between the lines of a paragraph.
 *
 * `reflowHardWraps` recognises the shape and joins the lines back into paragraphs, the way
 * `linesToText` does for a PDF's text layer, but from the text alone:
 *
 * - **Recognised** when most lines are about as wide as the widest common width W (display width:
 *   a CJK or full-width character counts 2), hardly any line is wider than W, and most of the full
 *   lines end in the middle of a sentence. Text written one paragraph a line (lines of every width,
 *   many far longer than any common width) is left exactly as it is.
 * - **Joined**: a line that reaches W (give or take two characters, or a tenth of W) is continued by the
 *   next one, unless that one is empty, indented, opens a numbered item, a section or a labelled
 *   paragraph (一、 （一） 1. (1) ① 整改情况：, see `opensItem` in lines.ts, which a PDF's lines share),
 *   starts a list bullet or a Markdown table row. The first line, the title, is continued only by the
 *   rest of the title (…情况 | 的反馈意见).
 * - **Dropped**: lines that are only a page number (PAGE_NUMBER), with the empty lines and form
 *   feeds around them, so a paragraph continued on the next page is joined across the break.
 */
import { diag, type Diagnostic } from '../diagnostics/message.js';
import { CJK, LABEL, opensItem, PAGE_NUMBER, SECTION_START, SENTENCE_END } from './lines.js';

const WIDE = new RegExp(`[${CJK}]`, 'u');

/** Display width: a CJK or full-width character counts 2, anything else 1. */
export function displayWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x2e80) w += 1;
    else if (c >= 0xd800 && c <= 0xdfff) w += 1; // half of an astral character (CJK extension B…): 2 in all
    else w += WIDE.test(s[i]) ? 2 : 1;
  }
  return w;
}

/** Characters counted one each, ×2 to compare with display widths (a tool that wrapped at N characters whatever their width). */
const charWidth = (s: string): number => 2 * s.length;

type Measure = (s: string) => number;

/** Opens a line that is not the continuation of the line before it. */
const LINE_START = /^(?:[-*+]\s|[•·●○■□◆◇★☆▪►|]|#+\s|```)/u;
const INDENT = /^(?:[ \t]{2,}|\u3000)/u;

/** The smallest number of lines, and share of lines, that must be "full" for a text to count as wrapped. */
const MIN_FULL_LINES = 5;
const MIN_FULL_SHARE = 0.3;
/** Characters a line on average above which a text is not searched for a wrap width. */
const MAX_AVERAGE_LINE = 120;
/** The narrowest wrap width recognised (display width: 15 Chinese characters). */
const MIN_WIDTH = 30;

export interface Reflowed {
  text: string;
  /** The wrap width found (display width). */
  width: number;
  /** How many line breaks were removed, and page-number lines dropped. */
  joined: number;
  pageNumbers: number;
}

const slackOf = (w: number) => Math.max(4, Math.round(w / 10));

/**
 * The wrap width of a hard-wrapped text, or null when it does not look hard-wrapped (see the top
 * of this file).
 */
export function wrapWidth(lines: readonly string[], measure: Measure = displayWidth): { width: number; full: number } | null {
  const widths = lines.map((l) => measure(l.trimEnd())).filter((w, i) => w > 0 && !PAGE_NUMBER.test(lines[i].trim()));
  if (widths.length < MIN_FULL_LINES * 2) return null;
  // The width W with the most lines in [W - slack, W]; on a tie the wider.
  const counts = new Map<number, number>();
  for (const w of widths) if (w >= MIN_WIDTH) counts.set(w, (counts.get(w) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const w of counts.keys()) {
    const lo = w - slackOf(w);
    let n = 0;
    for (const [x, c] of counts) if (x >= lo && x <= w) n += c;
    if (n > bestCount || (n === bestCount && w > best)) {
      best = w;
      bestCount = n;
    }
  }
  if (!best || bestCount < MIN_FULL_LINES || bestCount < MIN_FULL_SHARE * widths.length) return null;
  // A hard-wrapped text has (almost) no line wider than its wrap width.
  const wider = widths.filter((w) => w > best + 2).length;
  if (wider > Math.max(1, 0.03 * widths.length)) return null;
  // …and most of its full lines stop in the middle of a sentence.
  const full = lines.map((l) => l.trimEnd()).filter((l) => measure(l) >= best - slackOf(best) && measure(l) <= best + 2);
  const midSentence = full.filter((l) => !SENTENCE_END.test(l)).length;
  if (midSentence < 0.5 * full.length) return null;
  // …and the lines after its full lines go on with the sentence: a list of items of about the same
  // width, each on its own line (1.… 2.… 一是…), is not wrapped.
  let after = 0;
  let items = 0;
  for (let i = 1; i < lines.length; i++) {
    const w = measure(lines[i - 1].trimEnd());
    const t = lines[i].trim();
    if (!t || w < best - slackOf(best) || w > best + 2) continue;
    after++;
    if (SECTION_START.test(t) || LABEL.test(t) || /^[一二三四五六七八九十]+是/u.test(t)) items++;
  }
  if (items > 0.5 * after) return null;
  return { width: best, full: full.length };
}

/** The text with its hard wraps undone, or null when it is not hard-wrapped. */
export function reflowHardWraps(text: string): Reflowed | null {
  // A form feed (a page break, as pdftotext writes it) only separates two lines.
  const lines = text.replace(/(?:\r?\n)?\f(?:\r?\n)?/g, '\n').split(/\r?\n|\r/);
  // Written one paragraph a line (the usual case): lines far longer on average than any wrap width.
  const nonEmpty = lines.reduce((n, l) => (l.trim() ? n + 1 : n), 0);
  if (!nonEmpty || text.length / nonEmpty > MAX_AVERAGE_LINE) return null;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // Wrapped by display width (a PDF, a word processor) or by a count of characters (some tools).
  const byWidth = wrapWidth(lines, displayWidth);
  const byChars = wrapWidth(lines, charWidth);
  const measure = byChars && (!byWidth || byChars.full > byWidth.full) ? charWidth : displayWidth;
  const found = measure === charWidth ? byChars : byWidth;
  if (!found) return null;
  const { width } = found;
  const minFull = width - slackOf(width);
  const out: string[] = [];
  /** For each line in `out`: whether it may be continued (its last physical line was full). */
  const full: boolean[] = [];
  let joined = 0;
  let pageNumbers = 0;
  /** The index in `out` of the title (the first non-empty line) while it may still take its tail; -1 before it, -2 after. */
  let titleAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const t = raw.trim();
    if (t && PAGE_NUMBER.test(t) && (!/^\d+$/.test(t) || !lines[i - 1]?.trim() || !lines[i + 1]?.trim())) {
      pageNumbers++;
      // Drop the empty lines around it too: the paragraph may go on after the page break.
      while (out.length && !out[out.length - 1].trim()) {
        out.pop();
        full.pop();
      }
      while (i + 1 < lines.length && !lines[i + 1].trim()) i++;
      continue;
    }
    const line = raw.trimEnd();
    const last = out.length ? out[out.length - 1] : '';
    // The first line (the title) is continued only by the rest of the title (…情况 | 的反馈意见), a
    // short line without punctuation, never by the first paragraph.
    const titleEnd = out.length - 1 !== titleAt || (measure(line) < minFull && !/[，。；：,;:、！？]/u.test(t));
    const continues = out.length > 0 && titleEnd && full[full.length - 1] && t !== '' && !INDENT.test(raw) && !LINE_START.test(t) && !opensItem(last, t);
    if (continues) {
      // No space between two lines of Chinese; one between two Latin words.
      const sep = /[A-Za-z]$/.test(last) && /^[A-Za-z]/.test(t) ? ' ' : '';
      out[out.length - 1] = last + sep + t;
      joined++;
    } else {
      out.push(line);
      full.push(false);
      if (titleAt === -1 && t) titleAt = out.length - 1;
    }
    full[full.length - 1] = t !== '' && measure(line) >= minFull;
    if (continues && out.length - 1 === titleAt) titleAt = -2;
  }
  return { text: out.join(eol), width, joined, pageNumbers };
}

/**
 * `text` with its hard wraps undone when it has them, and an I_REFLOWED note then (for the formats
 * whose text can come hard-wrapped: plain text, and web pages that keep a PDF's lines with <br>).
 */
export function withHardWrapsUndone(file: string, text: string, diagnostics: Diagnostic[] | undefined): { text: string; diagnostics: Diagnostic[] | undefined } {
  const r = reflowHardWraps(text);
  if (!r) return { text, diagnostics };
  const pages = r.pageNumbers ? ` and dropped ${r.pageNumbers} page-number line${r.pageNumbers === 1 ? '' : 's'}` : '';
  const note = diag(file, 'I_REFLOWED', `hard-wrapped text (lines of about ${Math.round(r.width / 2)} Chinese characters): joined ${r.joined} line breaks into paragraphs${pages}`, {
    severity: 'info',
    note: 'offsets and line numbers refer to the joined text (the document text in documents.jsonl)',
  });
  return { text: r.text, diagnostics: [...(diagnostics ?? []), note] };
}
