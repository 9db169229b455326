/** Rectification: split a problem's range into statement, measures and progress. */
import { titleRange, type Item } from './items.js';
import { lineIndexAt, trimRange, trimTrailing } from './lines.js';
import { findLabel, MEASURES_LABEL, PROGRESS_LABEL } from './rectification.js';
import { bracketStatus, classifyProgress, inlineProgress } from './progress.js';
import type { Ctx } from './context.js';

// Paragraphs that close a rectification report rather than answer a problem (and a heading over the
// handling of the leads the team handed over: 关于巡视移交问题线索办理情况).
const RECT_CLOSING = /^(?:[^，。；]{0,12}问题线索[^，。；]{0,10}$|(?:针对|对|关于)[^，。；]{0,10}?(?:移交|转办|交办)的?(?:问题线索|信访)|欢迎|联系方式|联系电话|如有意见|如对|电话[：:]|邮箱|电子邮箱|通信地址|邮政地址|下一步|今后[，,]|中共[^，。]{0,30}(?:党组|党委)$|\d{4}年\d{1,2}月\d{1,2}日$)/;

function rectClosingCut(c: Ctx, from: number, end: number): number {
  for (let i = lineIndexAt(c.lines, from) + 1; i < c.lines.length && c.lines[i].start < end; i++) {
    const [s, e] = trimRange(c.text, c.lines[i].start, Math.min(c.lines[i].end, end));
    if (s < e && RECT_CLOSING.test(c.text.slice(s, Math.min(e, s + 40)))) return c.lines[i].start;
  }
  return end;
}

/** Split an item's range into the problem statement, measures and progress (rectification). */
export function withMeasures(c: Ctx, it: Item, statementEnd: number, end: number): Item {
  if (barRow(c, it)) return it;
  end = rectClosingCut(c, statementEnd, end);
  const mLabel = findLabel(c.text, MEASURES_LABEL, statementEnd, end);
  let ms = mLabel ? mLabel.end : statementEnd;
  if (mLabel && mLabel.start < statementEnd) ms = mLabel.end;
  const pLabel = findLabel(c.text, PROGRESS_LABEL, ms, end);
  let me = pLabel ? pLabel.start : end;
  [ms, me] = trimRange(c.text, ms, me);
  // Leading punctuation left over from the statement ("。整改情况：").
  while (ms < me && '。，：；'.includes(c.text[ms])) ms++;
  if (me > ms) it.measures = [ms, me];
  if (pLabel) {
    let pe = c.text.indexOf('\n', pLabel.end);
    if (pe < 0 || pe > end) pe = end;
    const [ps, pe2] = trimTrailing(c.text, pLabel.end, pe, '。；;');
    it.progress_text = c.text.slice(ps, pe2) || null;
    it.progress = it.progress_text ? classifyProgress(it.progress_text) : null;
  } else if (titleStatus(c, it)) {
    // "第1项：……不彻底（正在整改）": the status closes the problem's own line.
  } else if (it.measures) {
    const ip = inlineProgress(c.text.slice(it.measures[0], it.measures[1]));
    if (ip) { it.progress = ip.progress; it.progress_text = ip.text; }
  }
  return it;
}

/**
 * A status in brackets closing the problem's statement ("……用地保障不够及时（已整改）"): the
 * item's progress, and no longer part of its title and text. False when there is none.
 */
function titleStatus(c: Ctx, it: Item): boolean {
  const [s, e] = trimRange(c.text, it.text[0], it.text[1]);
  const bs = bracketStatus(c.text.slice(s, e));
  if (!bs) return false;
  it.progress = bs.progress;
  it.progress_text = bs.text;
  const cut = trimRange(c.text, s, e - bs.length)[1];
  it.text = [it.text[0], cut];
  if (it.title[1] > cut) it.title = [it.title[0], Math.max(it.title[0], cut)];
  return true;
}

/**
 * A problem written as one row of cells separated by bars, as a table is typed in a text
 * ("问题1：……｜1.……；2.……｜责任人｜完成时限｜已完成"; the normalizer makes ｜ a |): the first cell is the statement, the
 * second the measures, and the last cell that states a status the progress. Three or more cells,
 * on the statement's own line; false otherwise.
 */
function barRow(c: Ctx, it: Item): boolean {
  const [s, e] = it.text;
  const cells: [number, number][] = [];
  let a = s;
  for (let i = s; i <= e; i++) {
    if (i < e && c.text[i] !== '|' && c.text[i] !== '｜') continue;
    if (i < e && c.text.lastIndexOf('\n', i) >= s) return false;
    cells.push(trimRange(c.text, a, i));
    a = i + 1;
  }
  if (cells.length < 3 || cells[0][0] >= cells[0][1]) return false;
  it.text = cells[0];
  it.title = titleRange(c.text, ...cells[0]);
  if (cells[1][1] > cells[1][0]) it.measures = cells[1];
  for (let k = cells.length - 1; k >= 2; k--) {
    const cell = c.text.slice(...cells[k]);
    const p = classifyProgress(cell);
    if (p) {
      it.progress = p;
      it.progress_text = cell;
      break;
    }
  }
  return true;
}
