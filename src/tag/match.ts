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
 */
import { tokenize, wordBoundaries, type Segmenter } from '../segment/index.js';
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
const SENTENCE_END = new Set(['。', '！', '？', '；', '!', '?', ';', '\n']);

/** Sentence number of every offset (a sentence owns the punctuation that ends it). */
export function sentenceIndex(text: string): Int32Array {
  const out = new Int32Array(text.length + 1);
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    out[i] = s;
    if (SENTENCE_END.has(text[i])) s++;
  }
  out[text.length] = s;
  return out;
}

/** Every boundary-to-boundary occurrence of `term` in `text`. */
function findTerm(text: string, term: string, b: Uint8Array, out: Occurrence[]): void {
  if (!term) return;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    if (b[at] && b[at + term.length]) out.push({ term, start: at, end: at + term.length });
  }
}

/** Longest first, then earliest; an occurrence overlapping a kept one is dropped. Result sorted by start. */
export function resolveOverlaps(occ: Occurrence[]): Occurrence[] {
  const byPriority = [...occ].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const kept: Occurrence[] = [];
  const taken = new Uint8Array(occ.reduce((m, o) => Math.max(m, o.end), 0));
  for (const o of byPriority) {
    let free = true;
    for (let i = o.start; i < o.end; i++) if (taken[i]) { free = false; break; }
    if (!free) continue;
    for (let i = o.start; i < o.end; i++) taken[i] = 1;
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
function allInstances(groups: string[][], occ: Occurrence[], within: Scope, sent: Int32Array): Occurrence[][] {
  const groupOf = (o: Occurrence): number[] => groups.flatMap((g, i) => (g.includes(o.term) ? [i] : []));
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

/**
 * Matches a rule set against texts. Build one per rule set and segmenter: it adds every rule term
 * (and the rule set's dictionary words) to the segmenter, so each term segments as one word.
 */
export class RuleMatcher {
  private readonly positive: string[];
  private readonly negative: string[];

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
    this.positive = [...pos].sort();
    this.negative = [...neg].sort();
  }

  /** The rules (all, or the given ones) that fire in `text`, in rule-set order. */
  match(text: string, only?: readonly CompiledRule[]): RuleHit[] {
    const rules = only ?? this.ruleSet.rules;
    if (!text || rules.length === 0) return [];
    const b = wordBoundaries(this.seg, text, tokenize(this.seg, text));
    const sent = sentenceIndex(text);
    const raw: Occurrence[] = [];
    for (const t of this.positive) findTerm(text, t, b, raw);
    const kept = resolveOverlaps(raw);
    let unlessOcc: Occurrence[] | null = null;
    const unlessFor = (terms: string[]): Occurrence[] => {
      if (!unlessOcc) {
        unlessOcc = [];
        for (const t of this.negative) findTerm(text, t, b, unlessOcc);
      }
      return unlessOcc.filter((o) => terms.includes(o.term));
    };

    const hits: RuleHit[] = [];
    for (const rule of rules) {
      let instances: Occurrence[][];
      const m = rule.matcher;
      if (m.kind === 'any') instances = kept.filter((o) => m.terms.includes(o.term)).map((o) => [o]);
      else if (m.kind === 'all') instances = allInstances(m.groups, kept, m.within, sent);
      else instances = regexInstances(rule, text);
      if (instances.length && rule.unless) {
        const u = unlessFor(rule.unless.terms);
        if (u.length) instances = instances.filter((inst) => !excluded(inst, u, rule.unless!.within, sent));
      }
      if (!instances.length) continue;
      const occurrences = instances.flat().sort((a, c) => a.start - c.start || a.end - c.end);
      hits.push({ rule, occurrences: dedupe(occurrences) });
    }
    return hits;
  }
}

function regexInstances(rule: CompiledRule, text: string): Occurrence[][] {
  if (rule.matcher.kind !== 'regex') return [];
  const out: Occurrence[][] = [];
  const m = rule.matcher.re.matcher(text);
  while (m.find()) {
    const s = m.start();
    const e = m.end();
    if (e > s) out.push([{ term: text.slice(s, e), start: s, end: e }]);
  }
  return out;
}

function dedupe(occ: Occurrence[]): Occurrence[] {
  return occ.filter((o, i) => i === 0 || o.start !== occ[i - 1].start || o.end !== occ[i - 1].end || o.term !== occ[i - 1].term);
}
