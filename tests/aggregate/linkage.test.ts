import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  idVector,
  computeLinkage,
  countMeasures,
  greedyMatch,
  itemSimilarity,
  LINK_THRESHOLD,
  linkageFromItems,
  linkSide,
  linkUnits,
  matchItems,
  parseNumber,
  statedCompletion,
  unitLinkage,
  type LinkDoc,
  type LinkItem,
} from '../../src/aggregate/linkage.js';
import { getSegmenter } from '../../src/segment/index.js';
import { prng } from './corpus.js';
import { makeDoc, naturePair, synthDoc } from './helpers.js';

const seg = getSegmenter();
const read = (u: URL) => readFileSync(u, 'utf8');

describe('linkage on the fixture pair (same unit: feedback + rectification)', () => {
  const { documents, findings } = naturePair(read);
  const link = computeLinkage(documents, findings, { segmenter: seg });
  const u = link.units[0];

  it('names its method and threshold', () => {
    expect(link.method).toMatch(/cosine similarity of TF-IDF/);
    expect(link.threshold).toBe(LINK_THRESHOLD);
    expect(link.units).toHaveLength(1);
    expect(u.status).toBe('both');
    expect(u.feedback_documents).toEqual(['nature/feedback.txt']);
    expect(u.rectification_documents).toEqual(['nature/rectification.txt']);
  });

  it('links each rectification item to the problem it answers, one to one', () => {
    expect(u.links.map((l) => [l.feedback.id, l.rectification.id])).toEqual([
      ['nature/feedback.txt#1', 'nature/rectification.txt#2'], // 耕地保护
      ['nature/feedback.txt#3', 'nature/rectification.txt#3'], // 主体责任
      ['nature/feedback.txt#4', 'nature/rectification.txt#4'], // 形式主义
      ['nature/feedback.txt#5', 'nature/rectification.txt#5'], // 三会一课 / 组织生活
      ['nature/feedback.txt#6', 'nature/rectification.txt#1'], // 财务管理
    ]);
    for (const l of u.links) expect(l.score).toBeGreaterThanOrEqual(LINK_THRESHOLD);
    expect(u.problems_raised).toBe(6);
    expect(u.rectification_items).toBe(6);
    expect(u.answered).toBe(5);
    expect(u.answered_share).toBe(0.8333);
  });

  it('lists unanswered problems and answers without a problem', () => {
    expect(u.unanswered.map((f) => f.title)).toEqual(['意识形态工作责任制落实不到位']);
    expect(u.unmatched_answers.map((f) => f.title)).toEqual(['信访举报件办理不及时']);
    expect(u.items.find((i) => i.title === '信访举报件办理不及时')!.answers).toBeNull();
  });

  it('counts measures and reports the stated progress per problem', () => {
    const byTitle = Object.fromEntries(u.items.map((i) => [i.title, i]));
    expect(byTitle['财务管理制度执行不严格'].measures_count).toBe(3); // 一是…三是
    expect(byTitle['耕地保护监管不力'].measures_count).toBe(2);
    expect(byTitle['党组落实主体责任不到位'].measures_count).toBe(1); // one sentence
    expect(byTitle['耕地保护监管不力']).toMatchObject({ progress: 'in-progress', progress_text: '正在整改，需长期坚持' });
    expect(u.progress).toEqual({ done: 4, in_progress: 2, long_term: 0, unstated: 0 });
  });

  it('reports the completion figures the document states', () => {
    expect(u.stated.map((s) => [s.kind, s.value, s.text])).toEqual([
      ['total', 6, '反馈的6个问题'],
      ['done', 4, '已完成整改4个'],
      ['in-progress', 2, '正在整改2个'],
      ['rate', 66.7, '整改完成率66.7%'],
    ]);
    const rc = documents[1];
    for (const s of u.stated) expect(rc.text.slice(s.span[0], s.span[1])).toBe(s.text);
  });

  it('is deterministic whatever the input order', () => {
    const again = computeLinkage([...documents].reverse(), [...findings].reverse(), { segmenter: seg });
    expect(JSON.stringify(again)).toBe(JSON.stringify(link));
  });
});

