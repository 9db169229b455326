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
import type { DocumentRecord, FindingRecord, Progress } from '../model/records.js';
import type { Segmenter } from '../segment/segmenter.js';
import { own, Vocab } from './compact.js';
import { isFeedbackKind, unitOf } from './labels.js';
import type { FindingRef, Linkage, LinkPair, RectificationItem, StatedCompletion, UnitLinkage } from './schema.js';
import { cmpStr, round } from './stats.js';
import { contentTokens } from './tokens.js';

/** Minimum cosine similarity for a link (tuned on the fixture pair in tests/aggregate/fixtures). */
export const LINK_THRESHOLD = 0.3;

export const LINK_METHOD =
  'cosine similarity of TF-IDF-weighted content words (jieba segmentation; title counted twice, then text, plus measures for rectification items; IDF over the unit\'s items on both sides, natural TfIdf); one-to-one greedy matching by best score';

type Item = Pick<FindingRecord, 'id' | 'doc_id' | 'seq' | 'number' | 'title' | 'text' | 'measures' | 'progress' | 'progress_text'>;

function ref(f: Pick<Item, 'id' | 'number' | 'title'>): FindingRef {
  return { id: f.id, number: f.number, title: f.title };
}

/** The side of the pair a document kind is on: feedback, rectification, or neither. */
export function linkSide(kind: string): 'fb' | 'rc' | null {
  return isFeedbackKind(kind) ? 'fb' : kind === 'rectification' ? 'rc' : null;
}

/**
 * The content words an item is compared by: title twice, then the text, then (rectification items)
 * the measures. `textTokens`, when given, is contentTokens(seg, f.text), already computed.
 */
export function linkTokens(seg: Segmenter, f: Pick<Item, 'title' | 'text' | 'measures'>, withMeasures: boolean, textTokens?: string[]): string[] {
  const title = contentTokens(seg, f.title);
  const text = textTokens ?? contentTokens(seg, f.text);
  const measures = withMeasures && f.measures ? contentTokens(seg, f.measures) : [];
  // "__key" is a reserved name in natural's TfIdf documents, which the method is defined by.
  return [...title, ...title, ...text, ...measures].filter((t) => t !== '__key');
}

/**
 * What the linkage keeps of one finding: its reference, progress and measures count, and its
 * content words as term frequencies. Small: no text, the words as vocabulary ids.
 */
export interface LinkItem {
  id: string;
  doc_id: string;
  seq: number;
  number: string;
  title: string;
  progress: Progress | null;
  progress_text: string | null;
  measures_count: number | null;
  /** [word id, tf, word id, tf, …] in order of first occurrence. */
  vec: number[];
}

/** Term frequencies of `tokens` as [id, tf, …], in order of first occurrence. */
export function termVector(tokens: string[], vocab: Vocab): number[] {
  return idVector(tokens.map((t) => vocab.id(t)));
}

/** Term frequencies of word ids as [id, tf, …], in order of first occurrence. */
export function idVector(ids: readonly number[]): number[] {
  // Scratch counts indexed by id (reused across calls: no Map per call); ids in first-occurrence order.
  let max = 0;
  for (const id of ids) if (id > max) max = id;
  if (max >= scratch.length) scratch = new Uint32Array(Math.max(max + 1, scratch.length * 2));
  const order: number[] = [];
  for (const id of ids) if (scratch[id]++ === 0) order.push(id);
  const out = new Array<number>(order.length * 2);
  for (let i = 0; i < order.length; i++) {
    out[2 * i] = order[i];
    out[2 * i + 1] = scratch[order[i]];
    scratch[order[i]] = 0;
  }
  return out;
}

let scratch = new Uint32Array(1024);

/**
 * The term vector of linkTokens(seg, f, withMeasures) from the term vectors of its parts (each
 * [id, tf, …] in order of first occurrence): the title's (counted twice), the text's (null when the
 * text is empty) and the measures' (null for none). `key`: the id of "__key", left out.
 * Same ids, tfs and order as termVector(linkTokens(…)).
 */
export function linkVectorFromParts(title: number[], text: number[] | null, measures: number[] | null, key?: number): number[] {
  const tf = new Map<number, number>();
  for (let i = 0; i < title.length; i += 2) tf.set(title[i], 2 * title[i + 1]);
  for (const part of [text, measures]) {
    if (part) for (let i = 0; i < part.length; i += 2) tf.set(part[i], (tf.get(part[i]) ?? 0) + part[i + 1]);
  }
  if (key !== undefined) tf.delete(key);
  const out: number[] = [];
  for (const [id, n] of tf) out.push(id, n);
  return out;
}

