/**
 * Document kind from the title first, then the opening text. A title that says 整改 makes a
 * rectification report even when it also says 反馈意见 ("…巡察反馈意见整改情况的通报"), unless it
 * ends as the feedback of an inspection of the rectification ("…巡察整改“回头看”情况的反馈意见").
 */
import type { DocumentKind } from '../model/records.js';

export interface KindDecision { kind: DocumentKind; cue: string | null }

const TITLE_RULES: [DocumentKind, RegExp][] = [
  // The feedback of an inspection of the rectification ("…开展巡察整改“回头看”情况的反馈意见").
  ['feedback', /(?:回头看|整改)[^，。]{0,12}?的反馈意见$/],
  ['rectification', /整改[^，。]{0,8}?(?:情况|进展|进度|工作)[^，。]{0,4}?(?:通报|公告|报告|公示|说明)|整改[^，。]{0,8}?(?:通报|公告|报告|公示)|整改(?:进展|落实)?情况|整改/],
  ['feedback-news', /反馈(?:巡[察视])?情况|向[^，。]{1,40}?反馈(?:巡[察视])?意见|巡[察视]反馈会|反馈会/],
  ['feedback', /反馈意见|情况反馈|反馈/],
];

const OPENING_RULES: [DocumentKind, RegExp][] = [
  ['rectification', /整改(?:进展|落实|工作)?情况(?:予以)?(?:公布|通报|报告)如下|整改(?:进展|落实)?情况予以公布|现将[^。]{0,20}?整改[^。]{0,10}?情况/],
  ['feedback', /现将[^。]{0,12}?(?:巡[察视])?(?:情况|意见)反馈如下|反馈如下/],
  ['feedback-news', /(?:近日|日前|[0-9]{1,2}月[0-9]{1,2}日)[，,]?[^。]{0,40}?反馈(?:了)?(?:巡[察视])?(?:情况|意见)|巡[察视]组指出/],
];

/**
 * Titles of documents that state no problems: the notice of an inspection (…的公告), the news of its
 * start (…动员会召开) or of a meeting about the rectification (…专题民主生活会). Kind `unknown`, no findings.
 */
export const NOTICE_TITLE = /(?:民主生活会|组织生活会|动员会|动员部署会|部署会|推进会)(?:召开)?$|(?:公告|通告)$/;

export function detectKind(title: string, opening: string): KindDecision {
  const t = title.slice(0, 200);
  const notice = NOTICE_TITLE.exec(t.trim());
  // (…整改情况的公告 publishes a rectification report; …反馈… is a feedback.)
  if (notice && !/反馈/.test(t) && !(/告$/.test(notice[0]) && /整改/.test(t))) return { kind: 'unknown', cue: notice[0] };
  for (const [kind, re] of TITLE_RULES) {
    const m = re.exec(t);
    if (m) return { kind, cue: m[0] };
  }
  const o = opening.slice(0, 3000);
  for (const [kind, re] of OPENING_RULES) {
    const m = re.exec(o);
    if (m) return { kind, cue: m[0] };
  }
  return { kind: 'unknown', cue: null };
}
