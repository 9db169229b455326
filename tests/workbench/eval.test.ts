import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadRuleSet } from '../../src/rules/index.js';
import { getSegmenter } from '../../src/segment/index.js';
import { evalItems, evaluate, formatEval, loadWorkset, tagWorkset, type EvalReport } from '../../src/workbench/index.js';
import { FIXTURES as RULE_FIXTURES, removeTmpDirs, tmpDir } from '../rules/helpers.js';
import { CORPORA, FIXTURES, GOLD_SEED, xuncha } from './helpers.js';

afterAll(removeTmpDirs);
const seg = getSegmenter();

async function evalOf(paths: string[], gold: string, rulesDir?: string): Promise<EvalReport> {
  const rs = loadRuleSet(rulesDir, { segmenter: seg });
  if (!rs.ok) throw new Error('rules do not load');
  const ws = await loadWorkset(paths, { gold });
  if (!ws.ok) throw new Error('gold does not load');
  const { items, unlabelled } = evalItems(tagWorkset(ws.value, rs.value, seg), ws.value.labels);
  return evaluate(items, rs.value.categories, { unlabelled, rules: { name: rs.value.name, hash: rs.value.hash } });
}

describe('rules eval (function)', () => {
  it('a six-finding text-mode case counted by hand (small rule set)', async () => {
    // s1 style→style ✓, s2 money→money ✓, s3 style/also money→money ✓ (scored as style),
    // s4 money→style ✗, s5 none→none ✓, s6 style→money ✗
    const r = await evalOf([], join(FIXTURES, 'small-gold.csv'), join(RULE_FIXTURES, 'small'));
    const m = (c: string) => r.categories.find((x) => x.category === c)!;
    expect([m('style').tp, m('style').fp, m('style').fn]).toEqual([2, 1, 1]);
    expect([m('money').tp, m('money').fp, m('money').fn]).toEqual([1, 1, 1]);
    expect([m('none').tp, m('none').fp, m('none').fn]).toEqual([1, 0, 0]);
    expect(m('style').precision).toBeCloseTo(2 / 3, 5);
    expect(m('money').recall).toBeCloseTo(1 / 2, 5);
    expect(r.micro.f1).toBeCloseTo(3 / 5, 5);
    expect(r.macro.f1).toBeCloseTo((2 / 3 + 1 / 2) / 2, 5);
    expect([r.correct, r.n, r.correct_via_also]).toEqual([4, 6, 1]);
    expect(r.misclassified.map((x) => [x.id, x.predicted])).toEqual([
      ['s4', 'style'],
      ['s6', 'money'],
    ]);
    expect(r.misclassified[0].evidence).toEqual([expect.objectContaining({ rule: 'style.words', field: 'title', words: ['形式主义'] })]);
  });

  it('seed gold on corpora/: 27 findings, supports as in the CSV, the quality bar (≥ 25 correct)', async () => {
    const r = await evalOf([CORPORA], GOLD_SEED);
    const gold = parse(readFileSync(GOLD_SEED), { columns: true }) as { gold: string }[];
    expect(r.n).toBe(27);
    expect(r.unlabelled).toBe(0);
    for (const c of r.categories) expect(c.support, c.category).toBe(gold.filter((g) => g.gold === c.category).length);
    expect(r.correct).toBeGreaterThanOrEqual(25);
    // internal consistency: the matrix holds every finding, its diagonal is the correct ones
    expect(r.confusion.flat().reduce((s, x) => s + x, 0)).toBe(27);
    expect(r.labels.reduce((s, _, i) => s + r.confusion[i][i], 0)).toBe(r.correct);
    expect(r.misclassified).toHaveLength(27 - r.correct);
    const text = formatEval(r);
    expect(text).toMatch(/^category\s+label\s+P\s+R\s+F1\s+support/m);
    expect(text).toMatch(/^micro \(without none\)\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+27$/m);
    expect(text).toMatch(/^gold \\ predicted\s+political\s+conduct\s+two_responsibility\s+party_building\s+finance\s+none$/m);
  });
});

describe('xuncha rules eval (built CLI)', () => {
  it('prints the table for the seed gold on corpora/ and writes eval.json / eval.csv', async () => {
    const out = tmpDir('eval-');
    const r = xuncha(['rules', 'eval', '--gold', GOLD_SEED, CORPORA, '--out', out]);
    expect(r.code, `${r.via}: ${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/27 labelled findings · correct \d+\/27/);
    expect(r.stdout).toMatch(/^political\s+政治建设与决策部署落实\s+\d\.\d{3}/m);
    expect(r.stdout).toMatch(/^confusion matrix/m);
    expect(r.stdout).toMatch(/^misclassified \(\d+\)$/m);
    for (const f of ['eval.json', 'eval.csv', 'confusion.csv', 'misclassified.csv']) expect(existsSync(join(out, f)), f).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')) as EvalReport;
    const direct = await evalOf([CORPORA], GOLD_SEED);
    expect(json.categories).toEqual(direct.categories);
    expect(json.micro).toEqual(direct.micro);
    const csv = parse(readFileSync(join(out, 'eval.csv')), { bom: true, columns: true }) as Record<string, string>[];
    expect(csv.map((c) => c.category)).toEqual([...direct.labels, 'micro', 'macro', 'accuracy']);
    expect(Number(csv.find((c) => c.category === 'micro')!.f1)).toBeCloseTo(direct.micro.f1, 6);
  });

  it('the text-mode gold needs no paths; a missing --gold is a usage error', () => {
    const r = xuncha(['rules', 'eval', '--gold', join(FIXTURES, 'small-gold.csv'), '--rules', join(RULE_FIXTURES, 'small'), '--json']);
    expect(r.code, `${r.via}: ${r.stderr}`).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ n: 6, correct: 4, correct_via_also: 1 });
    expect(xuncha(['rules', 'eval', CORPORA]).code).toBe(2);
  });
});