export function linkItem(f: Item, tokens: string[], vocab: Vocab): LinkItem {
  return {
    id: own(f.id),
    doc_id: own(f.doc_id),
    seq: f.seq,
    number: own(f.number),
    title: own(f.title),
    progress: f.progress,
    progress_text: own(f.progress_text),
    measures_count: countMeasures(f.measures),
    vec: termVector(tokens, vocab),
  };
}

function weighted(vec: number[], idf: (id: number) => number): Map<number, number> {
  const v = new Map<number, number>();
  for (let i = 0; i < vec.length; i += 2) v.set(vec[i], vec[i + 1] * idf(vec[i]));
  return v;
}

function cosine(a: Map<number, number>, b: Map<number, number>): number {
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

/** TF-IDF weights of both lists, the IDF over both (natural's TfIdf formula: idf = 1 + ln(N / (1 + df))). */
function weightedLists(feedback: LinkItem[], rectification: LinkItem[]): [Map<number, number>[], Map<number, number>[]] {
  const df = new Map<number, number>();
  for (const list of [feedback, rectification]) {
    for (const it of list) for (let i = 0; i < it.vec.length; i += 2) df.set(it.vec[i], (df.get(it.vec[i]) ?? 0) + 1);
  }
  const n = feedback.length + rectification.length;
  const idf = (id: number) => 1 + Math.log(n / (1 + (df.get(id) ?? 0)));
  return [feedback.map((it) => weighted(it.vec, idf)), rectification.map((it) => weighted(it.vec, idf))];
}

/**
 * Similarity matrix [feedback][rectification] of two item lists: cosine of TF-IDF weights, the IDF
 * over both lists (natural's TfIdf formula: idf = 1 + ln(N / (1 + df))).
 */
export function itemSimilarity(feedback: LinkItem[], rectification: LinkItem[]): number[][] {
  const [fv, rv] = weightedLists(feedback, rectification);
  return fv.map((a) => rv.map((b) => cosine(a, b)));
}

/** Σ w² of a weighted vector, summed in the order cosine() sums it. */
function squaredNorm(v: Map<number, number>): number {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return s;
}

/**
 * greedyMatch(itemSimilarity(feedback, rectification), threshold), without the matrix: only the
 * pairs that reach the threshold are kept, and each vector's norm is summed once (in the same
 * order, so every score is the same number to the last bit).
 */
export function matchItems(feedback: LinkItem[], rectification: LinkItem[], threshold: number): Array<[number, number, number]> {
  const [fv, rv] = weightedLists(feedback, rectification);
  const fn = fv.map(squaredNorm);
  const rn = rv.map(squaredNorm);
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < fv.length; i++) {
    const a = fv[i];
    const na = fn[i];
    for (let j = 0; j < rv.length; j++) {
      const b = rv[j];
      const nb = rn[j];
      let score = 0;
      if (na > 0 && nb > 0) {
        let dot = 0;
        for (const [t, w] of a) {
          const u = b.get(t);
          if (u !== undefined) dot += w * u;
        }
        score = dot / Math.sqrt(na * nb);
      }
      const r = round(score);
      if (r >= threshold) pairs.push([i, j, r]);
    }
  }
  return greedySelect(pairs);
}

/** Similarity matrix [feedback][rectification] of two finding lists. */
export function similarityMatrix(seg: Segmenter, feedback: Item[], rectification: Item[]): number[][] {
  const vocab = new Vocab();
  return itemSimilarity(
    feedback.map((f) => linkItem(f, linkTokens(seg, f, false), vocab)),
    rectification.map((f) => linkItem(f, linkTokens(seg, f, true), vocab)),
  );
}

/** One-to-one greedy matching: best score first; ties by feedback index, then rectification index. */
export function greedyMatch(scores: number[][], threshold: number): Array<[number, number, number]> {
  const pairs: Array<[number, number, number]> = [];
  scores.forEach((row, i) => row.forEach((s, j) => {
    const r = round(s);
    if (r >= threshold) pairs.push([i, j, r]);
  }));
  return greedySelect(pairs);
}

