/**
 * Text whose line breaks were lost: a web page scraped with its paragraphs run together, a report
 * stored as one database field or spreadsheet cell. Nothing in such a text starts a line, so no
 * section, numbered problem or 整改情况： label can be found.
 *
 * `restoreLineBreaks` recognises the shape and puts a line break back where a paragraph must have
 * begun (docs/ingest.md, "Text without line breaks", lists every place):
 *
 * - **Recognised** when the text has at least MIN_TEXT characters and one line holds at least
 *   FLAT_SHARE of them (no report written one paragraph a line comes close: the highest share among
 *   the test fixtures is 0.67, a news item's one long paragraph).
 * - **Broken** in every line of at least MIN_LINE characters: at the indents a scraper keeps (runs
 *   of full-width spaces); before an item marker that continues a sequence of its kind (一、 （一）
 *   1. （1） ① …; a number inside a sentence, 3.2亿元 or 统一、, is not one); before a label
 *   (整改情况： 问题3： 【); after a sentence end, before a news item's paragraph openers (巡察指出
 *   巡察组要求 …) and status lines (已整改。 √); inside a heading run on to its text; after the title
 *   and after a web page's breadcrumb.
 *
 * A paragraph that began with none of these stays joined to the one before it (a problem's detail
 * paragraph to its problem: which is where the structure stage would put it anyway).
 */
import { diag, type Diagnostic } from '../diagnostics/message.js';
import { numeralValue } from '../structure/numerals.js';
import { NUMERAL_WORD_CHARS } from './lines.js';

/** Shortest text, and shortest line, considered. */
const MIN_TEXT = 300;
const MIN_LINE = 200;
/** Share of the text's characters that one line must hold. */
const FLAT_SHARE = 0.8;

const CN = '一二三四五六七八九十';

/**
 * Item markers, each with its kind: 0 一、 1 （一） 2 1. 1、 3 （1） 4 1） 5 ① 6 第一， (after a
 * sentence end or a heading only) 7 一是 (after a heading only).
 */
const MARKER = new RegExp(
  `([${CN}]{1,3})[、．]|[（(]([${CN}]{1,3})[）)]|(\\d{1,2})[.．、](?![\\d%％.．])|[（(](\\d{1,2})[）)]|(\\d{1,2})[)）](?!\\d)|([\\u2460-\\u2473])|第([${CN}]{1,3})[，,、]|([${CN}]{1,3})是(?![否的])`,
  'gu',
);
const CIRCLED = 5;
const ORDINAL = 6;
const SHI = 7;
/** A character that may not stand right before a marker: a digit, a Latin letter, a dot, an enumeration comma, a numeral. */
const NOT_BEFORE = new RegExp(`[0-9A-Za-z.．、${CN}百千万第]`, 'u');
/** Characters that form a word with a following 一 (统一、 单一、 唯一、 同一、 …). */
const NUMERAL_WORD_END = new RegExp(`[${NUMERAL_WORD_CHARS}]`, 'u');

const LABEL =
  /(?:问题[一二三四五六七八九十\d]{1,3}|问题(?:描述|表现)|(?:存在|反馈)问题|(?<=^|[。！？；;])问题|整改(?:情况|措施|进展|进度|成效|结果|目标|时限|责任人|要求)|完成(?:情况|时限|时间)|责任(?:单位|领导|部门|人))[：:]|【/gu;

const SENTENCE_END = /[。！？；!?;]/u;
/** Words that open a paragraph after a sentence end: a news item's next paragraph, a status line, a rectification answer. */
const PARAGRAPH_OPENER = new RegExp(
  '(?<=[。！？!?])(?:巡[察视](?:组|组组长)?(?:同时|还|也|进一步)?(?:要求|强调|指出|发现|建议)|反馈(?:指出|要求)|会议(?:要求|强调|指出)|会上|下一步|针对|目前[，,]|' +
    '(?:已整改|已完成(?:整改)?|整改中|正在整改|长期坚持|持续(?:推进|整改)|基本完成|已办结)[。；;，,]|[√✓✔○△☑□■●]|[^，。]{2,12}(?:表示|强调)[，,：:])' +
    // A web page's date and source lines, and 根据县委统一部署, run on to the line before them.
    '|(?<=[^，,、：:；;（(“"])(?:发布时间|来源|作者|责任编辑|浏览次数)[：:]|(?<=[\\d日])(?:近日|日前)[，,]' +
    '|(?<=[^，,、：:；;（(“"])(?:根据|按照)(?=(?:中共)?[^，。]{0,12}(?:[省市县区]委|党中央|党组|党委)[^，。]{0,12}(?:统一|工作)?(?:部署|安排))',
  'gu',
);
/** The names of a report's usual sections, which run on to their first paragraph when the break is lost. */
const SECTION_NAME = /^(?:总体评价|基本评价|基本情况|意见建议|巡察建议|整改要求|有关要求|下一步工作)/u;

