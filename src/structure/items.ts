/**
 * An item is a finding or recommendation in normalized offsets; `toDrafts` turns items into
 * FindingDrafts (original-text spans, unique numbers).
 */
import type { NormalizedText } from '../normalize/index.js';
import { toOriginal } from '../normalize/index.js';
import type { Progress } from '../model/records.js';
import type { FindingDraft } from './types.js';
import { trimRange, trimTrailing } from './lines.js';

export interface Item {
  record_kind: 'finding' | 'recommendation';
  /** number_path: labels from the outermost section down, this item's own label last. */
  labels: string[];
  heading_path: string[];
  text: [number, number];
  title: [number, number];
  measures: [number, number] | null;
  progress: Progress | null;
  progress_text: string | null;
  /** Taken from a numbered line of the outline (1. （一） 问题1：…), not from prose, paragraphs or a table. */
  numbered?: boolean;
}

const TITLE_MAX = 200;
const SHOWN_AS = /[，,]?(?:具体|主要)(?:表现为|表现在|体现为|体现在)[：:]?/;
const TITLE_COLON = /：/;
// Words that announce what follows the colon rather than state a problem.
const LEAD_IN = /(?:表现在|表现为|体现在|如下|以下|主要有|包括|例如|比如|如|是|为|有|即)$/;

/**
 * The title of a finding whose text starts at s: the first sentence (up to 。！？； or the end of
 * the line), without its closing punctuation.
 */
export function titleRange(text: string, s: number, e: number): [number, number] {
  [s, e] = trimRange(text, s, e);
  const lim = Math.min(e, s + TITLE_MAX);
  let t = s;
  while (t < lim && !'。！？；\n'.includes(text[t])) t++;
  // "意识形态工作责任制落实不到位，具体表现为：（1）……": the details start at 具体表现为.
  const shown = SHOWN_AS.exec(text.slice(s, t));
  if (shown && shown.index >= 4) t = s + shown.index;
  // "理论学习不够深入：党组理论学习中心组……": a short statement before a colon is the title.
  const colon = TITLE_COLON.exec(text.slice(s, Math.min(t, s + 41)));
  if (colon && colon.index >= 4 && !LEAD_IN.test(text.slice(s, s + colon.index))) t = s + colon.index;
  const [ts, te] = trimTrailing(text, s, t, '：:，,、；;。.');
  return te > ts ? [ts, te] : [s, Math.min(e, s + 40)];
}

/**
 * The heading line as it appears in heading_path: up to its first sentence end or colon
 * ("4.纪律建设方面：一是……" → "4.纪律建设方面"), at most 100 chars.
 */
export function headingText(text: string, lineStart: number, lineEnd: number): string {
  const lim = Math.min(lineEnd, lineStart + 100);
  let t = lineStart;
  while (t < lim && !'。！？；：:'.includes(text[t])) t++;
  return text.slice(lineStart, t).trim();
}

function span(n: NormalizedText, r: [number, number]): [number, number] {
  return toOriginal(n, r[0], r[1]);
}

/**
 * Numbers: the shortest suffix of number_path (same depth for every item of a kind) that tells
 * the items apart — "3" when numbering runs on across sections, "(三)2" when it restarts.
 * Labels still repeated after that get "#2", "#3"….
 */
function assignNumbers(items: Item[]): string[] {
  const maxLen = items.reduce((m, it) => Math.max(m, it.labels.length), 0);
  let chosen = maxLen;
  for (let k = 1; k <= maxLen; k++) {
    const seen = new Set<string>();
    let unique = true;
    for (const it of items) {
      const key = it.labels.slice(-k).join('');
      if (seen.has(key)) { unique = false; break; }
      seen.add(key);
    }
    if (unique) { chosen = k; break; }
  }
  const count = new Map<string, number>();
  return items.map((it) => {
    const base = it.labels.slice(-Math.max(chosen, 1)).join('') || '?';
    const c = (count.get(base) ?? 0) + 1;
    count.set(base, c);
    return c === 1 ? base : `${base}#${c}`;
  });
}

export function toDrafts(n: NormalizedText, items: Item[]): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const kind of ['finding', 'recommendation'] as const) {
    const group = items.filter((it) => it.record_kind === kind);
    const numbers = assignNumbers(group);
    group.forEach((it, i) => {
      const textSpan = span(n, it.text);
      let titleSpan = span(n, it.title);
      if (titleSpan[0] < textSpan[0] || titleSpan[1] > textSpan[1]) titleSpan = textSpan;
      out.push({
        record_kind: kind,
        number: numbers[i],
        number_path: it.labels,
        heading_path: it.heading_path,
        title: n.text.slice(it.title[0], it.title[1]),
        text: n.text.slice(it.text[0], it.text[1]),
        span: textSpan,
        title_span: titleSpan,
        measures: it.measures ? n.text.slice(it.measures[0], it.measures[1]) : null,
        measures_span: it.measures ? span(n, it.measures) : null,
        progress: it.progress,
        progress_text: it.progress_text,
      });
    });
  }
  return out;
}
