/** Rectification: split a problem's range into statement, measures and progress. */
import type { Item } from './items.js';
import { lineIndexAt, trimRange, trimTrailing } from './lines.js';
import { findLabel, MEASURES_LABEL, PROGRESS_LABEL } from './rectification.js';
import { classifyProgress, inlineProgress } from './progress.js';
import type { Ctx } from './context.js';

// Paragraphs that close a rectification report rather than answer a problem.
const RECT_CLOSING = /^(?:欢迎|联系方式|联系电话|如有意见|如对|电话[：:]|邮箱|电子邮箱|通信地址|邮政地址|下一步|今后[，,]|中共[^，。]{0,30}(?:党组|党委)$|\d{4}年\d{1,2}月\d{1,2}日$)/;

function rectClosingCut(c: Ctx, from: number, end: number): number {
  for (let i = lineIndexAt(c.lines, from) + 1; i < c.lines.length && c.lines[i].start < end; i++) {
    const [s, e] = trimRange(c.text, c.lines[i].start, Math.min(c.lines[i].end, end));
    if (s < e && RECT_CLOSING.test(c.text.slice(s, Math.min(e, s + 40)))) return c.lines[i].start;
  }
  return end;
}

/** Split an item's range into the problem statement, measures and progress (rectification). */
export function withMeasures(c: Ctx, it: Item, statementEnd: number, end: number): Item {
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
  } else if (it.measures) {
    const ip = inlineProgress(c.text.slice(it.measures[0], it.measures[1]));
    if (ip) { it.progress = ip.progress; it.progress_text = ip.text; }
  }
  return it;
}
