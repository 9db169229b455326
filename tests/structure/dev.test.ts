/** The development documents and the probe documents by another writer (layouts the samples lack). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ingestBytes } from '../../src/ingest/index.js';
import { parse, read, ROOT, spansOk } from './helpers.js';
import { hardWrap } from '../ingest/hard-wrap.js';

/** The text of a document as ingested (an HTML page becomes its text). */
async function textOf(path: string): Promise<string> {
  const r = await ingestBytes(path, readFileSync(ROOT + path));
  if (!r.ok || r.value.type !== 'text') throw new Error(`cannot read ${path}`);
  return r.value.text;
}

interface DocGold { kind: string; unit_contains: string; inspector: string; findings: number; titles?: string[]; status?: string[] }
const sets: [string, string][] = [
  ['tests/fixtures/dev/docs', 'docs-gold.json'],
  ['tests/fixtures/probe/docs', 'gold.json'],
  ['tests/fixtures/probe/docs2', 'gold.json'],
  ['tests/fixtures/probe/docs3', 'gold.json'],
  ['tests/fixtures/probe/docs4', 'gold.json'],
  ['tests/fixtures/probe/docs5', 'gold.json'],
  ['tests/fixtures/probe/docs6', 'gold.json'],
  ['tests/fixtures/probe/docs7', 'gold.json'],
  ['tests/fixtures/probe/docs8', 'gold.json'],
  ['tests/fixtures/probe/docs9', 'gold.json'],
  ['tests/fixtures/probe/docs10', 'gold.json'],
  ['tests/fixtures/probe/docs11', 'gold.json'],
  ['tests/fixtures/probe/docs12', 'gold.json'],
  ['tests/fixtures/probe/docs13', 'gold.json'],
  ['tests/fixtures/probe/docs14', 'gold.json'],
  ['tests/fixtures/probe/docs15', 'gold.json'],
  ['tests/fixtures/probe/docs16', 'gold.json'],
  ['tests/fixtures/probe/docs17', 'gold.json'],
  ['tests/fixtures/probe/docs18', 'gold.json'],
  ['tests/fixtures/probe/docs19', 'gold.json'],
  ['tests/fixtures/probe/docs20', 'gold.json'],
  ['tests/fixtures/probe/docs21', 'gold.json'],
  ['tests/fixtures/probe/docs22', 'gold.json'],
  ['tests/fixtures/probe/docs23', 'gold.json'],
  ['tests/fixtures/probe/docs24', 'gold.json'],
  ['tests/fixtures/probe/docs25', 'gold.json'],
  ['tests/fixtures/probe/docs26', 'gold.json'],
  ['tests/fixtures/probe/docs27', 'gold.json'],
  ['tests/fixtures/probe/docs28', 'gold.json'],
  ['tests/fixtures/probe/docs29', 'gold.json'],
  ['tests/fixtures/probe/docs30', 'gold.json'],
  ['tests/fixtures/probe/docs31', 'gold.json'],
  ['tests/fixtures/probe/docs32', 'gold.json'],
  ['tests/fixtures/probe/docs33', 'gold.json'],
  ['tests/fixtures/probe/docs34', 'gold.json'],
  ['tests/fixtures/probe/docs35', 'gold.json'],
  ['tests/fixtures/probe/docs36', 'gold.json'],
  ['tests/fixtures/probe/docs37', 'gold.json'],
  ['tests/fixtures/probe/docs38', 'gold.json'],
  ['tests/fixtures/probe/docs39', 'gold.json'],
  ['tests/fixtures/probe/docs40', 'gold.json'],
  ['tests/fixtures/probe/docs41', 'gold.json'],
  ['tests/fixtures/probe/docs42', 'gold.json'],
  ['tests/fixtures/probe/docs43', 'gold.json'],
  ['tests/fixtures/probe/docs44', 'gold.json'],
];
const cases = sets.flatMap(([dir, file]) => {
  const gold = JSON.parse(read(`${dir}/${file}`)) as Record<string, DocGold>;
  return Object.entries(gold).map(([doc, g]) => ({ path: `${dir}/${doc}`, g }));
});

