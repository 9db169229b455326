/** Chinese sentences shared by the Markdown and HTML reports (plain text; callers escape). */
import type { Association, StatedCompletion, UnitLinkage } from '../aggregate/schema.js';
import { pValue } from './escape.js';

export function statusLabel(s: UnitLinkage['status']): string {
  return s === 'both' ? '反馈意见与整改通报均有' : s === 'feedback-only' ? '仅有反馈意见' : '仅有整改通报';
}

export function statedKindLabel(k: StatedCompletion['kind']): string {
  return { rate: '完成率', total: '问题总数', done: '已完成', 'in-progress': '正在整改', 'long-term': '长期坚持', 'all-done': '全部完成' }[k];
}

export function progressLine(p: UnitLinkage['progress']): string {
  return `已完成 ${p.done}，正在整改 ${p.in_progress}，长期坚持 ${p.long_term}，未说明 ${p.unstated}`;
}

/** "检验方法：皮尔逊卡方独立性检验…；χ² = …，自由度 = …，p = …，N = …。" (groupLabel already escaped). */
export function describeTest(a: Association, groupLabel: string): string {
  if (a.status !== 'ok' || a.statistic === null || a.df === null || a.p_value === null) return '';
  const verdict = a.p_value < a.alpha ? `各${groupLabel}的类别分布差异显著（α = ${a.alpha}）` : `未发现各${groupLabel}的类别分布有显著差异（α = ${a.alpha}）`;
  return `检验方法：皮尔逊卡方独立性检验（Pearson's chi-square test of independence，${groupLabel} × 主类别计数表）；χ² = ${a.statistic.toFixed(4)}，自由度 df = ${a.df}，${pValue(a.p_value)}，N = ${a.n}。${verdict}。`;
}