const TITLE_WORD = /(?:反馈意见|意见|通报|报告|情况|公告|公示)(?=根据|按照|近日|日前|本网讯|为了|经|现将|[（(]|\d|发布|来源|中共|[省市县区]委|(?![的之])[^，。：:]{2,20}[：:])/u;
const BREADCRUMB = /^(?:当前位置[：:])?\s*(?:首页|网站首页)\s*[>＞»]/u;
/** Where a title begins after a breadcrumb's last step. */
const TITLE_START = /中共|[省市县区]委第[一二三四五六七八九十]+巡[察视]组|[省市县区]委巡[察视]/u;

const SPACE_RUN = /[ \t\u00a0\u3000]+/gu;
/** A single ASCII space between two words is kept unless it follows a sentence end or precedes a marker or a label. */
const OPENS_SOMETHING = new RegExp(`^(?:${MARKER.source}|${LABEL.source})`, 'u');
/** A piece of text with no punctuation that could end a sentence or a clause: a heading run on to what follows it. */
const CLAUSE_PUNCT = /[，。；：！？,;:!?]/u;
const MAX_HEADING = 60;

export interface Unflattened {
  text: string;
  /** How many line breaks were put back. */
  breaks: number;
}

type Hit = { at: number; end: number; kind: number; n: number };

function markerHits(line: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of line.matchAll(MARKER)) {
    const at = m.index!;
    const before = at > 0 ? line[at - 1] : '';
    if (before && NOT_BEFORE.test(before)) continue;
    const kind = m.slice(1).findIndex((g) => g !== undefined);
    if ((kind === 0 || kind === SHI) && before && NUMERAL_WORD_END.test(before)) continue;
    const g = m[kind + 1];
    const n = kind === CIRCLED ? g.charCodeAt(0) - 0x245f : (numeralValue(g) ?? 0);
    if (n < 1) continue;
    hits.push({ at, end: at + m[0].length, kind, n });
  }
  return hits;
}