describe.each(cases)('$path', async ({ path, g }) => {
  const r = parse(await textOf(path));
  const findings = r.findings.filter((f) => f.record_kind === 'finding');

  it('kind, unit, inspector', () => {
    expect(r.meta.kind).toBe(g.kind);
    expect(r.meta.unit).toContain(g.unit_contains);
    expect(r.meta.inspector).toBe(g.inspector);
  });

  it('finding count, titles and progress', () => {
    expect(findings.length).toBe(g.findings);
    if (g.titles) expect(findings.map((f) => f.title)).toEqual(g.titles);
    if (g.status) expect(findings.map((f) => f.progress)).toEqual(g.status);
    expect(new Set(findings.map((f) => f.number)).size).toBe(findings.length);
  });

  it('spans inside the original', () => {
    expect(spansOk(r)).toEqual([]);
    // A report that states no problem (docs21: counts and measures only) is warned about, rightly.
    expect(r.diagnostics.map((d) => d.code)).toEqual(g.findings === 0 && r.meta.kind !== 'unknown' ? ['S_NO_FINDINGS'] : []);
  });
});

/**
 * The same plain-text documents hard-wrapped as a PDF's text saved as .txt comes out (lines of 35
 * characters, first lines indented, a form feed every 38 lines): ingest joins the lines back
 * (src/ingest/reflow.ts), and the results are those of the clean text.
 */
// Left out: a Word table saved one cell a line (docs29) is no shape a PDF's text comes in (its cells,
// wrapped, are lines of a table, not of paragraphs, and are rightly not joined); and a paragraph of
// inline numbered problems (docs35: 巡察发现，1.……；2.……) wrapped so that a number opens a line, which
// then reads as an outline (a known limit: the wrap cannot be told from a numbered line).
const NOT_WRAPPED = ['tests/fixtures/probe/docs29/shengtaihuanjingju-rectification-table-cells.txt', 'tests/fixtures/probe/docs35/baisha-town-feedback-news.txt'];
describe.each(cases.filter((c) => c.path.endsWith('.txt') && !NOT_WRAPPED.includes(c.path)))('$path, hard-wrapped', async ({ path, g }) => {
  const clean = await textOf(path);
  const wrapped = hardWrap(clean, { width: 70, indent: true });
  const lineCount = (t: string) => t.split('\n').filter((l) => l.trim()).length;
  const ingested = await ingestBytes(path, new TextEncoder().encode(wrapped));
  if (!ingested.ok || ingested.value.type !== 'text') throw new Error(`cannot read ${path}`);
  const r = parse(ingested.value.text);
  const findings = r.findings.filter((f) => f.record_kind === 'finding');

  it('gives the results of the clean text', () => {
    // A document of short lines hardly changes when wrapped, and is rightly not joined.
    if (lineCount(wrapped) > 1.5 * lineCount(clean)) expect(ingested.diagnostics?.map((d) => d.code)).toContain('I_REFLOWED');
    expect(r.meta.kind).toBe(g.kind);
    expect(r.meta.unit).toContain(g.unit_contains);
    expect(r.meta.inspector).toBe(g.inspector);
    expect(findings.length).toBe(g.findings);
    if (g.titles) expect(findings.map((f) => f.title)).toEqual(g.titles);
    if (g.status) expect(findings.map((f) => f.progress)).toEqual(g.status);
  });
});

