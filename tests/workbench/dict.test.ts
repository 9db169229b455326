import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRuleSet, loadRuleSet } from '../../src/rules/index.js';
import { getSegmenter } from '../../src/segment/index.js';
import { Tagger } from '../../src/tag/index.js';
import { dictionaryEntries, dictionaryToRuleFiles, exportDictionary, parseDictionary } from '../../src/workbench/index.js';
import { removeTmpDirs, tmpDir } from '../rules/helpers.js';
import { FIXTURES, RULES, tf, xuncha } from './helpers.js';

afterAll(removeTmpDirs);
const seg = getSegmenter();

function load(dir: string) {
  const r = loadRuleSet(dir, { segmenter: seg });
  if (!r.ok) throw new Error(`${dir}: ${r.diagnostics.map((d) => d.reason).join('; ')}`);
  return r.value;
}

describe('export-dict / import-dict', () => {
  it('export: one key per category in rule-set order, the label as a comment, the any words', () => {
    const rs = load(RULES);
    const text = exportDictionary(rs);
    expect(text).toMatch(/^political: # 政治建设与决策部署落实\n {2}- 习近平新时代中国特色社会主义思想$/m);
    expect([...text.matchAll(/^([a-z_]+):/gm)].map((m) => m[1])).toEqual(rs.categories.map((c) => c.id));
    const parsed = parseDictionary(text, 'x.yaml');
    if (!parsed.ok) throw new Error('parse');
    expect(parsed.value).toEqual(dictionaryEntries(rs));
    // what a word list cannot say is left out: regex rules and not-a-finding cues
    expect(text).not.toMatch(/作用发挥/);
    expect(text).not.toMatch(/获评/);
  });

  it('round trip: export(import(export(rules))) = export(rules), and the imported folder loads (rules check)', () => {
    const first = exportDictionary(load(RULES));
    const parsed = parseDictionary(first, 'rules.yaml');
    if (!parsed.ok) throw new Error('parse');
    const files = dictionaryToRuleFiles(parsed.value, { name: 'imported', segmenter: seg });
    if (!files.ok) throw new Error(files.diagnostics.map((d) => d.reason).join('; '));
    const dir = tmpDir('dict-');
    for (const f of files.value) writeFileSync(join(dir, f.name), f.text);
    const imported = load(dir);
    expect(imported.rules.every((r) => r.matcher.kind === 'any')).toBe(true);
    expect(imported.categories.map((c) => [c.id, c.label])).toEqual(load(RULES).categories.map((c) => [c.id, c.label]));
    expect(exportDictionary(imported)).toBe(first);
  });

  it('the imported any rules find the same words as the originals on a dev finding', () => {
    const dir = tmpDir('dict-');
    const p = parseDictionary(exportDictionary(load(RULES)), 'r.yaml');
    if (!p.ok) throw new Error('parse');
    const files = dictionaryToRuleFiles(p.value, { name: 'imported', segmenter: seg });
    if (!files.ok) throw new Error('import');
    for (const f of files.value) writeFileSync(join(dir, f.name), f.text);
    const text = '违规设立“小金库”，账外资金管理混乱。';
    const finding = tf('d37', 'none', { text, title: text, span: [0, text.length], title_span: [0, text.length] });
    const words = (rs: ReturnType<typeof load>) => new Tagger(rs, seg).tag(finding, text).evidence.flatMap((e) => e.terms).sort();
    const imported = new Tagger(load(dir), seg).tag(finding, text);
    expect(imported.primary).toBe('finance');
    expect(words(load(dir))).toEqual(words(load(RULES)));
  });

  it('import: nested keys flattened with ".", comments as labels, Chinese keys get ids, "none" skipped, empty keys kept', () => {
    const text = readFileSync(join(FIXTURES, 'nested-dict.yaml'), 'utf8');
    const parsed = parseDictionary(text, 'nested-dict.yaml');
    if (!parsed.ok) throw new Error('parse');
    expect(parsed.value.map((e) => [e.key, e.label, e.words])).toEqual([
      ['finance.money', null, ['资金', '报销', '小金库']],
      ['finance.assets', '资产管理', ['资产', '固定资产']],
      ['作风', '作风问题', ['形式主义', '官僚主义']],
      ['none', null, ['获评']],
      ['empty', null, []],
    ]);
    const files = dictionaryToRuleFiles(parsed.value, { name: 'nested', segmenter: seg, weight: 1, where: ['title'] });
    if (!files.ok) throw new Error(files.diagnostics.map((d) => d.reason).join('; '));
    expect(files.diagnostics?.map((d) => d.code)).toEqual(['D_RESERVED']);
    const rs = compileRuleSet(files.value, { dir: 'x', segmenter: seg });
    if (!rs.ok) throw new Error(rs.diagnostics.map((d) => d.reason).join('; '));
    expect(rs.value.categories.map((c) => [c.id, c.label])).toEqual([
      ['finance.money', 'finance.money'],
      ['finance.assets', '资产管理'],
      ['k1', '作风问题'],
      ['empty', 'empty'],
    ]);
    expect(rs.value.rules.map((r) => [r.id, r.weight, r.where])).toEqual([
      ['finance.money.words', 1, ['title']],
      ['finance.assets.words', 1, ['title']],
      ['k1.words', 1, ['title']],
    ]);
  });

  it('bad dictionaries are reported', () => {
    const a = parseDictionary('- just\n- a list\n', 'x.yaml');
    expect(a.ok ? [] : a.diagnostics.map((d) => d.code)).toEqual(['D_SHAPE']);
    const b = parseDictionary('a: [x\n', 'x.yaml');
    expect(b.ok ? [] : b.diagnostics.map((d) => d.code)).toContain('D_YAML');
  });

  it('the CLI: export-dict | import-dict --out DIR, then rules check DIR passes; a folder with rules is refused', () => {
    const out = tmpDir('dict-');
    const dictFile = join(out, 'rules-dict.yaml');
    const e = xuncha(['rules', 'export-dict', RULES, '--out', dictFile]);
    expect(e.code, `${e.via}: ${e.stderr}`).toBe(0);
    const folder = join(out, 'imported');
    const i = xuncha(['rules', 'import-dict', dictFile, '--out', folder]);
    expect(i.code, i.stderr).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['00-ruleset.yaml', '10-political.yaml', '20-conduct.yaml', '30-two_responsibility.yaml', '40-party_building.yaml', '50-finance.yaml']);
    const c = xuncha(['rules', 'check', folder]);
    expect(c.code, c.stdout).toBe(0);
    expect(c.stdout).toMatch(/^ok rules-dict: 6 files, 5 categories, 5 rules/m);
    expect(xuncha(['rules', 'import-dict', dictFile, '--out', folder]).code).toBe(2);
  });
});
