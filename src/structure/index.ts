/**
 * The structure stage: normalized text in, document metadata and findings out. Pure, no I/O,
 * never throws. Parsing works on the normalized text; every span is mapped back to the original.
 */
import type { NormalizedText } from '../normalize/index.js';
import { diag } from '../diagnostics/message.js';
import type { DocumentMeta, FindingDraft, StructureResult } from './types.js';
import { splitLines } from './lines.js';
import { extractMeta, findTitle } from './metadata.js';
import { buildOutline } from './outline.js';
import { NOTICE_TITLE } from './kind.js';
import { selectItems } from './findings.js';
import { toDrafts } from './items.js';

export type { DocumentMeta, FindingDraft, StructureResult } from './types.js';

function emptyMeta(): DocumentMeta {
  return {
    kind: 'unknown', kind_cue: null, title: null, unit: null, inspected_org: null, inspector: null,
    inspection_type: null, period_start: null, period_end: null, feedback_date: null, published: null,
  };
}

/** A news item's account of the feedback meeting. */
const MEETING_NARRATIVE = /反馈会(?:议)?上|(?:组长|副组长)[^，。；\n]{0,20}(?:通报|反馈)了|(?:出席|参加|主持)(?:了)?(?:反馈)?会议|(?:书记|局长|主任|院长|校长)[^，。；\n]{0,16}(?:表态|表示)/;

export function parseStructure(n: NormalizedText): StructureResult {
  let meta = emptyMeta();
  try {
    const text = n.text;
    const lines = splitLines(text);
    const title = findTitle(text, lines);
    meta = extractMeta(text, lines, title);
    const firstLine = title.lineIndex + 1;
    const bodyFrom = title.lineIndex >= 0 ? Math.min(text.length, lines[title.lineIndex].end) : 0;
    const nodes = buildOutline(text, lines, firstLine);
    // A notice or meeting news (…的公告, …动员会召开) states no problems: its numbered 受理范围 or
    // 巡察重点 only sound like them.
    const notice = meta.kind === 'unknown' && meta.kind_cue !== null && NOTICE_TITLE.test(meta.kind_cue);
    const items = notice ? [] : selectItems({ text, lines, nodes, kind: meta.kind, bodyFrom });
    // A release titled like news (…向…反馈巡视情况) that publishes the feedback itself, its problems
    // numbered 1. 2. 3. under a problem section, is the feedback; news summarise in prose, or tell of
    // the meeting (反馈会上，组长……通报了……; ……表示) around the numbered problems they quote.
    if (meta.kind === 'feedback-news' && items.filter((it) => it.record_kind === 'finding' && it.numbered).length >= 3 && !MEETING_NARRATIVE.test(text)) {
      meta = { ...meta, kind: 'feedback' };
    }
    const findings: FindingDraft[] = toDrafts(n, items);
    const diagnostics = [];
    if (meta.kind !== 'unknown' && !findings.some((f) => f.record_kind === 'finding')) {
      diagnostics.push(diag('', 'S_NO_FINDINGS', `no findings found in a ${meta.kind} document`, {
        severity: 'warning',
        note: 'no section heading announced problems and no numbered or enumerated problems were found',
      }));
    }
    return { meta, findings, diagnostics };
  } catch (err) {
    // Never throw: report the failure and return what is known.
    return {
      meta,
      findings: [],
      diagnostics: [diag('', 'S_INTERNAL', `structure extraction failed: ${(err as Error)?.message ?? String(err)}`, { severity: 'error' })],
    };
  }
}
