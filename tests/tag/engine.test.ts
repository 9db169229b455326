import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadRuleSet, type RuleSet } from '../../src/rules/index.js';
import { getSegmenter } from '../../src/segment/index.js';
import { Tagger, tagFindings, resolveOverlaps, sentenceIndex } from '../../src/tag/index.js';
import { FIXTURES } from '../rules/helpers.js';
import { finding, spanProblems } from './helpers/records.js';

const seg = getSegmenter();
const res = loadRuleSet(join(FIXTURES, 'small'), { segmenter: seg });
if (!res.ok) throw new Error('small rule set does not load');
const rs: RuleSet = res.value;
const tagger = new Tagger(rs, seg);
const tag = (text: string, opts: Parameters<typeof finding>[1] = {}, headingEvidence = true) => tagger.tag(finding(text, opts), text, { headingEvidence });
const fired = (t: ReturnType<typeof tag>) => t.evidence.map((e) => `${e.rule}/${e.field}`);

describe('matching', () => {
  it('overlaps: the longest term wins, then the earliest (公款吃喝 hides 公款)', () => {
    const t = tag('公款吃喝问题突出');
    expect(fired(t)).toEqual(['style.banquet/title']);
    expect(resolveOverlaps([
      { term: 'ab', start: 0, end: 2 },
      { term: 'bc', start: 1, end: 3 },
      { term: 'abcd', start: 0, end: 4 },
      { term: 'de', start: 3, end: 5 },
      { term: 'ef', start: 4, end: 6 },
    ]).map((o) => o.term)).toEqual(['abcd', 'ef']);
    expect(resolveOverlaps([{ term: 'bc', start: 1, end: 3 }, { term: 'ab', start: 0, end: 2 }]).map((o) => o.term)).toEqual(['ab']);
  });

  it('all: every group inside a window of N characters', () => {
    expect(fired(tag('违规发放补贴'))).toContain('money.spend/title');
    expect(fired(tag('违规行为时有发生，发放工作正常'))).not.toContain('money.spend/title');
  });

  it('regex with unless in the same sentence; another sentence does not exclude', () => {
    expect(fired(tag('存在无经手人报销情况'))).toContain('money.receipt/title');
    expect(fired(tag('无经手人问题已整改'))).not.toContain('money.receipt/title');
    expect(fired(tag('存在无经手人报销情况。其他问题已整改'))).toContain('money.receipt/title');
  });

  it('sentences end at 。！？； and line breaks', () => {
    expect([...sentenceIndex('甲。乙；丙\n丁')]).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
});

describe('scoring', () => {
  it('weight × field factor; Evidence.weight is the contribution and sums to the score', () => {
    const text = '作风不实。资金管理混乱';
    const t = tag(text, { title: '作风不实' });
    expect(t.scores).toEqual({ style: 6, money: 2 });
    expect(t.categories).toEqual(['style', 'money']);
    expect(t.primary).toBe('style');
    for (const c of ['style', 'money']) expect(t.evidence.filter((e) => e.category === c).reduce((s, e) => s + e.weight, 0)).toBe(t.scores[c]);
  });

  it('a category below the threshold keeps its score but does not pass; nothing passing → none', () => {
    const text = '问题一。违规发放补贴';
    const t = tag(text, { title: '问题一' });
    expect(t.scores.money).toBe(1);
    expect(t.categories).toEqual(['none']);
    expect(t.primary).toBe('none');
    const empty = tag('天气很好');
    expect(empty).toMatchObject({ primary: 'none', categories: ['none'], evidence: [], heading_decided: false });
  });

  it('ties: title evidence first, then the larger single contribution, then rule-set order', () => {
    // style 6 (title) = money 6 (title): same max → order (style declared first)
    expect(tag('作风与财务问题').categories).toEqual(['style', 'money']);
    // money 6 from the title vs style 2 (body) + 4 (heading): title evidence wins although style comes first
    const doc = '（一）作风方面\n1.财务混乱。作风不实';
    const t = tag(doc, { title: '财务混乱', headings: ['（一）作风方面'] });
    expect(t.scores).toEqual({ style: 6, money: 6 });
    expect(t.primary).toBe('money');
  });

  it('not-a-finding cues (category none) count against every category, unless a problem word is near', () => {
    const t = tag('获评先进集体，作风过硬');
    expect(t.scores.style).toBe(0);
    expect(t.primary).toBe('none');
    expect(t.evidence.map((e) => e.rule)).toEqual(['style.words', 'praise']);
    expect(tag('违规表彰，作风漂浮').primary).toBe('style');
  });
});

describe('headings', () => {
  const doc = '二、存在的问题\n（一）作风方面\n1.报销手续不完善。存在报销不及时现象。\n';
  const f = () => finding(doc, { title: '报销手续不完善', headings: ['二、存在的问题', '（一）作风方面'] });

  it('heading evidence points at the heading in the original text, and heading_decided says it decided', () => {
    const t = tagger.tag(f(), doc);
    expect(t.primary).toBe('style');
    expect(t.heading_decided).toBe(true);
    const h = t.evidence.find((e) => e.field === 'heading')!;
    expect(h.words).toEqual(['作风']);
    expect(doc.slice(h.spans[0][0], h.spans[0][1])).toBe('作风');
    expect(h.spans[0][0]).toBe(doc.indexOf('作风方面'));
  });

  it('--no-heading-evidence: no heading evidence, nothing decided by a heading', () => {
    const t = tagger.tag(f(), doc, { headingEvidence: false });
    expect(t.primary).toBe('none');
    expect(t.heading_decided).toBe(false);
    expect(t.evidence.some((e) => e.field === 'heading')).toBe(false);
  });

  it('a heading that is not in the text still counts, with terms but no spans', () => {
    const t = tagger.tag({ ...f(), heading_path: ['（九）形式主义问题'] }, doc);
    const h = t.evidence.find((e) => e.field === 'heading')!;
    expect(h).toMatchObject({ terms: ['形式主义'], words: [], spans: [] });
    expect(t.primary).toBe('style');
  });

  it('the heading must lie before the finding (a later occurrence is not used)', () => {
    const d2 = '1.作风不实。\n（一）作风方面\n';
    const t = tagger.tag(finding(d2, { title: '作风不实', end: 7, headings: ['（一）作风方面'] }), d2);
    expect(t.evidence.find((e) => e.field === 'heading')!.spans).toEqual([]);
  });
});

describe('fields and robustness', () => {
  it('measures (rectification answers) are not evidence', () => {
    const doc = '1.针对作风不实的问题\n整改情况：规范财务管理。';
    const m0 = doc.indexOf('整改情况');
    const t = tagger.tag(finding(doc, { title: '作风不实', measures: [m0, doc.length] }), doc);
    expect(t.evidence.map((e) => e.category)).toEqual(['style']);
  });

  it('without the document text the finding text stands in; spans then point into finding.text', () => {
    const f = finding('财务管理混乱。作风不实', { title: '财务管理混乱' });
    const [t] = tagFindings([f], new Map(), rs, seg);
    expect(t.primary).toBe('money');
    expect(spanProblems(f.text, t)).toEqual([]);
  });

  it('output is sorted by document and seq, evidence by category, rule and field', () => {
    const a = { ...finding('作风'), id: 'b#2', doc_id: 'b', seq: 2 };
    const b = { ...finding('作风'), id: 'b#1', doc_id: 'b', seq: 1 };
    const c = { ...finding('作风'), id: 'a#1', doc_id: 'a', seq: 1 };
    const out = tagFindings([a, b, c], () => '作风', rs, seg);
    expect(out.map((x) => x.id)).toEqual(['a#1', 'b#1', 'b#2']);
    const t = tag('资金短缺。作风不实，形式主义', { title: '资金短缺' });
    expect(t.evidence.map((e) => `${e.category}/${e.rule}/${e.field}`)).toEqual(['style/style.words/body', 'money/money.words/title']);
  });

  it('tolerates spans outside the text, reversed spans and empty texts', () => {
    const doc = '作风不实';
    const bad = { ...finding(doc), span: [-5, 999] as [number, number], title_span: [3, 1] as [number, number] };
    expect(() => tagger.tag(bad, doc)).not.toThrow();
    expect(() => tagger.tag(finding(''), '')).not.toThrow();
  });
});
