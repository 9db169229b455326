/**
 * Feedback ↔ rectification linkage. When a unit has both a feedback document (巡察反馈意见, or a
 * news summary of the feedback meeting) and a rectification report (整改情况通报), each
 * rectification item is linked to the feedback finding it answers:
 *
 *  - every item is segmented (title counted twice, then the text; rectification items also add
 *    their measures) into content words (see tokens.ts);
 *  - words are weighted by TF-IDF, the IDF taken over all the unit's items on both sides
 *    (natural's TfIdf on token arrays: idf = 1 + ln(N / (1 + df))), so words every item shares
 *    (整改, 落实…) count little;
 *  - the score of a pair is the cosine similarity of the two weighted vectors;
 *  - pairs scoring at least LINK_THRESHOLD are linked one-to-one, greedily, best score first
 *    (ties: feedback order, then rectification order), so the result is deterministic.
 *
 * Also reported per unit: measures counted per item, the stated progress per item, and completion
 * figures as the rectification documents state them (整改完成率76%, 已完成整改5个…).
 */
import { TfIdf } from 'natural/lib/natural/tfidf/index.js';
import type { DocumentRecord, FindingRecord } from '../model/records.js';
import type { Segmenter } from '../segment/segmenter.js';
import { isFeedbackKind, unitOf } from './labels.js';
import type { FindingRef, Linkage, LinkPair, RectificationItem, StatedCompletion, UnitLinkage } from './schema.js';
import { cmpStr, round } from './stats.js';
import { contentTokens } from './tokens.js';

/** Minimum cosine similarity for a link (tuned on the fixture pair in tests/aggregate/fixtures). */
export const LINK_THRESHOLD = 0.3;

export const LINK_METHOD =
  'cosine similarity of TF-IDF-weighted content words (jieba segmentation; title counted twice, then text, plus measures for rectification items; IDF over the unit\'s items on both sides, natural TfIdf); one-to-one greedy matching by best score';

type Item = Pick<FindingRecord, 'id' | 'doc_id' | 'seq' | 'number' | 'title' | 'text' | 'measures' | 'progress' | 'progress_text'>;

function ref(f: Item): FindingRef {
  return { id: f.id, number: f.number, title: f.title };
}

function itemTokens(seg: Segmenter, f: Item, withMeasures: boolean): string[] {
  const title = contentTokens(seg, f.title);
  const text = contentTokens(seg, f.text);
  const measures = withMeasures && f.measures ? contentTokens(seg, f.measures) : [];
  return [...title, ...title, ...text, ...measures].filter((t) => t !== '__key');
}

function vector(tokens: string[], idf: (t: string) => number): Map<string, number> {
  const v = new Map<string, number>();
  for (const t of tokens) v.set(t, (v.get(t) ?? 0) + 1);
  for (const [t, tf] of v) v.set(t, tf * idf(t));
  return v;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, w] of a) {
    na += w * w;
    const u = b.get(t);
    if (u !== undefined) dot += w * u;
  }
  for (const w of b.values()) nb += w * w;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Similarity matrix [feedback][rectification] of two item lists. */
export function similarityMatrix(seg: Segmenter, feedback: Item[], rectification: Item[]): number[][] {
  const fb = feedback.map((f) => itemTokens(seg, f, false));
  const rc = rectification.map((f) => itemTokens(seg, f, true));
  const tfidf = new TfIdf();
  for (const t of [...fb, ...rc]) tfidf.addDocument(t);
  const idfCache = new Map<string, number>();
  const idf = (t: string): number => {
    let v = idfCache.get(t);
    if (v === undefined) {
      v = tfidf.idf(t);
      idfCache.set(t, v);
    }
    return v;
  };
  const fv = fb.map((t) => vector(t, idf));
  const rv = rc.map((t) => vector(t, idf));
  return fv.map((a) => rv.map((b) => cosine(a, b)));
}

