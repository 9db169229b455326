import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { normalize, toOriginal, originalSlice } from '../../src/normalize/index.js';

describe('normalize', () => {
  it('converts traditional to simplified, one unit per unit', () => {
    const n = normalize('省委第五巡視組關於巡視某理工大學黨委的反饋意見');
    expect(n.text).toBe('省委第五巡视组关于巡视某理工大学党委的反馈意见');
    expect(originalSlice(n, 2, 7)).toBe('第五巡視組');
  });

  it('unifies widths: full-width digits and letters to half-width, CJK-adjacent punctuation to full-width', () => {
    expect(normalize('１．ＡＢＣ１２３').text).toBe('1.ABC123');
    expect(normalize('不完善,优秀人才缺乏;其他:是否?').text).toBe('不完善，优秀人才缺乏；其他：是否？');
    expect(normalize('金额1,200元，时间10:30').text).toBe('金额1,200元，时间10:30');
    expect(normalize('(1)组织生活不经常').text).toBe('(1)组织生活不经常');
    expect(normalize('(一)贯彻落实').text).toBe('（一）贯彻落实');
  });

  it('cleans stray whitespace and keeps the map to the original', () => {
    const src = '  一、提高认识\r\n\r\n\r\n  (一)强化 领导。 为认真  贯彻\u3000落实 hello   world \n';
    const n = normalize(src);
    expect(n.text).toBe('一、提高认识\n（一）强化领导。为认真贯彻落实 hello world');
    const i = n.text.indexOf('强化领导');
    expect(toOriginal(n, i, i + 4)).toEqual([src.indexOf('强化'), src.indexOf('领导') + 2]);
    expect(originalSlice(n, i, i + 4)).toBe('强化 领导');
  });

  it('keeps the sample rectification report readable (indentation removed)', () => {
    const src = readFileSync('corpora/001_8e4b7fe06461b8c1.txt', 'utf8');
    const n = normalize(src);
    expect(n.text.split('\n').every((l) => l === l.trim())).toBe(true);
    expect(n.text).toContain('\n（一）在“党组领导作用发挥不充分，贯彻落实上级重大决策部署不到位”方面\n1.针对推进“检察制度示范院”建设乏力的问题\n');
  });

  it('never throws; every normalized unit maps inside the original, in order', () => {
    const pieces = fc.constantFrom('一、', '（一）', '(一)', '1.', '１．', ',', '，', ' ', '\u3000', '\r\n', '\n', '\t', '巡視', 'abc', '😀', '\ufeff', '\u200b', '(', ')', '1,2');
    const arb = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.array(pieces, { maxLength: 40 }).map((a) => a.join('')), fc.string({ unit: 'binary', maxLength: 80 }));
    fc.assert(
      fc.property(arb, (s) => {
        const n = normalize(s);
        expect(n.starts.length).toBe(n.text.length);
        let last = 0;
        for (let i = 0; i < n.text.length; i++) {
          expect(n.starts[i]).toBeGreaterThanOrEqual(0);
          expect(n.ends[i]).toBeLessThanOrEqual(s.length);
          expect(n.starts[i]).toBeLessThan(n.ends[i]);
          expect(n.starts[i]).toBeGreaterThanOrEqual(last);
          last = n.starts[i];
        }
        const a = Math.floor(n.text.length / 3);
        const [os, oe] = toOriginal(n, a, n.text.length);
        expect(0 <= os && os <= oe && oe <= s.length).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