/** Positions in `line` where a marker continues a sequence of its kind (not 一是: see breaksIn). */
function markerBreaks(line: string, hits: readonly Hit[]): number[] {
  const out: number[] = [];
  const last = [0, 0, 0, 0, 0, 0, 0, 0];
  hits.forEach((h, i) => {
    // 一是关于……的问题。 / 一是针对……: a rectification report's problem lines (other 一是 clauses: see breaksIn).
    if (h.kind === SHI && !(h.at > 0 && /[。！？]/u.test(line[h.at - 1]) && /^(?:关于|针对)/u.test(line.slice(h.end, h.end + 2)))) return;
    if (h.kind === ORDINAL && !(h.at > 0 && /[^，,、：:；;（(“"]/u.test(line[h.at - 1]))) return;
    const starts = h.n === 1 && hits.some((o, j) => j > i && o.kind === h.kind && o.n === 2);
    if (starts || (h.n > 1 && last[h.kind] === h.n - 1)) {
      last[h.kind] = h.n;
      out.push(h.at);
    }
  });
  return out;
}

/** Break positions (start of a new line) and spans to drop (whitespace runs) in one long line. */
function breaksIn(line: string, first: boolean): { at: number; skip: number }[] {
  const cuts = new Map<number, number>();
  const add = (at: number, skip = 0) => {
    if (at > 0 && at < line.length) cuts.set(at, Math.max(cuts.get(at) ?? 0, skip));
  };
  for (const m of line.matchAll(SPACE_RUN)) {
    const at = m.index!;
    const run = m[0];
    const before = at > 0 ? line[at - 1] : '';
    const after = line.slice(at + run.length);
    if (/[\u3000\u00a0]/u.test(run) || run.length >= 2 || SENTENCE_END.test(before) || OPENS_SOMETHING.test(after)) add(at, run.length);
  }
  const hits = markerHits(line);
  for (const at of markerBreaks(line, hits)) add(at);
  for (const m of line.matchAll(LABEL)) add(m.index!);
  for (const m of line.matchAll(PARAGRAPH_OPENER)) add(m.index!);
  if (first) {
    // A web page's breadcrumb (首页 > 巡察工作 > 整改公开) run on to the title.
    if (BREADCRUMB.test(line)) {
      const after = Math.max(line.lastIndexOf('>', 120), line.lastIndexOf('＞', 120), line.lastIndexOf('»', 120)) + 1;
      const t = TITLE_START.exec(line.slice(after, 200));
      if (t && line.slice(after, after + t.index).trim()) add(after + t.index);
    }
    const head = line.slice(0, 90);
    const t = TITLE_WORD.exec(head);
    if (t && /巡[察视]|整改/u.test(head.slice(0, t.index + t[0].length))) add(t.index + t[0].length);
  }
  // A heading run on to its first paragraph: a piece that opens with a marker and has no
  // punctuation before the next marker, or before the end of a section's name.
  const starts = [...cuts.keys()].sort((a, b) => a - b);
  for (const at of starts) {
    const opener = hits.find((h) => h.at === at + (cuts.get(at) ?? 0) && h.kind !== SHI);
    if (!opener) continue;
    const rest = line.slice(opener.end, opener.end + MAX_HEADING);
    const stop = rest.search(CLAUSE_PUNCT);
    const head = stop === -1 ? rest : rest.slice(0, stop);
    const inner = hits.find((h) => h.at > opener.end && h.at < opener.end + head.length);
    if (inner) {
      add(inner.at);
      // A heading over 一是… paragraphs: its 二是, 三是 … after a sentence end open paragraphs too.
      if (inner.kind === SHI) {
        let n = inner.n;
        for (const h of hits) if (h.kind === SHI && h.at > inner.at && h.n === n + 1 && /[。！？]/u.test(line[h.at - 1])) { add(h.at); n++; }
      }
      continue;
    }
    const name = SECTION_NAME.exec(head);
    const aspect = /方面(?![的和及与])/u.exec(head);
    if (name && name[0].length < head.length) add(opener.end + name[0].length);
    else if (aspect && aspect.index + 2 < head.length) add(opener.end + aspect.index + 2);
  }
  return [...cuts.entries()].sort((a, b) => a[0] - b[0]).map(([at, skip]) => ({ at, skip }));
}

/** The text with its paragraphs' line breaks put back, or null when it does not look flattened (see the top of this file). */
export function restoreLineBreaks(text: string): Unflattened | null {
  if (text.length < MIN_TEXT) return null;
  const lines = text.split(/\r?\n/u);
  let total = 0;
  let longest = 0;
  for (const l of lines) {
    const n = l.trim().length;
    total += n;
    longest = Math.max(longest, n);
  }
  if (total < MIN_TEXT || longest < MIN_LINE || longest < FLAT_SHARE * total) return null;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let breaks = 0;
  let seenText = false;
  const out: string[] = [];
  for (const line of lines) {
    const first = !seenText;
    if (line.trim()) seenText = true;
    if (line.trim().length < MIN_LINE) {
      out.push(line);
      continue;
    }
    let from = 0;
    for (const { at, skip } of breaksIn(line, first)) {
      if (at < from) continue;
      const piece = line.slice(from, at).trim();
      if (piece) {
        out.push(piece);
        breaks++;
      }
      from = at + skip;
    }
    out.push(line.slice(from).trim());
  }
  if (!breaks) return null;
  return { text: out.join(eol), breaks };
}

/** `text` with its line breaks put back when it has lost them, and an I_UNFLATTENED note then (plain text and web pages). */
export function withLineBreaksRestored(file: string, text: string, diagnostics: Diagnostic[] | undefined): { text: string; diagnostics: Diagnostic[] | undefined } {
  const r = restoreLineBreaks(text);
  if (!r) return { text, diagnostics };
  const note = diag(file, 'I_UNFLATTENED', `text without line breaks: put back ${r.breaks} line break${r.breaks === 1 ? '' : 's'} before numbered items, labels and paragraph openings`, {
    severity: 'info',
    note: 'offsets and line numbers refer to the text with its line breaks (the document text in documents.jsonl)',
  });
  return { text: r.text, diagnostics: [...(diagnostics ?? []), note] };
}
