import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { FindingRecord } from '../../src/model/records.js';
import { getSegmenter } from '../../src/segment/index.js';
import { displayWidth, formatKwic, kwic, kwicCsv, loadWorkset } from '../../src/workbench/index.js';
import { CORPORA, GOLD_DEV, tf, xuncha } from './helpers.js';

const seg = getSegmenter();
const f = (id: string, text: string): FindingRecord => tf(id, 'none', { text, title: text });

describe('kwic', () => {
  it('matches words, not substrings: 作风 in 工作作风 but not in 工作风采; 公款 alone but not in 办公款项', () => {
    const fs = [f('a#1', '开展工作风采评比活动'), f('a#2', '工作作风不严不实，作风漂浮'), f('a#3', '办公款项已结清'), f('a#4', '存在挪用公款问题')];
    expect(kwic(fs, '作风', seg).map((h) => [h.finding_id, h.start])).toEqual([
      ['a#2', 2],
      ['a#2', 9],
    ]);
    expect(kwic(fs, '公款', seg).map((h) => h.finding_id)).toEqual(['a#4']);
    expect(kwic(fs, '作風', seg)).toHaveLength(2); // normalized like a rule term
  });

  it('gives the context window on each side, on one line', () => {
    const [h] = kwic([f('b#1', '一二三四五六七八九十作风甲乙丙\n丁戊己庚辛')], '作风', seg, { window: 4 });
    expect([h.left, h.word, h.right]).toEqual(['七八九十', '作风', '甲乙丙 ']);
  });

  it('on corpora/ and the dev findings: every hit is the word, aligned output, CSV', async () => {
    const ws = await loadWorkset([CORPORA], { gold: GOLD_DEV });
    if (!ws.ok) throw new Error('inputs');
    const hits = kwic(ws.value.findings, '作风', seg, { window: 10 });
    expect(hits.length).toBeGreaterThan(3);
    const naive = ws.value.findings.reduce((n, x) => n + x.text.split('作风').length - 1, 0);
    expect(hits.length).toBeLessThan(naive); // 工作风采 (d43) is not a hit
    expect(hits.some((h) => h.finding_id === 'd43')).toBe(false);
    expect(hits.some((h) => h.finding_id === 'd15')).toBe(true);
    const lines = formatKwic(hits).trimEnd().split('\n');
    const cols = lines.map((l) => displayWidth(l.slice(0, l.indexOf('【'))));
    expect(new Set(cols).size).toBe(1);
    const rows = parse(kwicCsv(hits), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['doc_id', 'finding_id', 'number', 'left', 'word', 'right', 'start', 'end']);
    expect(rows.every((r) => r.word === '作风')).toBe(true);
  });

  it('xuncha kwic (built CLI)', () => {
    const r = xuncha(['kwic', '作风', CORPORA, '--window', '6']);
    expect(r.code, `${r.via}: ${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/^000_a7e788a71b64a196\.txt\s+4\s+【作风】转变不够到位/m);
  });
});
