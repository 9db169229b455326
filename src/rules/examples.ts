/**
 * Inline examples: every `match` example must make its rule fire, no `no_match` example may.
 * An example is matched as one normalized text with the WHOLE rule set's terms in play, so the
 * overlap policy applies as in real tagging (a longer term of another rule can hide a shorter one).
 * `where` is ignored: an example tests what the rule matches, not where it looks.
 */
import { normalize } from '../normalize/index.js';
import type { Segmenter } from '../segment/index.js';
import { RuleMatcher } from '../tag/match.js';
import type { CompiledRule, RuleSet } from './types.js';

export interface ExampleResult {
  rule: CompiledRule;
  kind: 'match' | 'no_match';
  index: number;
  text: string;
  passed: boolean;
  /** What matched (for a failing no_match) or null. */
  detail: string | null;
}

export function checkExamples(ruleSet: RuleSet, seg: Segmenter, matcher: RuleMatcher = new RuleMatcher(ruleSet, seg)): ExampleResult[] {
  const out: ExampleResult[] = [];
  for (const rule of ruleSet.rules) {
    for (const kind of ['match', 'no_match'] as const) {
      rule.examples[kind].forEach((text, index) => {
        const hit = matcher.match(normalize(text).text, [rule])[0];
        const passed = kind === 'match' ? !!hit : !hit;
        const detail = hit && !passed ? `matched ${hit.occurrences.map((o) => `"${o.term}"`).join(', ')}` : null;
        out.push({ rule, kind, index, text, passed, detail });
      });
    }
  }
  return out;
}
