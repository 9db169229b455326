/**
 * Numbering markers at the start of a line. Each style has a rank (outermost = smallest); a
 * document may skip ranks (e.g. no 一、 level), so ranks only order styles, they are not depths.
 *
 *   第一部分             rank 0.5 label "第一部分" (the parts of a provincial 巡视 feedback)
 *   一、 一. 一．        rank 1   label "一"
 *   （一） (一) 一）     rank 2   label "(一)"
 *   问题1： 问题一：问题：【问题】 rank 2.5 label "1" (problem lists in rectification reports;
 *   第1项： 第一条： 第3个问题： too, and 问题1 alone on its line)
 *   1. 1、 1．  1-1        rank 3   label "1" ("1-1": area-item numbers)
 *   （1） (1) 1）        rank 4   label "(1)"
 *   ① … ⑳              rank 5   label "①"
 *   一是 二是 …          rank 6   label "一是" (only at a line start here; inline ones are prose)
 */
import { numeralValue } from './numerals.js';

export type MarkerStyle = 'part' | 'cn' | 'paren-cn' | 'problem' | 'arabic' | 'paren-arabic' | 'circled' | 'shi';

export interface Marker {
  style: MarkerStyle;
  rank: number;
  /** Label with half-width brackets: "一", "(一)", "1", "(1)", "①", "一是". */
  label: string;
  /** Numeric value (1-based) when known. */
  value: number | null;
  /** Where the content after the marker (and any spaces) starts. */
  contentStart: number;
}

const CN = '[一二三四五六七八九十]{1,3}';
// All patterns are anchored and bounded: they only ever look at the first few characters.
const R_CN = new RegExp(`^(${CN})[、.．]`);
const R_PART = new RegExp(`^第(${CN})部分[：:、.．]?`);
// （一） (一), and 一） with its closing bracket only.
const R_PAREN_CN = new RegExp(`^(?:[（(] ?(${CN}) ?[）)]|(${CN})[）)])`);
// A problem list's markers, the number (if any) in the one group that matched:
//   问题1： 问题一： 问题： 问题描述：; the bracketed label 【问题】 (【存在问题】, 【问题描述】, 【问题2】);
//   问题1 alone on its line, the problem's text on the next (a run-in heading saved from Word);
//   第1项： 第一条、 第3个问题： (a colon or 、 must follow, so that a quoted article, 第一条 为了……, is none).
const NUM = `(${CN}|\\d{1,3})`;
const R_PROBLEM = new RegExp(
  [
    `^(?:存在|反馈|具体)?问题(?:描述)? ?${NUM}? ?[：:.．、]`,
    `^【(?:存在|反馈|具体|主要)?问题(?:描述|表现)? ?${NUM}?】[：:]?`,
    `^(?:反馈)?问题 ?${NUM}[ \\t　]*$`,
    `^第${NUM}(?:项|条|个问题) ?[：:、.．]`,
  ].join('|'),
);
const R_ARABIC = /^(\d{1,3})[.．、](?!\d)/;
// 1-1 2-3: area-item numbers (not a range of months or days, 1-6月).
const R_AREA_ITEM = /^(\d{1,2})[-－–—](\d{1,2})(?![\d月日年号个次项名家元万%．.])/;
const R_PAREN_ARABIC = /^(?:[（(] ?(\d{1,3}) ?[）)]|(\d{1,3})[）)])/;
const R_CIRCLED = /^([\u2460-\u2473])/;
// (Punctuation typed after it, 五是：…… / 九是，……, belongs to the marker.)
const R_SHI = new RegExp(`^(${CN})是(?![否的])[：:，,、]?`);

export const STYLE_RANK: Record<MarkerStyle, number> = {
  part: 0.5, cn: 1, 'paren-cn': 2, problem: 2.5, arabic: 3, 'paren-arabic': 4, circled: 5, shi: 6,
};

/** The marker at text[lineStart…], or null. Looks at no more than 16 characters. */
export function detectMarker(text: string, lineStart: number, lineEnd: number): Marker | null {
  const head = text.slice(lineStart, Math.min(lineEnd, lineStart + 16));
  let m: RegExpExecArray | null;
  const make = (style: MarkerStyle, label: string, value: number | null, len: number): Marker => {
    let c = lineStart + len;
    while (c < lineEnd && (text[c] === ' ' || text[c] === '\t')) c++;
    return { style, rank: STYLE_RANK[style], label, value, contentStart: c };
  };
  if ((m = R_PART.exec(head))) return make('part', `第${m[1]}部分`, numeralValue(m[1]), m[0].length);
  if ((m = R_PAREN_CN.exec(head))) {
    const d = m[1] ?? m[2];
    return make('paren-cn', `(${d})`, numeralValue(d), m[0].length);
  }
  if ((m = R_PAREN_ARABIC.exec(head))) {
    const d = m[1] ?? m[2];
    return make('paren-arabic', `(${d})`, Number(d), m[0].length);
  }
  if ((m = R_CN.exec(head))) return make('cn', m[1], numeralValue(m[1]), m[0].length);
  if ((m = R_ARABIC.exec(head))) return make('arabic', m[1], Number(m[1]), m[0].length);
  if ((m = R_AREA_ITEM.exec(head))) return make('arabic', `${m[1]}-${m[2]}`, Number(m[2]), m[0].length);
  if ((m = R_CIRCLED.exec(head))) {
    const v = m[1].charCodeAt(0) - 0x2460 + 1;
    return make('circled', m[1], v, m[0].length);
  }
  if ((m = R_PROBLEM.exec(head))) {
    const d = m.slice(1).find((g) => g !== undefined);
    const v = d ? numeralValue(d) : null;
    return make('problem', d ? String(v ?? d) : '', v, m[0].length);
  }
  if ((m = R_SHI.exec(head))) return make('shi', `${m[1]}是`, numeralValue(m[1]), m[0].length);
  return null;
}
