import { describe, expect, it } from 'vitest';
import { itemsToLines, linesToText, type PdfLine } from '../../src/ingest/pdf.js';
import { unifyRadicals } from '../../src/ingest/radicals.js';

// A page 100 wide, text from x=10 to x=90, size 5 (16 characters a line).
const L = (page: number, y: number, left: number, text: string, right = left + text.length * 5): PdfLine => ({ page, y, left, right, text, size: 5 });

describe('pdf lines → paragraphs', () => {
  it('joins wrapped lines; an indented line or a section number starts a new paragraph', () => {
    const page = [
      L(1, 100, 20, '一、主要问题'),
      L(1, 92, 20, '1.学习贯彻不深入，中心组学习', 90),
      L(1, 84, 10, '流于形式，仅开展集中学习4次，', 90),
      L(1, 76, 10, '未达到规定要求。'),
      L(1, 68, 20, '2.落实耕地保护责任不力，查处', 90),
      L(1, 60, 10, '(1)违法用地未整改。'),
    ];
    expect(linesToText([page])).toBe(
      '一、主要问题\n1.学习贯彻不深入，中心组学习流于形式，仅开展集中学习4次，未达到规定要求。\n2.落实耕地保护责任不力，查处\n(1)违法用地未整改。',
    );
  });

  it('joins a paragraph across a page break, drops page numbers, separates pages by a newline', () => {
    const p1 = [L(1, 100, 20, '问题一：学习不深入，', 90), L(1, 92, 10, '理论学习流于形式，专题研讨', 90), L(1, 10, 45, '- 1 -')];
    const p2 = [L(2, 100, 10, '次数少。'), L(2, 92, 20, '问题二：作风不实。'), L(2, 10, 40, '第2页 共2页')];
    expect(linesToText([p1, p2])).toBe('问题一：学习不深入，理论学习流于形式，专题研讨次数少。\n问题二：作风不实。');
  });

  it('does not join lines of different sizes or far apart', () => {
    const title = { ...L(1, 120, 10, '关于巡察县某局党组的反馈意见', 90), size: 8 };
    expect(linesToText([[title, L(1, 108, 10, '根据县委统一部署。')]])).toBe('关于巡察县某局党组的反馈意见\n根据县委统一部署。');
    expect(linesToText([[L(1, 100, 10, '第一段落满行的文字内容', 90), L(1, 70, 10, '第二段。')]])).toBe('第一段落满行的文字内容\n第二段。');
  });

  it('joins Latin words with a space', () => {
    expect(linesToText([[L(1, 100, 10, 'the quick brown', 90), L(1, 92, 10, 'fox')]])).toBe('the quick brown fox');
  });

  it('groups items by baseline and orders them by x, with no spaces between CJK items', () => {
    const lines = itemsToLines(
      [
        { str: '然资源局', x: 30, y: 700, w: 40, h: 10 },
        { str: '县⾃', x: 10, y: 700.4, w: 20, h: 10 },
        { str: '第二行', x: 10, y: 680, w: 30, h: 10 },
        { str: 'ABC', x: 80, y: 680, w: 15, h: 10 },
      ],
      1,
    );
    expect(lines.map((l) => l.text)).toEqual(['县⾃然资源局', '第二行 ABC']);
  });

  it('maps CJK radicals from text layers to ideographs', () => {
    expect(unifyRadicals('县⾃然资源局党组的反馈意⻅，作⻛建设，⻓期')).toBe('县自然资源局党组的反馈意见，作风建设，长期');
  });
});
