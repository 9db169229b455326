/** Chinese labels shared by the aggregate and the renderers. */
import type { DocumentKind, DocumentRecord, Progress } from '../model/records.js';

export const NONE_CATEGORY = 'none';
export const NONE_LABEL = '未归类';
export const MISSING_LABEL = '（未填写）';

export const KIND_LABELS: Record<DocumentKind, string> = {
  feedback: '巡察反馈意见',
  rectification: '整改情况通报',
  'feedback-news': '反馈会新闻稿',
  unknown: '未识别类型',
};

export const PROGRESS_LABELS: Record<Progress, string> = {
  done: '已完成',
  'in-progress': '正在整改',
  'long-term': '长期坚持',
};

export function kindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

/** The unit a document belongs to; documents without a recognised unit each stand alone. */
export function unitOf(doc: Pick<DocumentRecord, 'unit' | 'id'>): string {
  return doc.unit && doc.unit.trim() ? doc.unit : `（未识别单位：${doc.id}）`;
}

/** Feedback side of the feedback ↔ rectification pair. */
export function isFeedbackKind(kind: string): boolean {
  return kind === 'feedback' || kind === 'feedback-news';
}
