import { afterAll, describe, expect, it } from 'vitest';
import type { Evidence, TaggedFinding } from '../../src/model/records.js';
import { loadRuleSet, type RuleSet } from '../../src/rules/index.js';
import { getSegmenter } from '../../src/segment/index.js';
import { analyzeRules, formatAnalysis, loadWorkset, tagWorkset } from '../../src/workbench/index.js';
import { removeTmpDirs } from '../rules/helpers.js';
import { CORPORA, GOLD_SEED, rulesWithout, tf, xuncha } from './helpers.js';

afterAll(removeTmpDirs);
const seg = getSegmenter();

describe('analyzeRules: a hand-counted case', () => {
  const ev = (rule: string, category: string, weight = 6): Evidence => ({ category, rule, field: 'title', weight, terms: [], words: [rule], spans: [] });
  const rule = (id: string, category: string, weight = 2) => ({ id, category, weight, matcher: { kind: 'any', terms: [] } });
  const rs = {
    name: 'hand',
    hash: 'h',
    threshold: 2,
    categories: [{ id: 'A', label: 'a', order: 0 }, { id: 'B', label: 'b', order: 1 }],
    rules: [rule('a1', 'A'), rule('a2', 'A'), rule('b1', 'B'), rule('n1', 'none', -2)],
  } as unknown as RuleSet;
  const tagged: TaggedFinding[] = [
    tf('f#1', 'A', { evidence: [ev('a1', 'A'), ev('a2', 'A')] }),
    tf('f#2', 'B', { evidence: [ev('a1', 'A'), ev('b1', 'B')] }),
    tf('f#3', 'B', { evidence: [ev('b1', 'B')] }),
    tf('f#4', 'none'),
    tf('f#5', 'none', { evidence: [ev('a1', 'A'), ev('n1', 'none', -6)] }),
    tf('f#6', 'A', { record_kind: 'recommendation', evidence: [ev('a1', 'A')] }), // not a finding: ignored
  ];
  const labels = new Map([
    ['f#1', { gold: 'A', also: null }],
    ['f#2', { gold: 'B', also: null }],
    ['f#3', { gold: 'B', also: 'A' }],
    ['f#4', { gold: 'A', also: null }],
    ['f#5', { gold: 'none', also: null }],
  ]);
  const a = analyzeRules(tagged, rs, { labels });
  const r = (id: string) => a.per_rule.find((x) => x.id === id)!;

  it('coverage, overlaps, conflicts and primary per rule (shares of all 5 findings)', () => {
    expect(a.findings).toBe(5);
    expect(['a1', 'a2', 'b1', 'n1'].map((id) => [r(id).fires, r(id).overlaps, r(id).conflicts, r(id).primary])).toEqual([
      [3, 3, 2, 1],
      [1, 1, 0, 1],
      [2, 1, 1, 2],
      [1, 1, 1, 1],
    ]);
    expect([r('a1').coverage, r('a1').overlap_share, r('a1').conflict_share]).toEqual([0.6, 0.6, 0.4]);
    expect(r('a1').top_conflicts.map((c) => c.rule)).toEqual(['b1', 'n1']);
  });

  it('empirical accuracy against gold and also; wrong firings listed', () => {
    expect(['a1', 'a2', 'b1', 'n1'].map((id) => [r(id).correct, r(id).labelled])).toEqual([
      [1, 3],
      [1, 1],
      [2, 2],
      [1, 1],
    ]);
    expect(r('a1').wrong.map((w) => [w.id, w.gold])).toEqual([
      ['f#2', 'B'],
      ['f#5', 'none'],
    ]);
  });

  it('categories, never-firing rules, uncovered findings', () => {
    expect(a.categories.map((c) => [c.id, c.covered, c.primary, c.low])).toEqual([
      ['A', 3, 1, false],
      ['B', 2, 2, false],
    ]);
    expect(a.never_fire).toEqual([]);
    expect(a.uncovered.map((u) => u.id)).toEqual(['f#4']);
    expect(analyzeRules(tagged, rs, { lowShare: 0.5 }).low_coverage).toEqual(['B']);
  });
});

describe('analyzeRules on corpora/', () => {
  it('agrees with the evidence, finds the rules that never fire and the findings nothing covers', async () => {
    const ws = await loadWorkset([CORPORA], { gold: GOLD_SEED });
    if (!ws.ok) throw new Error('inputs');
    const full = loadRuleSet(undefined, { segmenter: seg });
    if (!full.ok) throw new Error('rules');
    const tagged = tagWorkset(ws.value, full.value, seg);
    const a = analyzeRules(tagged, full.value, { labels: ws.value.labels });
    for (const s of a.per_rule) {
      const fired = tagged.filter((f) => f.evidence.some((e) => e.rule === s.id));
      expect(s.fires, s.id).toBe(fired.length);
      const ok = fired.filter((f) => [ws.value.labels.get(f.id)!.gold, ws.value.labels.get(f.id)!.also].includes(s.category)).length;
      expect(s.correct, s.id).toBe(ok);
    }
    expect(a.never_fire).toEqual(a.per_rule.filter((s) => !tagged.some((f) => f.evidence.some((e) => e.rule === s.id))).map((s) => s.id));
    expect(a.never_fire).toContain('finance.vehicles_reception');
    // conduct.drive fires on the three 001 findings of section (四) under a heading about 担当作为, all gold political
    expect(a.per_rule.find((s) => s.id === 'conduct.drive')!.wrong.map((w) => w.gold)).toEqual(expect.arrayContaining(['political', 'political', 'political']));
    expect(a.low_coverage).toEqual(['finance']); // 2 of 27 findings < 0.5 / 5

    const nofin = loadRuleSet(rulesWithout('50-finance.yaml'), { segmenter: seg });
    if (!nofin.ok) throw new Error('rules');
    const b = analyzeRules(tagWorkset(ws.value, nofin.value, seg), nofin.value);
    expect(b.uncovered.map((u) => u.id)).toEqual(['000_a7e788a71b64a196.txt#14']); // 财务支出存在不规范现象
    const text = formatAnalysis(a);
    expect(text).toMatch(/^rule\s+category\s+kind\s+w\s+fires\s+cover\s+overlap\s+conflict\s+primary\s+acc\s+wrong/m);
    expect(text).toMatch(/^rules that never fire \(\d+\): .*finance\.vehicles_reception/m);
  });

  it('xuncha rules analyze --json (built CLI)', () => {
    const r = xuncha(['rules', 'analyze', CORPORA, '--json']);
    expect(r.code, `${r.via}: ${r.stderr}`).toBe(0);
    const a = JSON.parse(r.stdout) as ReturnType<typeof analyzeRules>;
    expect(a.findings).toBe(27);
    expect(a.per_rule.every((s) => s.accuracy === null)).toBe(true);
  });
});
