/**
 * Matching rules against ONE normalized text (a title, a body, a heading, or an inline example).
 *
 * - Terms match on words: an occurrence counts only when it starts and ends on a word boundary
 *   (`wordBoundaries` of the segmenter, which knows every rule term), so "作风" is not found in
 *   "工作风采" and "公款" is not found in "办公款项".
 * - Overlaps: occurrences of DIFFERENT positive terms (any/all of every rule) that overlap are
 *   resolved once per text, longest first, then earliest (spaCy's filter_spans); the losers are
 *   dropped for every rule. `unless` terms and regex matches are not part of this contest.
 * - Regexes (re2js, linear time) run on the normalized text and are not held to word boundaries.
 *
 * Offsets here are in the normalized text; the engine maps them back to the original.
 *
 * A text is analysed ONCE (`analyze`: segmentation, word boundaries, sentences) and then matched in
 * any number of ranges (`matchIn`): the tagging engine analyses a whole document and matches each
 * finding's title, body and headings as ranges of it. Matching a range is matching its text on its
 * own, with the document's word boundaries inside it and both of its ends counted as boundaries.
 * Terms are found by scanning the boundaries of the range against an index of the terms by their
 * first character, not by searching the text for every term.
 */
import { markBoundaries, tokenize, type Segmenter, type Token } from '../segment/index.js';
import type { CompiledRule, RuleSet, Scope } from '../rules/types.js';

export interface Occurrence {
  /** The normalized rule term (for a regex: the matched normalized text). */
  term: string;
  start: number;
  end: number;
}

export interface RuleHit {
  rule: CompiledRule;
  /** Every occurrence that made the rule fire, sorted by start. */
  occurrences: Occurrence[];
}

/** Sentence ends: 。！？； their half-width forms, and line breaks. */
const isSentenceEnd = (c: number) => c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x0a;

/** Sentence number of every offset (a sentence owns the punctuation that ends it). */
export function sentenceIndex(text: string): Int32Array {
  const out = new Int32Array(text.length + 1);
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    out[i] = s;
    if (isSentenceEnd(text.charCodeAt(i))) s++;
  }
  out[text.length] = s;
  return out;
}

/**
 * A text analysed for matching: its words, word boundaries and sentence numbers. Only the
 * `segmented` ranges of the text are segmented (all of it unless `analyze` was given ranges);
 * `matchIn` segments any other range it is asked about first.
 */
export interface TextAnalysis {
  text: string;
  /** The segmenter's words with their offsets in `text`, sorted, inside the segmented ranges. */
  tokens: Token[];
  /** `b[i] === 1` when a word may begin or end at offset i (see `wordBoundaries`). */
  b: Uint8Array;
  /** Sentence number of every offset (`sentenceIndex`). */
  sent: Int32Array;
  /** The segmented ranges [start, end), sorted and disjoint. */
  segmented: [number, number][];
}

/** Ranges closer than this are segmented as one (fewer native calls; the gap is cheap to cut). */
const MERGE_GAP = 64;

/**
 * The ranges `analyze` segments, each with one cut: all of the text, or the given ranges clamped,
 * sorted and merged when they overlap or lie closer than MERGE_GAP.
 */
export function segmentRanges(length: number, ranges?: Iterable<readonly [number, number]>): [number, number][] {
  const want: [number, number][] = [];
  if (!ranges) want.push([0, length]);
  else {
    for (const [s, e] of ranges) {
      const x = Math.max(0, Math.min(s, length));
      const y = Math.max(0, Math.min(e, length));
      if (y > x) want.push([x, y]);
    }
    want.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  }
  const merged: [number, number][] = [];
  for (const r of want) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + MERGE_GAP) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  if (!ranges && length === 0) merged.push([0, 0]);
  return merged;
}

/** Terms indexed by their first UTF-16 unit, for scanning word boundaries. */
class TermIndex {
  /** first unit → terms starting with it, longest first */
  private readonly byFirst = new Map<number, string[]>();
  /** 1 when some term starts with the unit (a cheap filter before the Map). */
  private readonly first = new Uint8Array(0x10000);

