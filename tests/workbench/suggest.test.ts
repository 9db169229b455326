/**
 * suggest, held out: the finance rule file is REMOVED, so the rules can neither tag finance nor
 * exclude its words. The only finance signal left is the dev set's gold labels. suggest must then
 * propose words that the removed file (which it never sees) actually used — read here straight from
 * the YAML of rules/50-finance.yaml — and those words must reach a finance finding of corpora/ that
 * no label names. The classifier's held-out second opinion must recover finance for dev findings the
 * rules can no longer tag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleSet, type RuleSet } from '../../src/rules/index.js';
import { getSegmenter } from '../../src/segment/index.js';
import { loadWorkset, suggest, suggestTokens, tagWorkset, type Suggestions } from '../../src/workbench/index.js';
import { copyRules, removeTmpDirs } from '../rules/helpers.js';
import { anyWordsOf, CORPORA, GOLD_DEV, RULES, rulesWithout, xuncha } from './helpers.js';

afterAll(removeTmpDirs);
const seg = getSegmenter();
const FINANCE_WORDS = new Set(anyWordsOf(join(RULES, '50-finance.yaml')));
const DEV_FINANCE = ['d33', 'd34', 'd35', 'd36', 'd37', 'd38', 'd39', 'd40'];

const load = (dir: string): RuleSet => {
  const r = loadRuleSet(dir, { segmenter: seg });
  if (!r.ok) throw new Error(`rules in ${dir} do not load`);
  return r.value;
};

async function run(paths: string[], rs: RuleSet, opts: { gold?: string; category?: string } = {}): Promise<Suggestions> {
  const ws = await loadWorkset(paths, { gold: opts.gold });
  if (!ws.ok) throw new Error('inputs');
  return suggest(tagWorkset(ws.value, rs, seg), rs, seg, { labels: ws.value.labels, category: opts.category });
}

describe('suggest with the finance rules removed, driven by the dev gold labels', () => {
  let nofinDir: string;
  let nofin: RuleSet;
  let s: Suggestions;
  beforeAll(async () => {
    nofinDir = rulesWithout('50-finance.yaml');
    nofin = load(nofinDir);
    s = await run([], nofin, { gold: GOLD_DEV });
  });

  it('the rules no longer know finance; the dev finance findings are none or weak targets', () => {
    expect(nofin.categories.map((c) => c.id)).not.toContain('finance');
    const targets = new Set(s.targets.map((t) => t.id));
    expect(DEV_FINANCE.filter((id) => targets.has(id)).length).toBeGreaterThanOrEqual(6);
  });

  it('proposes finance words of the removed rule file, led by one of them', () => {
    const fin = s.categories.find((c) => c.category === 'finance')!;
    expect(fin.training).toEqual({ gold: 8, rules: 0 });
    const words = fin.words.map((w) => w.word);
    console.log(`finance suggestions: ${words.join(' ')}  (removed file's words among them: ${words.filter((w) => FINANCE_WORDS.has(w)).join(' ')})`);
    expect(FINANCE_WORDS.has(words[0])).toBe(true);
    expect(words.slice(0, 4).filter((w) => FINANCE_WORDS.has(w)).length).toBeGreaterThanOrEqual(2);
    expect(words).toEqual(expect.arrayContaining(['资金', '支出']));
    // together they reach most of the finance findings the rules miss
    const reached = new Set(fin.words.flatMap((w) => w.reaches));
    expect(DEV_FINANCE.filter((id) => reached.has(id)).length).toBeGreaterThanOrEqual(5);
  });

  it('never suggests a word the rules already have, a 1-character word, digits or punctuation', () => {
    const terms = new Set(nofin.terms);
    for (const c of s.categories) {
      for (const w of c.words) {
        expect(terms.has(w.word), `${c.category}: ${w.word}`).toBe(false);
        expect(w.word).toMatch(/^[\p{Script=Han}A-Za-z]{2,}$/u);
        expect(w.elsewhere / (w.in_category + w.elsewhere)).toBeLessThanOrEqual(0.4);
      }
    }
  });

  it('the words learned from the dev labels reach the unlabelled finance finding of corpora/', async () => {
    const t = await run([CORPORA], nofin, { gold: GOLD_DEV, category: 'finance' });
    const fin = t.categories.find((c) => c.category === 'finance')!;
    const reaching = fin.words.filter((w) => w.reaches.includes('000_a7e788a71b64a196.txt#14')).map((w) => w.word);
    expect(reaching.length).toBeGreaterThan(0); // 财务支出存在不规范现象: 支出
    expect(reaching.every((w) => FINANCE_WORDS.has(w))).toBe(true);
  });

  it('second opinion: the held-out classifier says finance for most dev finance findings the rules cannot tag', () => {
    const fin = s.disagreements.filter((d) => DEV_FINANCE.includes(d.id) && d.classifier === 'finance');
    expect(fin.every((d) => d.held_out && d.rules !== 'finance')).toBe(true);
    expect(fin.length).toBeGreaterThanOrEqual(4);
  });

  it('control: with the finance rules in place their words are not proposed again', async () => {
    const full = await run([], load(RULES), { gold: GOLD_DEV, category: 'finance' });
    const words = full.categories[0].words.map((w) => w.word);
    expect(words).not.toContain('资金');
    expect(words).not.toContain('支出');
    expect(words.filter((w) => FINANCE_WORDS.has(w))).toEqual([]);
  });

  it('xuncha suggest --json (built CLI) gives the same finance words and leaves the rule files alone', () => {
    const dir = copyRules(nofinDir);
    const before = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const r = xuncha(['suggest', '--rules', dir, '--gold', GOLD_DEV, '--category', 'finance', '--json']);
    expect(r.code, `${r.via}: ${r.stderr}`).toBe(0);
    const out = JSON.parse(r.stdout) as Suggestions;
    expect(out.categories.map((c) => c.words.map((w) => w.word))).toEqual([s.categories.find((c) => c.category === 'finance')!.words.map((w) => w.word)]);
    expect(readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(before);
  });
});

describe('suggestTokens', () => {
  it('keeps words of 2+ Han or Latin characters, adds sub-words of compounds, drops generic words', () => {
    const t = suggestTokens(seg, '违规设立“小金库”，报销凭证不全，存在问题12件。');
    expect(t).toEqual(expect.arrayContaining(['违规', '设立', '小金库', '金库', '报销', '凭证']));
    expect(suggestTokens(seg, '设立小金库', new Set(['小金库']))).toEqual(['设立', '小金库']); // no pieces of a rule term
    expect(t.some((w) => /[0-9“”，。]/.test(w) || [...w].length < 2)).toBe(false);
    expect(t).not.toContain('问题');
  });
});
