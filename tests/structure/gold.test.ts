/** The two real sample reports against the gold (tests may read the gold; production never does). */
import { describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { normalize } from '../../src/normalize/index.js';
import { parse, read, spansOk } from './helpers.js';

interface GoldRow { doc: string; seq: string; number: string; title: string }
const rows = parseCsv(read('tests/fixtures/gold/seed-findings.csv'), { bom: true, columns: true }) as GoldRow[];
const docs = JSON.parse(read('tests/fixtures/gold/seed-documents.json')) as Record<string, Record<string, unknown>>;

describe.each(Object.keys(docs))('gold %s', (doc) => {
  const gold = docs[doc];
  const r = parse(read(`corpora/${doc}`));
  const findings = r.findings.filter((f) => f.record_kind === 'finding');
  const expected = rows.filter((x) => x.doc === doc);

  it('finds exactly the gold findings, in order, with gold numbers and titles', () => {
    expect(findings.length).toBe(gold.findings);
    expect(findings.map((f) => f.number)).toEqual(expected.map((x) => x.number));
    expect(findings.map((f) => f.title)).toEqual(expected.map((x) => x.title));
  });

  it('extracts the gold metadata', () => {
    const m = r.meta;
    expect(m.kind).toBe(gold.kind);
    expect(m.title).toBe(gold.title);
    expect(m.unit).toBe(gold.unit);
    expect(m.inspected_org).toBe(gold.inspected_org);
    expect(m.inspector).toBe(gold.inspector);
    if ('inspection_type' in gold) expect(m.inspection_type).toBe(gold.inspection_type);
    const period = gold.period as [string, string];
    expect([m.period_start, m.period_end]).toEqual(period);
    if ('feedback_date' in gold) expect(m.feedback_date).toBe(gold.feedback_date);
    if ('published' in gold) expect(m.published).toBe(gold.published);
  });

  it('has spans inside the original, and title spans that normalize to the title', () => {
    expect(spansOk(r)).toEqual([]);
    for (const f of r.findings) {
      expect(normalize(r.original.slice(...f.title_span)).text).toBe(f.title);
      expect(normalize(r.original.slice(...f.span)).text).toBe(f.text);
      if (f.measures_span) expect(normalize(r.original.slice(...f.measures_span)).text).toBe(f.measures);
    }
  });

  it('warns about nothing', () => {
    expect(r.diagnostics).toEqual([]);
  });
});

describe('gold details', () => {
  it('000: findings sit under 二、存在的主要问题; evaluation and procedure are not findings', () => {
    const r = parse(read('corpora/000_a7e788a71b64a196.txt'));
    const f = r.findings.filter((x) => x.record_kind === 'finding');
    expect(f[0].number_path).toEqual(['二', '(一)', '1']);
    expect(f[0].heading_path).toEqual(['二、存在的主要问题', '（一）贯彻落实上级决策部署不到位、不到底']);
    expect(f[13].text).not.toMatch(/会前已向|另外，巡察期间/);
    expect(f.some((x) => /整体评价|团结的班子/.test(x.text))).toBe(false);
    // 三、意见建议 yields recommendations, after the findings.
    const recs = r.findings.filter((x) => x.record_kind === 'recommendation');
    expect(recs.length).toBe(4);
    expect(r.findings.findIndex((x) => x.record_kind === 'recommendation')).toBe(14);
    expect(recs[0].title).toBe('强化学习提升，增强政治自觉');
  });

  it('001: each problem has its 整改情况 as measures and the statement as text', () => {
    const r = parse(read('corpora/001_8e4b7fe06461b8c1.txt'));
    const f = r.findings[0];
    expect(f.text).toBe('针对推进“检察制度示范院”建设乏力的问题');
    expect(f.measures).toMatch(/^结合深圳检察工作实际/);
    expect(r.findings.every((x) => x.measures && !x.measures.startsWith('整改情况'))).toBe(true);
    expect(r.findings.every((x) => x.progress === null)).toBe(true);
    expect(r.meta.kind_cue).toBe('整改情况的通报');
  });
});
