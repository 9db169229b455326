/** Dates in the formats reports use: 2021年3月2日, 2021-08-27, 2021.8.27, 二〇二一年八月二十七日. */
import { chineseDigitsToInt, chineseToInt } from './numerals.js';

export function iso(y: number, m: number, d: number): string | null {
  if (!(y >= 1949 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface DateHit { iso: string; start: number; end: number }

const CN_D = '[〇零○一二三四五六七八九十]';
// Each alternative is a fixed shape with bounded repetitions (no nested quantifiers).
const DATE_RE = new RegExp(
  `(\\d{4}) ?年 ?(\\d{1,2}) ?月 ?(\\d{1,2}) ?日` +
    `|(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?!\\d)` +
    `|(${CN_D}{4})年(${CN_D}{1,2})月(${CN_D}{1,3})日`,
  'g',
);

/** Every date in text[from, to). */
export function findDates(text: string, from = 0, to = text.length): DateHit[] {
  const region = text.slice(from, to);
  const out: DateHit[] = [];
  DATE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_RE.exec(region))) {
    let v: string | null = null;
    if (m[1]) v = iso(+m[1], +m[2], +m[3]);
    else if (m[4]) v = iso(+m[4], +m[5], +m[6]);
    else if (m[7]) v = iso(chineseDigitsToInt(m[7]) ?? 0, chineseToInt(m[8]) ?? 0, chineseToInt(m[9]) ?? 0);
    if (v) out.push({ iso: v, start: from + m.index, end: from + m.index + m[0].length });
  }
  return out;
}

// "2021年1月4日至2月5日", "2021年3月2日至2021年4月15日", "2022年10月10日—12月9日".
const PERIOD_RE = /(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日 ?(?:起)? ?(?:至|到|—|－|-|~|～){1,2} ?(?:(\d{4}) ?年 ?)?(?:(\d{1,2}) ?月 ?)?(\d{1,2}) ?日/;

export interface Period { start: string; end: string; from: number; to: number }

export function findPeriod(text: string, from: number, to: number): Period | null {
  const region = text.slice(from, to);
  const m = PERIOD_RE.exec(region);
  if (!m) return null;
  const y1 = +m[1];
  const m1 = +m[2];
  const y2 = m[4] ? +m[4] : y1;
  const m2 = m[5] ? +m[5] : m1;
  const s = iso(y1, m1, +m[3]);
  let e = iso(y2, m2, +m[6]);
  // "2021年12月1日至1月15日": the end falls in the next year.
  if (s && e && e < s && !m[4]) e = iso(y1 + 1, m2, +m[6]);
  if (!s || !e || e < s) return null;
  return { start: s, end: e, from: from + m.index, to: from + m.index + m[0].length };
}
