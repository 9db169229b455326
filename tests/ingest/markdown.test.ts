/** Markdown inputs: the markup is removed, so a report exported as Markdown reads like its plain text. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeMarkdown, stripMarkdown } from '../../src/ingest/markdown.js';
import { ingestBytes } from '../../src/ingest/index.js';
import { okValue } from './helpers.js';
import { parse } from '../structure/helpers.js';

const ROOT = join(__dirname, '..', '..');
const SAMPLE = readFileSync(join(ROOT, 'corpora/000_a7e788a71b64a196.txt'), 'utf8');
const enc = (s: string) => new TextEncoder().encode(s);

/** The county feedback sample as a content system exports it: # headings, **bold** problem titles, a quoted source line. */
function asMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line, i) => {
      if (i === 0) return `# ${line}\n\n> 来源：县纪委监委网站`;
      if (/^[一二三四五六七八九十]+、/.test(line)) return `## ${line}`;
      if (/^[(（][一二三四五六七八九十]+[)）]/.test(line)) return `### ${line}`;
      const m = /^(\d+)[.．、]([^。]*。)?(.*)$/.exec(line);
      if (m) return m[2] ? `${m[1]}. **${m[2]}** ${m[3]}` : `${m[1]}. **${m[3]}**`;
      return line;
    })
    .join('\n\n');
}

const titles = (text: string) =>
  parse(text)
    .findings.filter((f) => f.record_kind === 'finding')
    .map((f) => f.title);

describe('stripMarkdown', () => {
  it('removes heading, quote, emphasis, link, image, code and escape markup, keeping the words and the lines', () => {
    const md = ['# 关于巡察某局党组的反馈意见 #', '> 发布时间：2024-01-02', '', '## 二、存在的主要问题', '1. **学习不深入。** 详见[原文](http://x.cn/a "t")![图](a.png)', '- 一是`文件`多', '* 二是会议多', '---', '3\\. 不是编号'].join('\n');
    expect(stripMarkdown(md).split('\n')).toEqual(['关于巡察某局党组的反馈意见', '发布时间：2024-01-02', '', '二、存在的主要问题', '1. 学习不深入。 详见原文', '• 一是文件多', '• 二是会议多', '', '3. 不是编号']);
  });

  it('leaves tables, code blocks and text without markup alone', () => {
    const table = '| 序号 | 问题 | 整改措施 |\n| --- | --- | --- |\n| 1 | 学习不深入 | 制定计划 |';
    expect(stripMarkdown(table)).toBe(table);
    expect(stripMarkdown(SAMPLE)).toBe(SAMPLE);
    expect(stripMarkdown('```\n**x**\n```')).toBe('\n**x**\n');
  });

  it('keeps Windows line endings', () => {
    expect(stripMarkdown('## 一、总体评价\r\n正文\r\n')).toBe('一、总体评价\r\n正文\r\n');
  });
});

describe('Markdown inputs', () => {
  it('a .md report gives the findings of its plain text', async () => {
    const md = asMarkdown(SAMPLE);
    const want = titles(SAMPLE);
    expect(want.length).toBe(14);
    // Without the markup removed, every title carries the bold marks.
    expect(titles(md).filter((t) => t.startsWith('**')).length).toBe(14);
    const text = okValue(await ingestBytes('report.md', enc(md)));
    if (text.type !== 'text') throw new Error('expected text');
    expect(titles(text.text)).toEqual(want);
  });

  it('a .txt written in Markdown is read the same way, with an I_MARKDOWN note; plain text is not', async () => {
    const r = await ingestBytes('report.txt', enc(asMarkdown(SAMPLE)));
    expect(r.ok && r.diagnostics?.map((d) => d.code)).toContain('I_MARKDOWN');
    const v = okValue(r);
    if (v.type !== 'text') throw new Error('expected text');
    expect(titles(v.text).length).toBe(14);
    expect(looksLikeMarkdown(SAMPLE)).toBe(false);
    const plain = await ingestBytes('report.txt', enc(SAMPLE));
    expect(plain.ok && (plain.diagnostics ?? []).some((d) => d.code === 'I_MARKDOWN')).toBe(false);
    expect(okValue(plain)).toMatchObject({ text: SAMPLE });
  });

  it('a .md file is always read as Markdown, without a note', async () => {
    const r = await ingestBytes('notes.markdown', enc('# 标题\n正文'));
    expect(okValue(r)).toMatchObject({ text: '标题\n正文' });
    expect(r.ok && (r.diagnostics ?? []).length).toBe(0);
  });
});
