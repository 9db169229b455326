import { describe, expect, it } from 'vitest';
import { association, computeSummary, Summary } from '../../src/aggregate/index.js';
import type { TaggedFinding } from '../../src/model/records.js';
import { getSegmenter } from '../../src/segment/index.js';
import { CATEGORIES, handMadeSet, synthDoc } from './helpers.js';

const seg = getSegmenter();

function summarize(documents = handMadeSet().documents, findings: TaggedFinding[] = handMadeSet().findings) {
  return computeSummary({ documents, findings, categories: CATEGORIES, rulesetHash: 'abc123', version: '9.9.9', segmenter: seg });
}

describe('computeSummary on a hand-made set', () => {
  const s = summarize();
  const unit = s.groupings.find((g) => g.key === 'unit')!;

  it('validates against the schema and records version and hash', () => {
    expect(() => Summary.parse(s)).not.toThrow();
    expect(s.schema_version).toBe(1);
    expect(s.xuncha_version).toBe('9.9.9');
    expect(s.ruleset_hash).toBe('abc123');
    expect(s.categories.map((c) => c.id)).toEqual(CATEGORIES.map((c) => c.id));
  });

  it('counts documents, findings, units; leaves recommendations out', () => {
    expect(s.totals.documents).toBe(3);
    expect(s.totals.findings).toBe(50);
    expect(s.totals.recommendations_excluded).toBe(1);
    expect(s.totals.units).toBe(3);
    expect(s.totals.uncategorized).toBe(0);
    expect(s.totals.documents_without_findings).toEqual(['c-rc.txt']);
    expect(s.totals.documents_by_kind).toEqual([
      { kind: 'feedback', label: '巡察反馈意见', count: 2 },
      { kind: 'rectification', label: '整改情况通报', count: 1 },
    ]);
  });

  it('per-unit counts and shares (primary and any), groups in code-point order', () => {
    expect(unit.groups.map((g) => g.value)).toEqual(['县丙局', '县乙局', '县甲局']);
    const a = unit.groups.find((g) => g.value === '县甲局')!;
    expect(a.documents).toBe(1);
    expect(a.findings).toBe(20);
    const pol = a.categories.find((c) => c.id === 'political')!;
    expect(pol).toEqual({ id: 'political', label: '政治建设与决策部署落实', primary: 12, any: 12, primary_share: 0.6, any_share: 0.6 });
    const con = a.categories.find((c) => c.id === 'conduct')!;
    expect(con).toMatchObject({ primary: 5, any: 7, primary_share: 0.25, any_share: 0.35 });
    expect(a.categories.map((c) => c.id)).toEqual(CATEGORIES.map((c) => c.id));
    const cUnit = unit.groups.find((g) => g.value === '县丙局')!;
    expect(cUnit).toMatchObject({ documents: 1, findings: 0 });
    expect(cUnit.categories.every((c) => c.primary === 0 && c.primary_share === 0)).toBe(true);
  });

  it('units × categories matrix of primary counts', () => {
    expect(unit.matrix.rows).toEqual(['县丙局', '县乙局', '县甲局']);
    expect(unit.matrix.columns).toEqual(CATEGORIES.map((c) => c.id));
    expect(unit.matrix.counts).toEqual([
      [0, 0, 0, 0, 0],
      [4, 10, 0, 0, 16],
      [12, 5, 0, 0, 3],
    ]);
  });

  it('chi-square test and adjusted residuals match the hand-checked 2×3 case', () => {
    const a = unit.association;
    expect(a.status).toBe('ok');
    expect(a.method).toMatch(/Pearson chi-square/);
    expect(a.rows).toEqual(['县乙局', '县甲局']);
    expect(a.columns).toEqual(['political', 'conduct', 'finance']);
    expect(a.n).toBe(50);
    expect(a.statistic).toBe(13.0848);
    expect(a.df).toBe(2);
    expect(a.p_value).toBe(0.001441);
    expect(a.small_expected_cells).toBe(0);
    expect(a.approximation_ok).toBe(true);
    const cell = (row: string, col: string) => a.cells.find((c) => c.row === row && c.column === col)!;
    expect(cell('县甲局', 'political')).toEqual({
      row: '县甲局', column: 'political', observed: 12, expected: 6.4, residual: 3.4655, small_expected: false, direction: 'over', significant: true,
    });
    expect(cell('县甲局', 'conduct')).toMatchObject({ residual: -0.6299, direction: 'as-expected', significant: false });
    expect(cell('县甲局', 'finance')).toMatchObject({ residual: -2.7358, direction: 'under', significant: true });
    expect(cell('县乙局', 'finance')).toMatchObject({ residual: 2.7358, direction: 'over', significant: true });
  });

  it('groups by document kind and by every metadata column (missing values last)', () => {
    expect(s.groupings.map((g) => g.key)).toEqual(['unit', 'kind', 'meta:region', 'meta:year']);
    const region = s.groupings.find((g) => g.key === 'meta:region')!;
    expect(region.groups.map((g) => [g.value, g.label, g.findings])).toEqual([
      ['北区', '北区', 20],
      ['南区', '南区', 30],
      [null, '（未填写）', 0],
    ]);
    const kind = s.groupings.find((g) => g.key === 'kind')!;
    expect(kind.groups.map((g) => [g.value, g.label, g.documents, g.findings])).toEqual([
      ['feedback', '巡察反馈意见', 2, 50],
      ['rectification', '整改情况通报', 1, 0],
    ]);
    expect(kind.association.status).toBe('not-applicable');
  });

  it('distinctive words by log-likelihood keyness, with counts', () => {
    expect(s.distinctive.method).toMatch(/log-likelihood/);
    const a = s.distinctive.by_unit.find((g) => g.group === '县甲局')!;
    const b = s.distinctive.by_unit.find((g) => g.group === '县乙局')!;
    expect(a.words.map((w) => w.word)).toContain('决策部署');
    expect(b.words.map((w) => w.word)).toContain('专项资金');
    const w = a.words.find((x) => x.word === '决策部署')!;
    expect(w).toMatchObject({ count: 12, rest_count: 0, findings: 12, significant: true });
    expect(w.g2).toBeGreaterThan(3.84);
    // no stopwords, punctuation, numbers or single characters
    for (const g of [...s.distinctive.by_unit, ...s.distinctive.by_category]) {
      for (const x of g.words) {
        expect([...x.word].length).toBeGreaterThan(1);
        expect(x.word).not.toMatch(/^[\d\p{P}]+$/u);
        expect(['问题', '存在', '工作']).not.toContain(x.word);
      }
    }
    const fin = s.distinctive.by_category.find((g) => g.group === 'finance')!;
    expect(fin.words.map((x) => x.word)).toContain('专项资金');
  });

  it('is deterministic whatever the input order', () => {
    const { documents, findings } = handMadeSet();
    const again = summarize([...documents].reverse(), [...findings].reverse());
    expect(JSON.stringify(again)).toBe(JSON.stringify(s));
  });
});

