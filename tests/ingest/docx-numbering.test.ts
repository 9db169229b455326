/**
 * Word's automatic list numbering put back into a .docx's text. The documents are made at test time
 * with the `docx` package, with real numbering definitions (word/numbering.xml) as Word writes them.
 */
import { describe, expect, it } from 'vitest';
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, TextRun } from 'docx';
import { ingestBytes, type Ingested } from '../../src/ingest/index.js';
import { formatNumber, withMarkers } from '../../src/ingest/docx-numbering.js';

const textOf = (r: Awaited<ReturnType<typeof ingestBytes>>): string => {
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  const v = r.value as Ingested;
  if (v.type !== 'text') throw new Error('expected text');
  return v.text;
};

async function numberedDocx(children: (numbering: (level: number) => { reference: string; level: number }) => Paragraph[]): Promise<Uint8Array> {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'outline',
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.START },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '（%2）', alignment: AlignmentType.START },
            { level: 2, format: LevelFormat.DECIMAL, text: '%3.', alignment: AlignmentType.START },
          ],
        },
      ],
    },
    sections: [{ children: children((level) => ({ reference: 'outline', level })) }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe('.docx automatic numbering', () => {
  it('puts 一、 （一） 1. back in front of numbered paragraphs, counting as Word does (deeper levels restart)', async () => {
    const bytes = await numberedDocx((n) => [
      new Paragraph('关于巡察县统计局党组的反馈意见'),
      new Paragraph({ text: '存在的主要问题', numbering: n(0) }),
      new Paragraph({ text: '政治建设方面', numbering: n(1) }),
      new Paragraph({ text: '理论学习不深入。', numbering: n(2) }),
      new Paragraph({ text: '统计数据质量把关不严。', numbering: n(2) }),
      new Paragraph({ text: '作风建设方面', numbering: n(1) }),
      new Paragraph({ text: '文山会海问题仍然存在。', numbering: n(2) }),
      new Paragraph({ text: '整改要求', numbering: n(0) }),
      new Paragraph('要认真抓好整改。'),
    ]);
    expect(textOf(await ingestBytes('a.docx', bytes)).split('\n')).toEqual([
      '关于巡察县统计局党组的反馈意见',
      '一、存在的主要问题',
      '（一）政治建设方面',
      '1.理论学习不深入。',
      '2.统计数据质量把关不严。',
      '（二）作风建设方面',
      '1.文山会海问题仍然存在。',
      '二、整改要求',
      '要认真抓好整改。',
    ]);
  });

  it('adds no numbers when a paragraph holds a line break, which this reader does not follow (the text stays as mammoth read it)', async () => {
    const bytes = await numberedDocx((n) => [
      new Paragraph({ text: '存在的主要问题', numbering: n(0) }),
      new Paragraph({ children: [new TextRun('第一行'), new TextRun({ text: '第二行', break: 1 })], numbering: n(2) }),
    ]);
    const lines = textOf(await ingestBytes('b.docx', bytes)).split('\n');
    expect(lines).toEqual(['存在的主要问题', '第一行第二行']);
  });

  it('formats counters as Word\'s number formats do', () => {
    expect([1, 10, 12, 20, 21, 99].map((n) => formatNumber(n, 'chineseCounting'))).toEqual(['一', '十', '十二', '二十', '二十一', '九十九']);
    expect([1, 20].map((n) => formatNumber(n, 'decimalEnclosedCircle'))).toEqual(['①', '⑳']);
    expect([1, 26, 27].map((n) => formatNumber(n, 'lowerLetter'))).toEqual(['a', 'z', 'aa']);
    expect(formatNumber(3, 'bullet')).toBe('');
    expect(formatNumber(3, 'decimal')).toBe('3');
  });

  it('adds nothing when its paragraphs and the lines differ', () => {
    const paras = [{ text: '甲', marker: '一、', complex: false }, { text: '乙', marker: '', complex: false }];
    expect(withMarkers(['甲', '乙'], paras)).toEqual(['一、甲', '乙']);
    expect(withMarkers(['甲', '丙'], paras)).toEqual(['甲', '丙']);
    expect(withMarkers(['甲'], paras)).toEqual(['甲']);
  });
});

describe('.docx automatic numbering: lists', () => {
  it('a list that restarts its numbers (a new instance) counts from its start again; the first list goes on counting', async () => {
    const doc = new Document({
      numbering: { config: [{ reference: 'n', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }] },
      sections: [
        {
          children: [
            new Paragraph({ text: '甲问题', numbering: { reference: 'n', level: 0 } }),
            new Paragraph({ text: '乙问题', numbering: { reference: 'n', level: 0 } }),
            new Paragraph('中间一段'),
            new Paragraph({ text: '丙措施', numbering: { reference: 'n', level: 0, instance: 2 } }),
            new Paragraph({ text: '丁问题', numbering: { reference: 'n', level: 0 } }),
          ],
        },
      ],
    });
    const text = textOf(await ingestBytes('c.docx', new Uint8Array(await Packer.toBuffer(doc))));
    expect(text.split('\n')).toEqual(['1.甲问题', '2.乙问题', '中间一段', '1.丙措施', '3.丁问题']);
  });
});