describe('dev details', () => {
  it('village news: each 一是 clause is a finding titled up to its first comma', () => {
    const r = parse(read('tests/fixtures/dev/docs/village-feedback-news.txt'));
    expect(r.findings.map((f) => f.number)).toEqual(['一是', '二是', '三是', '四是', '五是']);
    expect(r.findings[0].title).toBe('落实乡村振兴部署不够有力');
    expect(r.findings[4].text).toBe('村级财务管理混乱，存在白条抵账、集体资产底数不清等问题');
    expect(r.meta.kind_cue).toBe('反馈巡察情况');
    expect(r.meta.inspected_org).toBe('柳河村党支部');
  });

  it('bureau list: statement, measures, progress text', () => {
    const r = parse(read('tests/fixtures/dev/docs/bureau-rectification-list.txt'));
    const last = r.findings[5];
    expect(last.title).toBe('财务管理不规范，执法装备采购未按规定进行政府采购');
    expect(last.measures).toBe('完善财务内控制度，对相关采购事项进行审计。');
    expect(last.progress_text).toBe('正在整改，预计年底前完成');
    expect(r.findings[0].progress_text).toBe('已完成');
    expect(r.meta.feedback_date).toBe('2022-06-15');
    expect(r.meta.period_start).toBe('2022-03-07');
    expect(r.meta.inspection_type).toBe('常规巡察');
  });

  it('university (traditional characters): sub-items stay inside their finding', () => {
    const r = parse(read('tests/fixtures/dev/docs/university-feedback-traditional.txt'));
    expect(r.findings[5].text).toContain('（1）组织生活不经常');
    expect(r.findings[5].number).toBe('6');
    expect(r.meta.inspection_type).toBe('常规巡视');
  });
});

/**
 * The same plain-text documents with every line break lost, as a web page scraped with its paragraphs
 * run together comes out: joined with the full-width indent a scraper keeps of each paragraph, and
 * with nothing at all. What only a line break told (a heading without punctuation over its first
 * paragraph, the cells of a table) cannot come back, so these are shares of the documents whose
 * kind, unit, team, findings, titles and progress all come out as in the gold, not all of them
 * (measured when written: 161 of 174 with indents, 126 of 174 with nothing). The two reports of
 * docs38 and the one of docs40 that were written as one line are not joined again.
 */
const ONE_LINE = [
  'tests/fixtures/probe/docs38/04-edu-bureau-feedback-scraped.txt',
  'tests/fixtures/probe/docs38/05-sasac-rectification-news-scraped.txt',
  'tests/fixtures/probe/docs40/civil-affairs-oneline.txt',
];
describe('documents whose line breaks were lost', () => {
  const sources = cases.filter((c) => c.path.endsWith('.txt') && !ONE_LINE.includes(c.path));
  async function share(sep: string): Promise<{ right: number; n: number; wrong: string[]; notes: number }> {
    let right = 0;
    let notes = 0;
    const wrong: string[] = [];
    for (const { path, g } of sources) {
      const clean = await textOf(path);
      const flat = clean.split('\n').map((l) => l.trim()).filter(Boolean).join(sep);
      const ingested = await ingestBytes(path, new TextEncoder().encode(flat));
      if (!ingested.ok || ingested.value.type !== 'text') throw new Error(`cannot read ${path}`);
      if (ingested.diagnostics?.some((d) => d.code === 'I_UNFLATTENED')) notes++;
      const r = parse(ingested.value.text);
      const findings = r.findings.filter((f) => f.record_kind === 'finding');
      const ok = r.meta.kind === g.kind && (r.meta.unit ?? '').includes(g.unit_contains) && r.meta.inspector === g.inspector &&
        findings.length === g.findings && (!g.titles || g.titles.every((t, i) => findings[i]?.title === t)) &&
        (!g.status || g.status.every((s, i) => findings[i]?.progress === s));
      if (ok) right++;
      else wrong.push(path);
    }
    return { right, n: sources.length, wrong, notes };
  }
  it.each([
    ['full-width indents', '\u3000\u3000', 0.9],
    ['nothing', '', 0.7],
  ])('paragraphs joined with %s: most documents give the results of the clean text', async (_name, sep, min) => {
    const s = await share(sep);
    expect(s.notes, 'every joined document is noted I_UNFLATTENED').toBe(s.n);
    expect(s.right / s.n, `right ${s.right} of ${s.n}; wrong: ${s.wrong.join(', ')}`).toBeGreaterThanOrEqual(min);
  }, 120_000);
});
