/**
 * Distinctive words by log-likelihood keyness (Dunning 1993; Rayson & Garside 2000): for each
 * group (a unit, a category) the content words of its findings are compared with those of all other
 * findings. A word is listed when it occurs at least `minCount` times in the group and relatively
 * more often than in the rest; words are ranked by G² (ties: count, then the word).
 * With a single group there is no reference corpus: words are ranked by frequency and G² is null.
 */
import type { KeyWord, KeyWordGroup } from './schema.js';
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

export function keyness(groups: KeynessGroupInput[], opts: { minCount?: number; top?: number } = {}): KeyWordGroup[] {
  const minCount = opts.minCount ?? 2;
  const top = opts.top ?? 15;
  const counted = groups.map((g) => countTokens(g.findings));
  const all = new Map<string, number>();
  let allTotal = 0;
  for (const c of counted) {
    allTotal += c.total;
    for (const [w, n] of c.freq) all.set(w, (all.get(w) ?? 0) + n);
  }
  const hasReference = groups.length > 1;
  return groups.map((g, gi) => {
    const { freq, docFreq, total } = counted[gi];
    const restTotal = allTotal - total;
    const words: KeyWord[] = [];
    for (const [word, count] of freq) {
      if (count < minCount) continue;
      const rest = (all.get(word) ?? 0) - count;
      if (hasReference && restTotal > 0) {
        // Only words relatively more frequent here than in the rest (positive keyness).
        if (count / total <= rest / restTotal) continue;
        const g2 = logLikelihood(count, rest, total, restTotal);
        words.push({
          word,
          count,
          rest_count: rest,
          findings: docFreq.get(word) ?? 0,
          g2: round(g2),
          p_value: roundSig(chiSquareSurvival(g2, 1)),
          significant: g2 >= G2_CRITICAL,
        });
      } else {
        words.push({ word, count, rest_count: rest, findings: docFreq.get(word) ?? 0, g2: null, p_value: null, significant: false });
      }
    }
    words.sort((a, b) => (b.g2 ?? 0) - (a.g2 ?? 0) || b.count - a.count || cmpStr(a.word, b.word));
    return { group: g.group, label: g.label, tokens: total, rest_tokens: restTotal, words: words.slice(0, top) };
  });
}
