import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { Evidence, TaggedFinding } from '../../src/model/records.js';
import { loadRuleSet, type RuleSet } from '../../src/rules/index.js';
import { getSegmenter } from '../../src/segment/index.js';
import { diffTagged, formatDiff, formatPrimaryChanges, loadWorkset, tagWorkset, type Workset } from '../../src/workbench/index.js';
import { copyRules, removeTmpDirs } from '../rules/helpers.js';
import { CORPORA, GOLD_DEV, RULES, tf, xuncha } from './helpers.js';

afterAll(removeTmpDirs);
const seg = getSegmenter();

/** A copy of rules/ with the rule `id` deleted from its file (YAML edited as a document). */
function withoutRule(id: string): string {
  const dir = copyRules(RULES);
  const base = loadRuleSet(RULES, { segmenter: seg, skipExamples: true });
  if (!base.ok) throw new Error('rules');
  const file = base.value.rules.find((r) => r.id === id)!.file.replace(/^.*[\\/]/, '');
  const doc = parseDocument(readFileSync(join(dir, file), 'utf8'));
  const rules = doc.get('rules') as { items: { get(k: string): unknown }[] };
  rules.items = rules.items.filter((r) => r.get('id') !== id);
  writeFileSync(join(dir, file), doc.toString());
  return dir;
}

const load = (dir: string): RuleSet => {
  const r = loadRuleSet(dir, { segmenter: seg });
  if (!r.ok) throw new Error(`rules in ${dir} do not load`);
  return r.value;
};

describe('rules diff: deleting one rule', () => {
  let ws: Workset;
  it('loads corpora/ and the dev findings', async () => {
    const w = await loadWorkset([CORPORA], { gold: GOLD_DEV });
    if (!w.ok) throw new Error('inputs');
    ws = w.value;
    expect(ws.findings.length).toBe(27 + 43);
  });

  for (const id of ['political.carry_out', 'conduct.drive', 'finance.money', 'party_building.members']) {
    it(`${id}: lists exactly the findings where the rule contributed evidence, and blames that rule`, () => {
      const headDir = withoutRule(id);
      const base = load(RULES);
      const head = load(headDir);
      expect(head.rules.map((r) => r.id)).not.toContain(id);
      const before = tagWorkset(ws, base, seg);
      const after = tagWorkset(ws, head, seg);
      const expected = before.filter((f) => f.evidence.some((e) => e.rule === id)).map((f) => f.id).sort();
      expect(expected.length, 'the rule should fire somewhere').toBeGreaterThan(0);
      const d = diffTagged(before, after);
      // Where another rule takes over with the same score (a `.broad` last-resort rule, once the
      // deleted rule's words no longer hold the text together), the change is evidence only.
      expect([...d.changes, ...d.evidence_only].map((c) => c.id).sort()).toEqual(expected);
      for (const c of d.changes) {
        expect(c.rules_removed).toEqual([id]);
        expect(c.kinds).toContain('scores');
      }
      for (const c of d.evidence_only) {
        expect(c.rules_removed).toEqual([id]);
        expect(c.rules_added.length, `${c.id}: evidence-only changes come from another rule taking over`).toBeGreaterThan(0);
        expect(c.kinds).toEqual(['evidence']);
      }
      expect(d.compared).toBe(ws.findings.length);
    });
  }
});

describe('diffTagged', () => {
  const ev = (rule: string, category: string, weight: number, field: Evidence['field'] = 'title'): Evidence => ({ category, rule, field, weight, terms: [], words: [], spans: [] });
  const before: TaggedFinding[] = [
    tf('d#1', 'A', { categories: ['A', 'B'], scores: { A: 6, B: 3 }, evidence: [ev('a1', 'A', 6), ev('b1', 'B', 3)] }),
    tf('d#2', 'B', { scores: { A: 0, B: 6 }, evidence: [ev('b1', 'B', 6)] }),
    tf('d#3', 'none', { scores: { A: 0, B: 0 } }),
    tf('d#4', 'A', { scores: { A: 6, B: 0 }, evidence: [ev('a1', 'A', 6)] }),
  ];
  const after: TaggedFinding[] = [
    tf('d#1', 'B', { categories: ['B'], scores: { A: 0, B: 3 }, evidence: [ev('b1', 'B', 3)] }),
    tf('d#2', 'B', { scores: { A: 0, B: 6 }, evidence: [ev('b2', 'B', 6)] }), // renamed rule, same tags
    tf('d#3', 'none', { scores: { A: 0, B: 0 } }),
    tf('d#5', 'A', { scores: { A: 6, B: 0 }, evidence: [ev('a1', 'A', 6)] }),
  ];
  const d = diffTagged(before, after);

  it('tag changes with the rules responsible, evidence-only changes apart, one-sided findings', () => {
    expect(d.changes.map((c) => [c.id, c.kinds, c.rules_removed, c.rules_added])).toEqual([['d#1', ['primary', 'categories', 'scores'], ['a1'], []]]);
    expect(d.changes[0].score_deltas).toEqual({ A: -6 });
    expect(d.evidence_only.map((c) => [c.id, c.rules_removed, c.rules_added])).toEqual([['d#2', ['b1'], ['b2']]]);
    expect(d.only_before).toEqual(['d#4']);
    expect(d.only_after).toEqual(['d#5']);
    expect(d.compared).toBe(3);
  });

  it('summary by category: gained/lost as primary and as any', () => {
    expect(d.summary).toEqual([
      { category: 'A', gained_primary: 0, lost_primary: 1, gained_any: 0, lost_any: 1 },
      { category: 'B', gained_primary: 1, lost_primary: 0, gained_any: 0, lost_any: 0 },
    ]);
  });

  it('a rule whose contribution changed (weight or field) is "changed"', () => {
    const x = diffTagged([tf('e#1', 'A', { scores: { A: 6 }, evidence: [ev('a1', 'A', 6)] })], [tf('e#1', 'A', { scores: { A: 3 }, evidence: [ev('a1', 'A', 3)] })]);
    expect(x.changes[0]).toMatchObject({ kinds: ['scores'], rules_changed: ['a1'], rules_removed: [], rules_added: [] });
  });

  it('formats', () => {
    const text = formatDiff(d, { labels: { base: 'old', head: 'new' } });
    expect(text).toMatch(/^1 of 3 findings change their tags \(old → new\)/);
    expect(text).toMatch(/primary A → B {2}categories \[A, B\] → \[B\]/);
    expect(text).toMatch(/rules − a1/);
    expect(text).toMatch(/1 more findings changed their evidence but not their tags/);
    expect(formatPrimaryChanges(d)).toMatch(/1 findings changed their primary category:\n {2}d#1 {2}A → B/);
  });
});

describe('xuncha rules diff (built CLI)', () => {
  it('--json: the same changes as the function', () => {
    const head = withoutRule('finance.money');
    const r = xuncha(['rules', 'diff', '--base', RULES, '--head', head, CORPORA, '--json']);
    expect(r.code, `${r.via}: ${r.stderr}`).toBe(0);
    const d = JSON.parse(r.stdout) as ReturnType<typeof diffTagged>;
    expect(d.changes.map((c) => c.id)).toEqual(['000_a7e788a71b64a196.txt#14', '001_8e4b7fe06461b8c1.txt#6']);
    expect(d.changes.every((c) => c.rules_removed.includes('finance.money'))).toBe(true);
  });
});