/** One-to-one greedy matching: best score first; ties by feedback index, then rectification index. */
export function greedyMatch(scores: number[][], threshold: number): Array<[number, number, number]> {
  const pairs: Array<[number, number, number]> = [];
  scores.forEach((row, i) => row.forEach((s, j) => {
    const r = round(s);
    if (r >= threshold) pairs.push([i, j, r]);
  }));
  pairs.sort((a, b) => b[2] - a[2] || a[0] - b[0] || a[1] - b[1]);
  const usedF = new Set<number>();
  const usedR = new Set<number>();
  const out: Array<[number, number, number]> = [];
  for (const p of pairs) {
    if (usedF.has(p[0]) || usedR.has(p[1])) continue;
    usedF.add(p[0]);
    usedR.add(p[1]);
    out.push(p);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

const ORDINAL = /(?:^|[\s。；;，,：:！!？?、])([一二三四五六七八九十]{1,3})是/g;
const PAREN_NUM = /[(（]\s*([0-9０-９]{1,2})\s*[)）]/g;

/** Measures stated in a measures text: 一是/二是… enumerators, else (1)(2)…, else sentences. */
export function countMeasures(measures: string | null): number | null {
  if (measures === null || !measures.trim()) return null;
  const ords = new Set([...measures.matchAll(ORDINAL)].map((m) => m[1]));
  if (ords.size > 0) return ords.size;
  const parens = new Set([...measures.matchAll(PAREN_NUM)].map((m) => m[1]));
  if (parens.size > 0) return parens.size;
  const body = measures.replace(/^\s*(?:整改情况|整改措施|整改举措)\s*[：:]/, '');
  return body.split(/[。！？；;!?]+/).filter((s) => s.trim().length >= 2).length || 1;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "12", "１２", "十二", "一百零五" → number. */
export function parseNumber(s: string): number | null {
  const ascii = s.replace(/[０-９．]/g, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
  if (/^\d+(?:\.\d+)?$/.test(ascii)) return Number(ascii);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(s)) return null;
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    if (ch === '百') {
      total += (cur || 1) * 100;
      cur = 0;
    } else if (ch === '十') {
      total += (cur || 1) * 10;
      cur = 0;
    } else cur = CN_DIGITS[ch] ?? 0;
  }
  return total + cur;
}

const NUM = '([0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百]+)';
const MW = '(?:个|項|项|条|條|件)';
const STATED_PATTERNS: Array<{ kind: StatedCompletion['kind']; re: RegExp }> = [
  { kind: 'rate', re: new RegExp(`整改(?:完成|办结|到位)率(?:为|达|达到|已达|已达到)?\\s*${NUM}\\s*[%％]`, 'g') },
  { kind: 'rate', re: new RegExp(`(?<!整改)(?:完成|办结)率(?:为|达|达到|已达|已达到)?\\s*${NUM}\\s*[%％]`, 'g') },
  { kind: 'total', re: new RegExp(`(?:反馈|指出|提出|移交)(?:的|了)?(?:问题)?(?:共|共计)?\\s*${NUM}\\s*${MW}(?:具体)?问题`, 'g') },
  { kind: 'total', re: new RegExp(`(?:反馈|指出|梳理|细化)(?:的|了|出)?(?:问题|整改任务|整改事项|整改措施)(?:共|共计)?\\s*${NUM}\\s*${MW}`, 'g') },
  { kind: 'done', re: new RegExp(`已(?:经)?(?:完成整改|整改完成|整改到位|完成|办结)(?:问题|任务|事项)?\\s*${NUM}\\s*${MW}`, 'g') },
  { kind: 'in-progress', re: new RegExp(`(?:正在整改|正在推进|持续整改|基本完成|阶段性完成)(?:问题|任务|事项)?\\s*${NUM}\\s*${MW}`, 'g') },
  { kind: 'long-term', re: new RegExp(`(?:长期坚持|长期整改|需长期推进)(?:问题|任务|事项)?\\s*${NUM}\\s*${MW}`, 'g') },
  { kind: 'all-done', re: /(?:已|均已)?全部(?:完成整改|整改完成|整改到位|整改完毕|完成|办结)/g },
];

/** A clause that states a goal, not a fact: "确保…全部完成整改任务", "力争完成率达到100%". */
const GOAL = /确保|力争|争取|务必|力求|努力|计划|预计|目标|将于|将在|要求|要在|要全部/;

/** Completion figures as a document states them (not goals), in text order. */
export function statedCompletion(doc: Pick<DocumentRecord, 'id' | 'text'>): StatedCompletion[] {
  const out: StatedCompletion[] = [];
  const taken: Array<[number, number]> = [];
  for (const { kind, re } of STATED_PATTERNS) {
    for (const m of doc.text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      const clauseStart = Math.max(...['，', '。', '；', '！', '？', '\n', ',', ';'].map((p) => doc.text.lastIndexOf(p, start - 1))) + 1;
      if (GOAL.test(doc.text.slice(clauseStart, start))) continue;
      taken.push([start, end]);
      out.push({ doc_id: doc.id, kind, value: m[1] !== undefined ? parseNumber(m[1]) : null, text: m[0], span: [start, end] });
    }
  }
  return out.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
}

function byDocSeq(docOrder: Map<string, number>) {
  return (a: Item, b: Item) => (docOrder.get(a.doc_id) ?? 0) - (docOrder.get(b.doc_id) ?? 0) || a.seq - b.seq || cmpStr(a.id, b.id);
}

export interface LinkageOptions {
  segmenter: Segmenter;
  threshold?: number;
}

/**
 * Linkage for every unit with a feedback or a rectification document. `findings` must already be
 * limited to record_kind "finding".
 */
export function computeLinkage(documents: DocumentRecord[], findings: FindingRecord[], opts: LinkageOptions): Linkage {
  const threshold = opts.threshold ?? LINK_THRESHOLD;
  const docs = [...documents].sort((a, b) => cmpStr(a.id, b.id));
  const docOrder = new Map(docs.map((d, i) => [d.id, i]));
  const docById = new Map(docs.map((d) => [d.id, d]));
  const units = new Map<string, { fb: DocumentRecord[]; rc: DocumentRecord[] }>();
  for (const d of docs) {
    const side = isFeedbackKind(d.kind) ? 'fb' : d.kind === 'rectification' ? 'rc' : null;
    if (!side) continue;
    const u = unitOf(d);
    if (!units.has(u)) units.set(u, { fb: [], rc: [] });
    units.get(u)![side].push(d);
  }
  const byDoc = new Map<string, FindingRecord[]>();
  for (const f of findings) {
    if (!docById.has(f.doc_id)) continue;
    if (!byDoc.has(f.doc_id)) byDoc.set(f.doc_id, []);
    byDoc.get(f.doc_id)!.push(f);
  }
  const order = byDocSeq(docOrder);
  const out: UnitLinkage[] = [];
  for (const unit of [...units.keys()].sort(cmpStr)) {
    const { fb, rc } = units.get(unit)!;
    const fItems = fb.flatMap((d) => byDoc.get(d.id) ?? []).sort(order);
    const rItems = rc.flatMap((d) => byDoc.get(d.id) ?? []).sort(order);
    const status: UnitLinkage['status'] = fb.length && rc.length ? 'both' : fb.length ? 'feedback-only' : 'rectification-only';
    const matches = status === 'both' ? greedyMatch(similarityMatrix(opts.segmenter, fItems, rItems), threshold) : [];
    const answerOf = new Map<number, [number, number]>(matches.map(([i, j, s]) => [j, [i, s]]));
    const answeredF = new Set(matches.map(([i]) => i));
    const items: RectificationItem[] = rItems.map((r, j) => {
      const a = answerOf.get(j);
      return {
        ...ref(r),
        measures_count: countMeasures(r.measures),
        progress: r.progress,
        progress_text: r.progress_text,
        answers: a ? fItems[a[0]].id : null,
        score: a ? a[1] : null,
      };
    });
    const links: LinkPair[] = matches.map(([i, j, s]) => ({
      feedback: ref(fItems[i]),
      rectification: ref(rItems[j]),
      score: s,
      measures_count: items[j].measures_count,
      progress: rItems[j].progress,
      progress_text: rItems[j].progress_text,
    }));
    const progress = { done: 0, in_progress: 0, long_term: 0, unstated: 0 };
    for (const r of rItems) {
      if (r.progress === 'done') progress.done++;
      else if (r.progress === 'in-progress') progress.in_progress++;
      else if (r.progress === 'long-term') progress.long_term++;
      else progress.unstated++;
    }
    out.push({
      unit,
      status,
      feedback_documents: fb.map((d) => d.id),
      rectification_documents: rc.map((d) => d.id),
      problems_raised: fb.length ? fItems.length : null,
      rectification_items: rc.length ? rItems.length : null,
      answered: status === 'both' ? answeredF.size : null,
      answered_share: status === 'both' ? (fItems.length ? round(answeredF.size / fItems.length) : 0) : null,
      links,
      unanswered: status === 'both' ? fItems.filter((_, i) => !answeredF.has(i)).map(ref) : [],
      unmatched_answers: status === 'both' ? rItems.filter((_, j) => !answerOf.has(j)).map(ref) : [],
      items,
      progress,
      stated: rc.flatMap((d) => statedCompletion(d)),
    });
  }
  return { method: LINK_METHOD, threshold, units: out };
}
