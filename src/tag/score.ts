/**
 * Scores and the primary category.
 *
 * Each piece of evidence (one rule firing in one field) contributes `rule weight × field factor`
 * (Evidence.weight holds that contribution). A category's score is the sum of its evidence plus the
 * (negative) contributions of not-a-finding cues (`category: none`), which count against every
 * category. Categories with score ≥ threshold pass; they are sorted by ONE policy:
 *   1. higher score;
 *   2. then the category with title evidence;
 *   3. then the higher largest single contribution;
 *   4. then the category declared first in the rule set.
 * `primary` is the first passing category, or "none" when no category passes.
 */
import type { Evidence } from '../model/records.js';
import { NONE, type RuleSet } from '../rules/types.js';

export interface Scored {
  scores: Record<string, number>;
  categories: string[];
  primary: string;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function scoreEvidence(ruleSet: Pick<RuleSet, 'categories' | 'threshold'>, evidence: readonly Evidence[]): Scored {
  const penalty = evidence.filter((e) => e.category === NONE).reduce((s, e) => s + e.weight, 0);
  const stats = ruleSet.categories.map((c) => {
    const own = evidence.filter((e) => e.category === c.id);
    const raw = own.reduce((s, e) => s + e.weight, 0);
    return {
      id: c.id,
      order: c.order,
      score: round(own.length ? raw + penalty : 0),
      title: own.some((e) => e.field === 'title' && e.weight > 0),
      max: own.reduce((m, e) => Math.max(m, e.weight), 0),
    };
  });
  const scores: Record<string, number> = {};
  for (const s of stats) scores[s.id] = s.score;
  const passing = stats
    .filter((s) => s.score > 0 && s.score >= ruleSet.threshold)
    .sort((a, b) => b.score - a.score || Number(b.title) - Number(a.title) || b.max - a.max || a.order - b.order);
  const categories = passing.length ? passing.map((s) => s.id) : [NONE];
  return { scores, categories, primary: categories[0] };
}
