/** Text whose line breaks were lost (a scraped web page, one database field): recognised, broken again before items and labels, or left alone. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { restoreLineBreaks } from '../../src/ingest/unflatten.js';
import { ingestBytes } from '../../src/ingest/index.js';
import { parse } from '../structure/helpers.js';

const ROOT = join(__dirname, '..', '..');
const SAMPLE_PATHS = ['corpora/000_a7e788a71b64a196.txt', 'corpora/001_8e4b7fe06461b8c1.txt'];
const SAMPLES = SAMPLE_PATHS.map((p) => readFileSync(join(ROOT, p), 'utf8'));
const flatten = (t: string, sep = '') =>
  t
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(sep);

const twice = (t: string) => `${t}\u3000\u3000${t}`;

function* textFiles(dir: string): Generator<string> {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yield* textFiles(p);
    else if (f.endsWith('.txt')) yield p;
  }
}

async function findingsOf(path: string, text: string) {
  const r = await ingestBytes(path, new TextEncoder().encode(text));
  if (!r.ok || r.value.type !== 'text') throw new Error(`cannot read ${path}`);
  const s = parse(r.value.text);
  return { codes: (r.diagnostics ?? []).map((d) => d.code), meta: s.meta, findings: s.findings.filter((f) => f.record_kind === 'finding') };
}

describe('restoreLineBreaks', () => {
  it('leaves every text of the sample corpus and the test fixtures alone but the three written as one line', () => {
    const joined: string[] = [];
    for (const p of [...textFiles(join(ROOT, 'corpora')), ...textFiles(join(ROOT, 'tests', 'fixtures'))]) {
      let t: string;
      try {
        t = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(p));
      } catch {
        continue; // not UTF-8 (the encoding fixtures)
      }
      if (restoreLineBreaks(t)) joined.push(p.slice(ROOT.length + 1));
    }
    expect(joined.sort()).toEqual([
      'tests/fixtures/probe/docs38/04-edu-bureau-feedback-scraped.txt',
      'tests/fixtures/probe/docs38/05-sasac-rectification-news-scraped.txt',
      'tests/fixtures/probe/docs40/civil-affairs-oneline.txt',
    ]);
  });

  it('leaves a short one-line text alone', () => {
    expect(restoreLineBreaks('一、总体评价。二、存在问题：1.学习不深入。2.作风不实。')).toBeNull();
  });

  it.each([
    ['nothing', ''],
    ['full-width indents', '\u3000\u3000'],
    ['a space', ' '],
  ])('gives the sample reports with their paragraphs joined by %s the findings of the clean text', async (_name, sep) => {
    for (const [i, s] of SAMPLES.entries()) {
      const clean = await findingsOf(SAMPLE_PATHS[i], s);
      const flat = await findingsOf(SAMPLE_PATHS[i], flatten(s, sep));
      expect(flat.codes).toContain('I_UNFLATTENED');
      expect(flat.meta.kind).toBe(clean.meta.kind);
      expect(flat.meta.unit).toBe(clean.meta.unit);
      expect(flat.meta.inspector).toBe(clean.meta.inspector);
      expect(flat.findings.map((f) => [f.title, f.progress])).toEqual(clean.findings.map((f) => [f.title, f.progress]));
    }
  });

  it('breaks before numbered items that continue a sequence, not before numbers inside sentences', () => {
    const body =
      '关于巡察县财政局党组的反馈意见根据县委统一部署，县委第一巡察组对县财政局党组开展了常规巡察。' +
      '一、主要问题（一）贯彻落实决策部署方面1.落实惠企政策不够有力。资金3.2亿元拨付滞后，统一、规范的流程未建立。' +
      '2.债务风险防控不到位。对2.5%的利率上浮未作研判。（二）财务管理方面1.公务卡使用不规范。第3.2条规定执行不严。' +
      '二、意见建议要提高政治站位。';
    const r = restoreLineBreaks(body.repeat(2));
    expect(r).not.toBeNull();
    const lines = r!.text.split('\n').slice(0, 9);
    expect(lines).toEqual([
      '关于巡察县财政局党组的反馈意见',
      '根据县委统一部署，县委第一巡察组对县财政局党组开展了常规巡察。',
      '一、主要问题',
      '（一）贯彻落实决策部署方面',
      '1.落实惠企政策不够有力。资金3.2亿元拨付滞后，统一、规范的流程未建立。',
      '2.债务风险防控不到位。对2.5%的利率上浮未作研判。',
      '（二）财务管理方面',
      '1.公务卡使用不规范。第3.2条规定执行不严。',
      '二、意见建议',
    ]);
  });

  it('breaks before labels, status lines and a news item\'s paragraph openers', () => {
    const text =
      '区委第三巡察组向南湖街道党工委反馈巡察情况7月18日，区委第三巡察组向南湖街道党工委反馈巡察情况。' +
      '巡察指出，街道党工委存在一些问题：一是学习贯彻不够深入；二是民生实事推进缓慢。' +
      '巡察同时指出，街道在财务管理方面还存在短板：一是报销审核不严；二是资产底数不清。' +
      '巡察组要求，街道党工委要切实担负起整改主体责任。' +
      '1.理论学习不深入。整改情况：修订学习制度。√已整改。2.报销审核不严。整改情况：开展专项检查，目前，已清退资金2万元。';
    // (twice, with a paragraph's indent between: a text shorter than 300 characters is never taken for a flattened one)
    const r = restoreLineBreaks(twice(text));
    expect(r?.text.split('\n').slice(0, 10)).toEqual([
      '区委第三巡察组向南湖街道党工委反馈巡察情况',
      '7月18日，区委第三巡察组向南湖街道党工委反馈巡察情况。',
      '巡察指出，街道党工委存在一些问题：一是学习贯彻不够深入；二是民生实事推进缓慢。',
      '巡察同时指出，街道在财务管理方面还存在短板：一是报销审核不严；二是资产底数不清。',
      '巡察组要求，街道党工委要切实担负起整改主体责任。',
      '1.理论学习不深入。',
      '整改情况：修订学习制度。',
      '√已整改。',
      '2.报销审核不严。',
      '整改情况：开展专项检查，目前，已清退资金2万元。',
    ]);
  });

  it('takes a web page\'s breadcrumb off the title and keeps a heading\'s 一是 paragraphs apart', () => {
    const text =
      '首页 > 巡察工作 > 整改公开中共某县自然资源局党组关于巡察整改进展情况的通报发布时间：2024-01-12来源：县纪委监委' +
      '根据县委统一部署，县委第三巡察组对县自然资源局党组开展了常规巡察。' +
      '（一）贯彻落实上级决策部署方面一是耕地保护责任落实不到位，违法占地整改滞后。二是国土空间规划编制推进缓慢。' +
      '（二）财务管理方面一是报销审核把关不严。二是固定资产底数不清，部分设备未入账。';
    expect(restoreLineBreaks(twice(text))?.text.split('\n').slice(0, 11)).toEqual([
      '首页 > 巡察工作 > 整改公开',
      '中共某县自然资源局党组关于巡察整改进展情况的通报',
      '发布时间：2024-01-12',
      '来源：县纪委监委',
      '根据县委统一部署，县委第三巡察组对县自然资源局党组开展了常规巡察。',
      '（一）贯彻落实上级决策部署方面',
      '一是耕地保护责任落实不到位，违法占地整改滞后。',
      '二是国土空间规划编制推进缓慢。',
      '（二）财务管理方面',
      '一是报销审核把关不严。',
      '二是固定资产底数不清，部分设备未入账。',
    ]);
  });

  it('a .txt and an .html page of one line are noted I_UNFLATTENED; line numbers refer to the text with its breaks', async () => {
    const flat = flatten(SAMPLES[0]);
    const t = await ingestBytes('one-line.txt', new TextEncoder().encode(flat));
    expect(t.ok && t.diagnostics?.map((d) => [d.code, d.severity])).toEqual([['I_UNFLATTENED', 'info']]);
    const h = await ingestBytes('one-line.html', new TextEncoder().encode(`<html><body><div>${flat}</div></body></html>`));
    expect(h.ok && h.diagnostics?.map((d) => d.code)).toContain('I_UNFLATTENED');
    expect(h.ok && h.value.type === 'text' && h.value.text.split('\n').length).toBeGreaterThan(20);
  });
});
