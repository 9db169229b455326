/** Hard-wrapped plain text (a PDF's text saved as .txt): recognised, joined back into paragraphs, or left alone. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayWidth, reflowHardWraps, wrapWidth } from '../../src/ingest/reflow.js';
import { ingestBytes } from '../../src/ingest/index.js';
import { okValue } from './helpers.js';
import { hardWrap } from './hard-wrap.js';

const ROOT = join(__dirname, '..', '..');
const SAMPLES = ['corpora/000_a7e788a71b64a196.txt', 'corpora/001_8e4b7fe06461b8c1.txt'].map((p) => readFileSync(join(ROOT, p), 'utf8'));
/** A text's paragraphs: its non-empty lines, trimmed. */
const paragraphs = (t: string) =>
  t
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

describe('reflowHardWraps', () => {
  it('leaves text written one paragraph a line alone (the sample corpus)', () => {
    for (const s of SAMPLES) expect(reflowHardWraps(s)).toBeNull();
  });

  it('leaves a list of short complete lines alone', () => {
    const list = Array.from({ length: 20 }, (_, i) => `${i + 1}.关于第${i + 1}项问题的整改情况已经全部完成并销号。`).join('\n');
    expect(reflowHardWraps(list)).toBeNull();
  });

  it.each([
    ['28 characters a line, page numbers between blank lines', { width: 56, indent: false }],
    ['35 characters a line, first lines indented', { width: 70, indent: true }],
  ])('gives back the paragraphs of the sample corpus wrapped at %s', (_, opts) => {
    for (const s of SAMPLES) {
      const wrapped = hardWrap(s, opts);
      expect(paragraphs(wrapped).length).toBeGreaterThan(paragraphs(s).length * 2);
      const r = reflowHardWraps(wrapped);
      expect(r).not.toBeNull();
      expect(paragraphs(r!.text)).toEqual(paragraphs(s));
    }
  });

  it('finds the wrap width in display columns (a Chinese character is 2)', () => {
    expect(displayWidth('巡察2024')).toBe(8);
    const wrapped = hardWrap(SAMPLES[0], { width: 56, indent: false });
    expect(wrapWidth(wrapped.split('\n'))?.width).toBeGreaterThanOrEqual(54);
    expect(wrapWidth(wrapped.split('\n'))?.width).toBeLessThanOrEqual(58);
  });

  const body = (n: number) => Array.from({ length: n }, (_, i) => `这是用于测试的第${String(i).padStart(2, '0')}行文字内容，句子在行末尚未结束并且继续`).join('\n');

  it('joins across a page number and a form feed, and drops the page number', () => {
    const t = `${body(8)}\n\n— 2 —\n\n接下一页的文字。\n${body(4)}\f第二页的开头。`;
    const r = reflowHardWraps(t)!;
    expect(r.pageNumbers).toBe(1);
    expect(r.text).not.toContain('— 2 —');
    expect(r.text).toContain('并且继续接下一页的文字。');
    expect(r.text).toContain('并且继续第二页的开头。');
  });

  it('keeps a bare number between two lines of text (a table cell), drops it between blank lines', () => {
    const t = `${body(8)}\n表格\n1\n单元格\n\n2\n\n${body(3)}`;
    const r = reflowHardWraps(t)!;
    expect(r.text).toMatch(/\n1\n/);
    expect(r.text).not.toMatch(/\n2\n/);
  });

  it('does not join a numbered item to a full line, unless the line stops inside a word (单 | 一、)', () => {
    const heading = '（一）贯彻落实党的理论路线方针政策和党中央决策部署方面存在的';
    expect(displayWidth(heading)).toBeGreaterThanOrEqual(54);
    const t = `${body(8)}\n${heading}\n1.理论学习不够深入。\n${body(2)}\n${'检察院'.repeat(7)}活动形式较为单\n一、载体不多。`;
    const lines = paragraphs(reflowHardWraps(t)!.text);
    expect(lines).toContain('1.理论学习不够深入。');
    expect(lines.some((l) => l.endsWith('活动形式较为单一、载体不多。'))).toBe(true);
  });

  it('joins a title with its tail, never with the first paragraph', () => {
    const t = `县委第三巡察组关于对县住房和城乡建设局党组开展巡察整改情况\n的反馈意见\n${body(10)}`;
    expect(paragraphs(reflowHardWraps(t)!.text)[0]).toBe('县委第三巡察组关于对县住房和城乡建设局党组开展巡察整改情况的反馈意见');
    const long = `县委第三巡察组关于对县住房和城乡建设局党组开展巡察整改情况的反馈\n${body(10)}`;
    expect(paragraphs(reflowHardWraps(long)!.text)[0]).toBe('县委第三巡察组关于对县住房和城乡建设局党组开展巡察整改情况的反馈');
  });

  it('puts a space between two Latin words only, and keeps CRLF line ends', () => {
    const t = `${body(6)}\r\n这是用于测试的一行文字内容，句子在行末尚未结束并且继续写Microsoft\r\nOffice之后的文字\r\n${body(3).replace(/\n/g, '\r\n')}`;
    const r = reflowHardWraps(t)!;
    expect(r.text).toContain('Microsoft Office之后');
    expect(r.text).toContain('\r\n');
    expect(r.text).not.toMatch(/[^\r]\n/);
  });
});

describe('ingest', () => {
  it('a hard-wrapped .txt is joined, with an I_REFLOWED note; a clean one is byte for byte', async () => {
    const wrapped = hardWrap(SAMPLES[0], { width: 56, indent: false });
    const r = await ingestBytes('wrapped.txt', new TextEncoder().encode(wrapped));
    const v = okValue(r);
    expect(v.type === 'text' && paragraphs(v.text)).toEqual(paragraphs(SAMPLES[0]));
    expect(r.ok && r.diagnostics?.map((d) => [d.code, d.severity])).toEqual([['I_REFLOWED', 'info']]);
    const clean = await ingestBytes('clean.txt', new TextEncoder().encode(SAMPLES[0]));
    expect(okValue(clean)).toMatchObject({ text: SAMPLES[0] });
    expect(clean.ok && clean.diagnostics).toBeFalsy();
  });

  it('a web page that keeps a PDF’s lines with <br> is joined too', async () => {
    const wrapped = hardWrap(SAMPLES[1], { width: 56, indent: false });
    const html = `<html><body><div class="nav">首页 | 工作动态</div><div class="content"><p>${wrapped.split('\n').join('<br>\n')}</p></div></body></html>`;
    const v = okValue(await ingestBytes('page.html', new TextEncoder().encode(html)));
    expect(v.type === 'text' && paragraphs(v.text).filter((l) => l.length > 40)).toEqual(paragraphs(SAMPLES[1]).filter((l) => l.length > 40));
  });
});
