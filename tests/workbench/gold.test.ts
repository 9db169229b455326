import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { attachGold, parseGold, readGold } from '../../src/workbench/gold.js';
import { loadWorkset } from '../../src/workbench/workset.js';
import { CORPORA, FIXTURES, GOLD_DEV, GOLD_SEED } from './helpers.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('gold CSV formats', () => {
  it('doc,seq (seed-findings.csv) labels all 27 findings of corpora/, titles agreeing', async () => {
    const ws = await loadWorkset([CORPORA], { gold: GOLD_SEED });
    if (!ws.ok) throw new Error('gold does not load');
    expect(ws.value.gold?.mode).toBe('doc-seq');
    expect(ws.value.findings).toHaveLength(27); // recommendations are not findings
    expect(ws.value.labels.size).toBe(27);
    expect(ws.value.diagnostics.filter((d) => d.file === GOLD_SEED)).toEqual([]);
    expect(ws.value.labels.get('000_a7e788a71b64a196.txt#6')).toEqual({ gold: 'conduct', also: 'party_building' });
  });

  it('text (dev findings.csv): the rows are the findings, no paths needed', async () => {
    const ws = await loadWorkset([], { gold: GOLD_DEV });
    if (!ws.ok) throw new Error('gold does not load');
    expect(ws.value.gold?.mode).toBe('text');
    expect(ws.value.findings).toHaveLength(43);
    const d34 = ws.value.findings.find((f) => f.id === 'd34')!;
    expect(d34.title).toBe('公务用车运行费用管理不规范，加油卡使用登记缺失');
    expect(d34.text).toBe('公务用车运行费用管理不规范，加油卡使用登记缺失。');
    expect(ws.value.texts.get('d34')).toBe('公务用车运行费用管理不规范，加油卡使用登记缺失。');
    expect(ws.value.labels.get('d34')).toEqual({ gold: 'finance', also: 'conduct' });
    expect(ws.value.labels.get('d41')).toEqual({ gold: 'none', also: null });
  });

  it('text mode: a row of several sentences is titled by its first, as tag titles a CSV row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuncha-gold-'));
    const file = join(dir, 'g.csv');
    writeFileSync(file, 'id,text,gold\nx1,个别教师在职从事有偿补课。巡察期间接到家长反映，4名教师开设收费辅导班。,conduct\n');
    const ws = await loadWorkset([], { gold: file });
    if (!ws.ok) throw new Error('gold does not load');
    const f = ws.value.findings[0];
    expect(f.title).toBe('个别教师在职从事有偿补课');
    expect(f.text).toBe('个别教师在职从事有偿补课。巡察期间接到家长反映，4名教师开设收费辅导班。');
    expect(ws.value.texts.get('x1')!.slice(...f.title_span)).toBe(f.title);
    rmSync(dir, { recursive: true, force: true });
  });

  it('text mode: the gold file given as a path as well is not read twice', async () => {
    const ws = await loadWorkset([GOLD_DEV], { gold: GOLD_DEV });
    if (!ws.ok) throw new Error('gold does not load');
    expect(ws.value.findings).toHaveLength(43);
  });

  it('id: finding ids; unknown ids, duplicates and empty labels are warnings', async () => {
    const file = join(FIXTURES, 'corpora-gold-by-id.csv');
    const ws = await loadWorkset([CORPORA], { gold: file });
    if (!ws.ok) throw new Error('gold does not load');
    expect(ws.value.gold?.mode).toBe('id');
    expect([...ws.value.labels.keys()].sort()).toEqual(['000_a7e788a71b64a196.txt#1', '000_a7e788a71b64a196.txt#14', '001_8e4b7fe06461b8c1.txt#6']);
    expect(ws.value.labels.get('000_a7e788a71b64a196.txt#1')!.gold).toBe('political'); // the first label is kept
    const codes = ws.value.diagnostics.filter((d) => d.file === file).map((d) => [d.code, d.loc?.line]);
    expect(codes).toEqual(expect.arrayContaining([['G_NOT_FOUND', 5], ['G_DUPLICATE', 6], ['G_NO_LABEL', 7]]));
  });

  it('an id may leave out the leading folders of the document id', () => {
    const g = parseGold(bytes('id,label\nb.txt#1,x\n'), 'g.csv');
    if (!g.ok) throw new Error('parse');
    const f = { id: 'sub/b.txt#1', doc_id: 'sub/b.txt', seq: 1, title: 't', record_kind: 'finding' } as never;
    expect(attachGold(g.value, [f]).labels.get('sub/b.txt#1')).toEqual({ gold: 'x', also: null });
  });

  it('doc,seq with a title that differs from the extracted one: a warning, the label is used', async () => {
    const g = parseGold(bytes('doc,seq,title,gold\n000_a7e788a71b64a196.txt,4,完全不同的标题,conduct\n'), 'g.csv');
    if (!g.ok) throw new Error('parse');
    const ws = await loadWorkset([CORPORA]);
    if (!ws.ok) throw new Error('corpus');
    const a = attachGold(g.value, ws.value.findings);
    expect(a.labels.get('000_a7e788a71b64a196.txt#4')).toEqual({ gold: 'conduct', also: null });
    expect(a.diagnostics.map((d) => d.code)).toEqual(['G_TITLE_MISMATCH']);
  });

  it('a CSV without a label column or a key is refused', () => {
    const a = parseGold(bytes('id,category\nx,y\n'), 'g.csv');
    expect(a.ok ? [] : a.diagnostics.map((d) => d.code)).toEqual(['G_COLUMNS']);
    const b = parseGold(bytes('name,gold\nx,y\n'), 'g.csv');
    expect(b.ok ? [] : b.diagnostics.map((d) => d.code)).toEqual(['G_COLUMNS']);
    expect(readGold('/no/such/file.csv').ok).toBe(false);
  });
});