describe('one-sided units', () => {
  it('says so, and does not invent answers', () => {
    const fb = synthDoc({ id: 'a.txt', unit: '甲单位', kind: 'feedback', items: [{ title: '主体责任落实不到位', primary: 'two_responsibility' }] });
    const rc = synthDoc({
      id: 'b.txt',
      unit: '乙单位',
      kind: 'rectification',
      items: [{ title: '财务管理不规范', primary: 'finance', measures: '一是完善制度；二是清理白条。', progressText: '已完成', progress: 'done' }],
    });
    const other = makeDoc({ id: 'c.txt', text: '某通知\n', kind: 'unknown', unit: '丙单位' });
    const link = computeLinkage([fb.doc, rc.doc, other], [...fb.findings, ...rc.findings], { segmenter: seg });
    expect(link.units.map((u) => [u.unit, u.status])).toEqual([
      ['乙单位', 'rectification-only'],
      ['甲单位', 'feedback-only'],
    ]);
    const [r, f] = link.units;
    expect(f).toMatchObject({ problems_raised: 1, rectification_items: null, answered: null, answered_share: null, links: [], unanswered: [], unmatched_answers: [] });
    expect(r).toMatchObject({ problems_raised: null, rectification_items: 1, answered: null, links: [] });
    expect(r.items[0]).toMatchObject({ measures_count: 2, progress: 'done', answers: null });
  });

  it('the two sample reports are different units, each one-sided', () => {
    const county = makeDoc({ id: '000.txt', text: read(new URL('../../corpora/000_a7e788a71b64a196.txt', import.meta.url)), kind: 'feedback', unit: '县人民检察院' });
    const sz = makeDoc({ id: '001.txt', text: read(new URL('../../corpora/001_8e4b7fe06461b8c1.txt', import.meta.url)), kind: 'rectification', unit: '深圳市人民检察院' });
    const link = computeLinkage([county, sz], [], { segmenter: seg });
    expect(link.units.map((u) => u.status)).toEqual(['feedback-only', 'rectification-only']);
    // "确保高标准、高质量全部完成整改任务" is a goal, not a statement that everything is done.
    expect(link.units[1].stated).toEqual([]);
  });
});

describe('helpers', () => {
  it('greedy matching is one-to-one by best score with deterministic ties', () => {
    expect(greedyMatch([[0.9, 0.8], [0.85, 0.1]], 0.3)).toEqual([[0, 0, 0.9]]);
    expect(greedyMatch([[0.5, 0.5], [0.5, 0.5]], 0.3)).toEqual([[0, 0, 0.5], [1, 1, 0.5]]);
    expect(greedyMatch([[0.29]], 0.3)).toEqual([]);
  });
  it('counts measures', () => {
    expect(countMeasures(null)).toBeNull();
    expect(countMeasures('整改情况：一是甲；二是乙；三是丙。')).toBe(3);
    expect(countMeasures('（1）甲；（2）乙。')).toBe(2);
    expect(countMeasures('整改情况：制定方案。开展检查3次。')).toBe(2);
    expect(countMeasures('统一是非标准。')).toBe(1); // "统一是" is not an enumerator
  });
  it('parses numbers as documents write them', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber('１２')).toBe(12);
    expect(parseNumber('十二')).toBe(12);
    expect(parseNumber('二十')).toBe(20);
    expect(parseNumber('一百零五')).toBe(105);
    expect(parseNumber('９５．５')).toBe(95.5);
  });
  it('finds stated completion in several wordings, not goals', () => {
    const kinds = (text: string) => statedCompletion({ id: 'x', text }).map((s) => [s.kind, s.value]);
    expect(kinds('巡察反馈的6个问题，已完成整改5个，正在整改1个。')).toEqual([['total', 6], ['done', 5], ['in-progress', 1]]);
    expect(kinds('整改完成率达到９５．５％。反馈问题共十二项，已整改到位十个，长期坚持2项。')).toEqual([
      ['rate', 95.5], ['total', 12], ['done', 10], ['long-term', 2],
    ]);
    expect(kinds('目前已全部完成整改。')).toEqual([['all-done', null]]);
    expect(kinds('力争年底前整改完成率达到100%，确保全部完成整改。')).toEqual([]);
    expect(kinds('审前羁押率年内下降至50%以下。')).toEqual([]);
  });
});