/** The greedy one-to-one choice among candidate pairs [feedback, rectification, rounded score]; sorts `pairs`. */
function greedySelect(pairs: Array<[number, number, number]>): Array<[number, number, number]> {
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
      out.push({ doc_id: own(doc.id), kind, value: m[1] !== undefined ? parseNumber(m[1]) : null, text: own(m[0]), span: [start, end] });
    }
  }
  return out.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
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
  const vocab = new Vocab();
  const docs: LinkDoc[] = documents.map((d) => ({ id: d.id, unit: unitOf(d), kind: d.kind, stated: d.kind === 'rectification' ? statedCompletion(d) : null }));
  const side = new Map(documents.map((d) => [d.id, linkSide(d.kind)]));
  const byDoc = new Map<string, LinkItem[]>();
  for (const f of findings) {
    const s = side.get(f.doc_id);
    if (!s) continue;
    if (!byDoc.has(f.doc_id)) byDoc.set(f.doc_id, []);
    byDoc.get(f.doc_id)!.push(linkItem(f, linkTokens(opts.segmenter, f, s === 'rc'), vocab));
  }
  return linkageFromItems(docs, (id) => byDoc.get(id) ?? [], { threshold: opts.threshold });
}

/** A document as the linkage sees it. `stated`: statedCompletion of a rectification document. */
export interface LinkDoc {
  id: string;
  /** unitOf(document) */
  unit: string;
  kind: string;
  stated: StatedCompletion[] | null;
}

/** A unit of the linkage: its feedback and its rectification documents, each list sorted by id. */
export interface LinkUnit<D extends Pick<LinkDoc, 'id' | 'unit' | 'kind'> = LinkDoc> {
  unit: string;
  fb: D[];
  rc: D[];
}

/** The units of the linkage in output order (code points): every unit with a feedback or a rectification document. */
export function linkUnits<D extends Pick<LinkDoc, 'id' | 'unit' | 'kind'>>(documents: readonly D[]): LinkUnit<D>[] {
  const docs = [...documents].sort((a, b) => cmpStr(a.id, b.id));
  const units = new Map<string, LinkUnit<D>>();
  for (const d of docs) {
    const side = linkSide(d.kind);
    if (!side) continue;
    let u = units.get(d.unit);
    if (!u) units.set(d.unit, (u = { unit: d.unit, fb: [], rc: [] }));
    u[side].push(d);
  }
  return [...units.values()].sort((a, b) => cmpStr(a.unit, b.unit));
}

/**
 * The linkage from documents and their items (what the streaming builder keeps). `itemsOf` gives a
 * document's items, in any order.
 */
export function linkageFromItems(documents: LinkDoc[], itemsOf: (docId: string) => LinkItem[], opts: { threshold?: number } = {}): Linkage {
  const threshold = opts.threshold ?? LINK_THRESHOLD;
  return { method: LINK_METHOD, threshold, units: linkUnits(documents).map((u) => unitLinkage(u, itemsOf, threshold)) };
}

/**
 * One unit's linkage: only its own documents' items are read (`itemsOf`, in any order), so the
 * units can be computed, written and dropped one at a time.
 */
export function unitLinkage({ unit, fb, rc }: LinkUnit, itemsOf: (docId: string) => LinkItem[], threshold: number = LINK_THRESHOLD): UnitLinkage {
  const order = (a: LinkItem, b: LinkItem) => a.seq - b.seq || cmpStr(a.id, b.id);
  const itemsIn = (ds: LinkDoc[]) => ds.flatMap((d) => [...itemsOf(d.id)].sort(order));
  const fItems = itemsIn(fb);
  const rItems = itemsIn(rc);
  const status: UnitLinkage['status'] = fb.length && rc.length ? 'both' : fb.length ? 'feedback-only' : 'rectification-only';
  const matches = status === 'both' ? matchItems(fItems, rItems, threshold) : [];
  const answerOf = new Map<number, [number, number]>(matches.map(([i, j, s]) => [j, [i, s]]));
  const answeredF = new Set(matches.map(([i]) => i));
  const items: RectificationItem[] = rItems.map((r, j) => {
    const a = answerOf.get(j);
    return {
      ...ref(r),
      measures_count: r.measures_count,
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
  return {
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
    stated: rc.flatMap((d) => d.stated ?? []),
  };
}
