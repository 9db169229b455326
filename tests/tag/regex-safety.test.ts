import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rules/index.js';
import { getSegmenter } from '../../src/segment/index.js';
import { Tagger } from '../../src/tag/index.js';
import { finding } from './helpers/records.js';

// Rule regexes run on re2js (a linear-time RE2 port): a pattern that backtracks catastrophically in
// JavaScript's RegExp, like (a+)+$, runs in linear time. This test checks the answers, not the clock.
describe('regex rules run in linear time (re2js)', () => {
  const seg = getSegmenter();
  const res = compileRuleSet(
    [{ name: 'evil.yaml', text: "categories: [{id: x, label: 爱}]\nrules:\n  - id: x.evil\n    regex: '(a+)+$'\n    weight: 1\n    examples: {match: [aaa], no_match: [aab!]}\n" }],
    { dir: '.', segmenter: seg },
  );
  if (!res.ok) throw new Error(JSON.stringify(res.diagnostics));
  const tagger = new Tagger(res.value, seg);

  it('(a+)+$ against 50,000 a\'s and "!" returns, with no match', () => {
    const doc = 'a'.repeat(50_000) + '!';
    const t = tagger.tag(finding(doc), doc);
    expect(t.evidence).toEqual([]);
    expect(t.primary).toBe('none');
  });

  it('and matches 50,000 a\'s without the "!"', () => {
    const doc = 'a'.repeat(50_000);
    const t = tagger.tag(finding(doc), doc);
    expect(t.evidence).toHaveLength(1);
    expect(t.evidence[0].spans).toEqual([[0, 50_000]]);
  });
});
