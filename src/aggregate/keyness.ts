/**
 * Distinctive words by log-likelihood keyness (Dunning 1993; Rayson & Garside 2000): for each
 * group (a unit, a category) the content words of its findings are compared with those of all other
 * findings. A word is listed when it occurs at least `minCount` times in the group and relatively
 * more often than in the rest; words are ranked by G² (ties: count, then the word).
 * With a single group there is no reference corpus: words are ranked by frequency and G² is null.
 */
import type { KeyWord, KeyWordGroup } from './schema.js';
import { Vocab } from './compact.js';
import { chiSquareSurvival, cmpStr, logLikelihood, round, roundSig } from './stats.js';

export const KEYNESS_METHOD =
  'log-likelihood keyness (Dunning G², group vs. rest of the corpus; words from jieba segmentation, stopwords, punctuation, numbers and 1-character tokens removed)';
export const G2_CRITICAL = 3.84;

export interface KeynessGroupInput {
  group: string;
  label: string;
  /** Content tokens of each finding in the group. */
  findings: string[][];
}

function countTokens(findings: string[][]): { freq: Map<string, number>; docFreq: Map<string, number>; total: number } {
  const freq = new Map<string, number>();
  const docFreq = new Map<string, number>();
  let total = 0;
  for (const toks of findings) {
    total += toks.length;
    for (const t of toks) freq.set(t, (freq.get(t) ?? 0) + 1);
    for (const t of new Set(toks)) docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
  }
  return { freq, docFreq, total };
}

/** One group's word counts: its token total and every word id with its occurrences and the number of the group's findings containing it. */
export interface WordCounts {
  tokens: number;
  words: Iterable<[id: number, count: number, findings: number]>;
}

/**
 * A group for keyness from counts, as the streaming builder keeps them. `counts()` is called when
 * the group's turn comes (twice without a `reference`: once for the reference totals), so groups
 * need not all be in memory at once.
 */
export interface KeynessCounts {
  group: string;
  label: string;
  counts: () => WordCounts;
}

/** The reference corpus: every group together (word id → occurrences, and the token total). */
export interface KeynessReference {
  counts: Map<number, number>;
  tokens: number;
}

export function keyness(groups: KeynessGroupInput[], opts: { minCount?: number; top?: number } = {}): KeyWordGroup[] {
  const vocab = new Vocab();
  const counted = groups.map((g): KeynessCounts => {
    const { freq, docFreq, total } = countTokens(g.findings);
    const words = [...freq].map(([w, n]): [number, number, number] => [vocab.id(w), n, docFreq.get(w) ?? 0]);
    return { group: g.group, label: g.label, counts: () => ({ tokens: total, words }) };
  });
  return keynessFromCounts(counted, (id) => vocab.words[id], opts);
}

/**
 * Keyness from word counts: the same result as `keyness` on the findings the counts came from.
 * The reference corpus is all the groups together; pass it as `reference` when it is known (the
 * same findings grouped otherwise), else it is summed from the groups. `word` turns an id into its
 * word.
 */
export function keynessFromCounts(
  groups: KeynessCounts[],
  word: (id: number) => string,
  opts: { minCount?: number; top?: number } = {},
  reference?: KeynessReference,
): KeyWordGroup[] {
  const minCount = opts.minCount ?? 2;
  const top = opts.top ?? 15;
  let ref = reference;
  if (!ref) {
    ref = { counts: new Map(), tokens: 0 };
    for (const g of groups) {
      const c = g.counts();
      ref.tokens += c.tokens;
      for (const [id, n] of c.words) ref.counts.set(id, (ref.counts.get(id) ?? 0) + n);
    }
  }
  const all = ref.counts;
  const allTotal = ref.tokens;
  const hasReference = groups.length > 1;
  return groups.map((g) => {
    const c = g.counts();
    const total = c.tokens;
    const restTotal = allTotal - total;
    const words: KeyWord[] = [];
    for (const [id, count, findings] of c.words) {
      if (count < minCount) continue;
      const rest = (all.get(id) ?? 0) - count;
      if (hasReference && restTotal > 0) {
        // Only words relatively more frequent here than in the rest (positive keyness).
        if (count / total <= rest / restTotal) continue;
        const g2 = logLikelihood(count, rest, total, restTotal);
        words.push({
          word: word(id),
          count,
          rest_count: rest,
          findings,
          g2: round(g2),
          p_value: roundSig(chiSquareSurvival(g2, 1)),
          significant: g2 >= G2_CRITICAL,
        });
      } else {
        words.push({ word: word(id), count, rest_count: rest, findings, g2: null, p_value: null, significant: false });
      }
    }
    words.sort((a, b) => (b.g2 ?? 0) - (a.g2 ?? 0) || b.count - a.count || cmpStr(a.word, b.word));
    return { group: g.group, label: g.label, tokens: total, rest_tokens: restTotal, words: words.slice(0, top) };
  });
}