describe('linkage a unit at a time, without the similarity matrix', () => {
  /** Random items over a small vocabulary (many shared words, so many pairs pass the threshold). */
  function items(r: () => number, n: number, prefix: string): LinkItem[] {
    return Array.from({ length: n }, (_, k) => {
      const vec: number[] = [];
      const seen = new Set<number>();
      const words = Math.floor(r() * 12); // some items have no words at all
      for (let w = 0; w < words; w++) {
        const id = Math.floor(r() ** 2 * 40);
        if (seen.has(id)) continue;
        seen.add(id);
        vec.push(id, 1 + Math.floor(r() * 3));
      }
      return { id: `${prefix}#${k + 1}`, doc_id: prefix, seq: k + 1, number: String(k + 1), title: `${prefix}${k}`, progress: null, progress_text: null, measures_count: null, vec };
    });
  }

  it('matchItems gives what greedyMatch gives on the full matrix, to the last bit, at any threshold', () => {
    const r = prng(17);
    let linked = 0;
    for (let round = 0; round < 60; round++) {
      const f = items(r, Math.floor(r() * 30), 'f');
      const c = items(r, Math.floor(r() * 30), 'r');
      for (const threshold of [0, 0.1, LINK_THRESHOLD, 0.6]) {
        const expected = greedyMatch(itemSimilarity(f, c), threshold);
        expect(matchItems(f, c, threshold)).toEqual(expected);
        linked += expected.length;
      }
    }
    expect(linked).toBeGreaterThan(500);
  });

  it('linkUnits + unitLinkage, unit by unit, give linkageFromItems', () => {
    const r = prng(23);
    const kinds = ['feedback', 'rectification', 'feedback-news', 'unknown'];
    const docs: LinkDoc[] = Array.from({ length: 40 }, (_, i) => ({
      id: `d${String((i * 7) % 40).padStart(2, '0')}`,
      unit: `unit${Math.floor(r() * 9)}`,
      kind: kinds[Math.floor(r() * kinds.length)],
      stated: null,
    }));
    const byDoc = new Map(docs.map((d) => [d.id, items(r, Math.floor(r() * 8), d.id)]));
    const itemsOf = (id: string) => byDoc.get(id)!;
    const whole = linkageFromItems(docs, itemsOf, { threshold: 0.2 });
    const units = linkUnits(docs);
    expect(units.map((u) => u.unit)).toEqual(whole.units.map((u) => u.unit));
    expect(units.every((u) => u.fb.length + u.rc.length > 0)).toBe(true);
    // each unit from its own documents' items only
    const asked = new Set<string>();
    const one = units.map((u) => unitLinkage(u, (id) => (asked.add(id), itemsOf(id)), 0.2));
    expect(one).toEqual(whole.units);
    expect(whole.units.some((u) => u.status === 'both' && u.links.length > 0)).toBe(true);
    expect([...asked].sort()).toEqual(docs.filter((d) => linkSide(d.kind)).map((d) => d.id).sort());
  });
});

describe('idVector', () => {
  it('gives each id with its count, in order of first occurrence, like a Map would', () => {
    const naive = (ids: number[]) => {
      const m = new Map<number, number>();
      for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
      return [...m].flat();
    };
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let k = 0; k < 200; k++) {
      const ids = Array.from({ length: rand(60) }, () => rand(k % 2 ? 20 : 5000));
      expect(idVector(ids)).toEqual(naive(ids));
    }
    expect(idVector([])).toEqual([]);
  });
});