describe('categories come from the rule set', () => {
  it('uses any taxonomy given, adds unknown ids and "none" at the end', () => {
    const { doc, findings } = synthDoc({
      id: 'x.txt',
      unit: '某单位',
      kind: 'feedback',
      items: [
        { title: '政治建设不到位', primary: 'zhengzhi' },
        { title: '纪律松弛', primary: 'jilv' },
        { title: '其他事项', primary: 'none' },
        { title: '新类别事项', primary: 'brand_new' },
      ],
    });
    const s = computeSummary({
      documents: [doc],
      findings,
      categories: [
        { id: 'zhengzhi', label: '政治建设' },
        { id: 'jilv', label: '纪律建设' },
      ],
      rulesetHash: 'h',
      version: 'v',
      segmenter: seg,
    });
    expect(s.categories).toEqual([
      { id: 'zhengzhi', label: '政治建设' },
      { id: 'jilv', label: '纪律建设' },
      { id: 'brand_new', label: 'brand_new' },
      { id: 'none', label: '未归类' },
    ]);
    expect(s.totals.uncategorized).toBe(1);
    expect(s.groupings[0].matrix.counts).toEqual([[1, 1, 1, 1]]);
    expect(s.groupings[0].association.status).toBe('not-applicable');
    // one unit: no reference corpus, words by frequency, no G²
    expect(s.distinctive.by_unit[0].words.every((w) => w.g2 === null)).toBe(true);
  });
});

describe('association flags small expected counts', () => {
  it('never calls a cell significant when its expected count is below 5', () => {
    const a = association(['甲', '乙'], ['x', 'y'], [[6, 0], [0, 6]]);
    expect(a.statistic).toBe(12);
    expect(a.small_expected_cells).toBe(4);
    expect(a.approximation_ok).toBe(false);
    for (const c of a.cells) {
      expect(c.small_expected).toBe(true);
      expect(c.significant).toBe(false);
      expect(Math.abs(c.residual)).toBeCloseTo(3.4641, 4);
    }
    expect(a.cells[0].direction).toBe('over');
  });
});