  constructor(terms: Iterable<string>) {
    for (const t of terms) {
      if (!t) continue;
      const u = t.charCodeAt(0);
      let list = this.byFirst.get(u);
      if (!list) this.byFirst.set(u, (list = []));
      if (!list.includes(t)) list.push(t);
      this.first[u] = 1;
    }
    for (const list of this.byFirst.values()) list.sort((x, y) => y.length - x.length || (x < y ? -1 : x > y ? 1 : 0));
  }

  /**
   * Every occurrence of every term in text[start, end) that starts and ends on a word boundary;
   * `start` and `end` count as boundaries. The same occurrences as searching the range's text for
   * every term (the order differs, and nothing downstream depends on it).
   */
  find(a: TextAnalysis, start: number, end: number, out: Occurrence[]): void {
    const { text, b } = a;
    for (let p = start; p < end; p++) {
      if (p !== start && !b[p]) continue;
      const u = text.charCodeAt(p);
      if (!this.first[u]) continue;
      for (const t of this.byFirst.get(u)!) {
        const q = p + t.length;
        if (q > end || (q !== end && !b[q])) continue;
        if (text.startsWith(t, p)) out.push({ term: t, start: p, end: q });
      }
    }
  }
}

/** Longest first, then earliest; an occurrence overlapping a kept one is dropped. Result sorted by start. */
export function resolveOverlaps(occ: Occurrence[]): Occurrence[] {
  const byPriority = [...occ].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const kept: Occurrence[] = [];
  if (!occ.length) return kept;
  let lo = Infinity;
  let hi = 0;
  for (const o of occ) {
    if (o.start < lo) lo = o.start;
    if (o.end > hi) hi = o.end;
  }
  const taken = new Uint8Array(Math.max(0, hi - lo));
  for (const o of byPriority) {
    let free = true;
    for (let i = o.start; i < o.end; i++) if (taken[i - lo]) { free = false; break; }
    if (!free) continue;
    for (let i = o.start; i < o.end; i++) taken[i - lo] = 1;
    kept.push(o);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

function gap(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.max(0, a.start - b.end, b.start - a.end);
}

/** True when an `unless` occurrence lies within the scope of any occurrence of the instance. */
function excluded(instance: Occurrence[], unless: Occurrence[], within: Scope, sent: Int32Array): boolean {
  for (const u of unless) {
    for (const o of instance) {
      if (within === 'sentence' ? sent[u.start] === sent[o.start] : gap(u, o) <= within) return true;
    }
  }
  return false;
}

/** `all`: instances where every group occurs, inside one sentence or one window of N characters. */
function allInstances(groups: string[][], groupsOf: ReadonlyMap<string, number[]>, occ: Occurrence[], within: Scope, sent: Int32Array): Occurrence[][] {
  const NO_GROUP: number[] = [];
  const groupOf = (o: Occurrence): number[] => groupsOf.get(o.term) ?? NO_GROUP;
  const relevant = occ.filter((o) => groupOf(o).length > 0);
  const out: Occurrence[][] = [];
  if (within === 'sentence') {
    const bySentence = new Map<number, Occurrence[]>();
    for (const o of relevant) {
      const s = sent[o.start];
      let list = bySentence.get(s);
      if (!list) bySentence.set(s, (list = []));
      list.push(o);
    }
    for (const list of bySentence.values()) {
      const seen = new Set(list.flatMap(groupOf));
      if (seen.size === groups.length) out.push(list);
    }
    return out;
  }
  // Window: from each start, the shortest run that holds every group and spans ≤ N characters.
  for (let i = 0; i < relevant.length; ) {
    const seen = new Set<number>();
    let j = i;
    let found = -1;
    for (; j < relevant.length && relevant[j].end - relevant[i].start <= within; j++) {
      for (const g of groupOf(relevant[j])) seen.add(g);
      if (seen.size === groups.length) { found = j; break; }
    }
    if (found >= 0) {
      out.push(relevant.slice(i, found + 1));
      i = found + 1;
    } else i++;
  }
  return out;
}

/** What the matcher precomputes per rule. */
interface PreparedRule {
  /** `any`: its terms. */
  terms: ReadonlySet<string> | null;
  /** `all`: term → the groups it belongs to (in group order). */
  groupsOf: ReadonlyMap<string, number[]> | null;
  /** Its `unless` terms. */
  unless: ReadonlySet<string> | null;
  /** Its number: an `any`/`all` rule can fire only if one of its terms occurs (`termRules`). */
  index: number;
}

/**
 * Matches a rule set against texts. Build one per rule set and segmenter: it adds every rule term
 * (and the rule set's dictionary words) to the segmenter, so each term segments as one word.
 */
export class RuleMatcher {
  private readonly positive: TermIndex;
  private readonly negative: TermIndex;
  private readonly prepared = new Map<CompiledRule, PreparedRule>();
  /** Positive term → the numbers of the `any`/`all` rules that use it. */
  private readonly termRules = new Map<string, number[]>();

  constructor(
    readonly ruleSet: Pick<RuleSet, 'rules' | 'terms' | 'dictionaryWords'>,
    private readonly seg: Segmenter,
  ) {
    seg.addWords([...ruleSet.dictionaryWords, ...ruleSet.terms]);
    const pos = new Set<string>();
    const neg = new Set<string>();
    for (const r of ruleSet.rules) {
      if (r.matcher.kind === 'any') r.matcher.terms.forEach((t) => pos.add(t));
      if (r.matcher.kind === 'all') r.matcher.groups.flat().forEach((t) => pos.add(t));
      r.unless?.terms.forEach((t) => neg.add(t));
    }
    this.positive = new TermIndex(pos);
    this.negative = new TermIndex(neg);
    for (const r of ruleSet.rules) this.prepare(r);
  }

  private prepare(r: CompiledRule): PreparedRule {
    let p = this.prepared.get(r);
    if (p) return p;
    const m = r.matcher;
    let groupsOf: Map<string, number[]> | null = null;
    if (m.kind === 'all') {
      groupsOf = new Map();
      m.groups.forEach((g, i) => {
        for (const t of new Set(g)) {
          const list = groupsOf!.get(t);
          if (list) list.push(i);
          else groupsOf!.set(t, [i]);
        }
      });
    }
    const index = this.prepared.size;
    const terms = m.kind === 'any' ? new Set(m.terms) : null;
    for (const t of terms ?? groupsOf?.keys() ?? []) {
      const list = this.termRules.get(t);
      if (list) list.push(index);
      else this.termRules.set(t, [index]);
    }
    p = { terms, groupsOf, unless: r.unless ? new Set(r.unless.terms) : null, index };
    this.prepared.set(r, p);
    return p;
  }

  /**
   * Segments `text` once for any number of `matchIn` calls: all of it, or only the given ranges
   * (merged when they overlap or nearly touch), each cut on its own; the ends of every segmented
   * range are word boundaries. Ranges are offsets into `text`, clamped.
   */
  analyze(text: string, ranges?: Iterable<readonly [number, number]>): TextAnalysis {
    const a: TextAnalysis = { text, tokens: [], b: new Uint8Array(text.length + 1), sent: sentenceIndex(text), segmented: [] };
    for (const [s, e] of segmentRanges(text.length, ranges)) this.segment(a, s, e);
    return a;
  }

  /** Segments [s, e) of an analysed text (which must not overlap its segmented ranges). */
  private segment(a: TextAnalysis, s: number, e: number): void {
    const tokens = tokenize(this.seg, a.text.slice(s, e));
    if (s) for (const t of tokens) { t.start += s; t.end += s; }
    a.b[s] = 1;
    a.b[e] = 1;
    markBoundaries(this.seg, a.b, tokens);
    // Keep tokens and ranges sorted (ranges come in order from `analyze`; `cover` may insert).
    const last = a.segmented[a.segmented.length - 1];
    const at = !last || last[0] < s ? -1 : a.segmented.findIndex((r) => r[0] > s);
    if (at < 0) {
      a.segmented.push([s, e]);
      for (const t of tokens) a.tokens.push(t);
    } else {
      a.segmented.splice(at, 0, [s, e]);
      const k = a.tokens.findIndex((t) => t.start >= e);
      a.tokens.splice(k < 0 ? a.tokens.length : k, 0, ...tokens);
    }
  }

  /** Segments whatever part of [s, e) is not segmented yet. */
  private cover(a: TextAnalysis, s: number, e: number): void {
    let p = s;
    for (const [x, y] of [...a.segmented]) {
      if (y <= p) continue;
      if (x >= e) break;
      if (x > p) this.segment(a, p, x);
      p = Math.max(p, y);
      if (p >= e) return;
    }
    if (p < e) this.segment(a, p, e);
  }

  /** The rules (all, or the given ones) that fire in `text`, in rule-set order. */
  match(text: string, only?: readonly CompiledRule[]): RuleHit[] {
    const rules = only ?? this.ruleSet.rules;
    if (!text || rules.length === 0) return [];
    return this.matchIn(this.analyze(text), 0, text.length, rules);
  }

  /**
   * The rules (all, or the given ones) that fire in the range [start, end) of an analysed text, in
   * rule-set order; occurrences are offsets into `a.text`. The same as `match(text.slice(start,
   * end))` except that the words inside the range are those of the whole text. Regexes run on the
   * range's text alone (anchors and context as in `match`).
   */
  matchIn(a: TextAnalysis, start: number, end: number, only?: readonly CompiledRule[]): RuleHit[] {
    const rules = only ?? this.ruleSet.rules;
    const s = Math.max(0, Math.min(start, a.text.length));
    const e = Math.max(s, Math.min(end, a.text.length));
    if (e === s || rules.length === 0) return [];
    if (!isCovered(a.segmented, s, e)) this.cover(a, s, e);
    const raw: Occurrence[] = [];
    this.positive.find(a, s, e, raw);
    const kept = resolveOverlaps(raw);
    // The term rules that can fire: those with a term among the kept occurrences.
    const known = this.prepared.size;
    const candidate = new Uint8Array(known);
    for (const o of kept) for (const i of this.termRules.get(o.term) ?? []) candidate[i] = 1;
    let unlessOcc: Occurrence[] | null = null;
    let slice: string | null = null;

    const hits: RuleHit[] = [];
    for (const rule of rules) {
      const p = this.prepare(rule);
      const m = rule.matcher;
      if (m.kind !== 'regex' && !(p.index < known ? candidate[p.index] : kept.some((o) => p.terms?.has(o.term) || p.groupsOf?.has(o.term)))) continue;
      let instances: Occurrence[][];
      if (m.kind === 'any') {
        instances = [];
        for (const o of kept) if (p.terms!.has(o.term)) instances.push([o]);
      } else if (m.kind === 'all') instances = allInstances(m.groups, p.groupsOf!, kept, m.within, a.sent);
      else instances = regexInstances(rule, (slice ??= a.text.slice(s, e)), s);
      if (instances.length && rule.unless) {
        if (!unlessOcc) this.negative.find(a, s, e, (unlessOcc = []));
        const u = unlessOcc.filter((o) => p.unless!.has(o.term));
        if (u.length) instances = instances.filter((inst) => !excluded(inst, u, rule.unless!.within, a.sent));
      }
      if (!instances.length) continue;
      const occurrences = instances.flat().sort((x, y) => x.start - y.start || x.end - y.end);
      hits.push({ rule, occurrences: dedupe(occurrences) });
    }
    return hits;
  }
}

/** True when [s, e) lies inside one segmented range. */
function isCovered(ranges: readonly [number, number][], s: number, e: number): boolean {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][1] < e) lo = mid + 1;
    else hi = mid;
  }
  return lo < ranges.length && ranges[lo][0] <= s;
}

/**
 * Regex matches in `text`, which starts at `offset` of the analysed text. A yes/no test first: re2js
 * answers it with its DFA, several times faster than finding the matches (which needs positions),
 * and most pieces have none.
 */
function regexInstances(rule: CompiledRule, text: string, offset: number): Occurrence[][] {
  if (rule.matcher.kind !== 'regex') return [];
  if (!rule.matcher.re.test(text)) return [];
  const out: Occurrence[][] = [];
  const m = rule.matcher.re.matcher(text);
  while (m.find()) {
    const s = m.start();
    const e = m.end();
    if (e > s) out.push([{ term: text.slice(s, e), start: s + offset, end: e + offset }]);
  }
  return out;
}

function dedupe(occ: Occurrence[]): Occurrence[] {
  return occ.filter((o, i) => i === 0 || o.start !== occ[i - 1].start || o.end !== occ[i - 1].end || o.term !== occ[i - 1].term);
}
