import { describe, expect, it } from 'vitest';
import { MemoSegmenter } from '../../src/segment/memo.js';
import type { Segmenter } from '../../src/segment/segmenter.js';

/** A backend that cuts into pairs of characters and counts its calls. */
function pairs(): Segmenter & { calls: number } {
  const s = {
    name: 'pairs',
    calls: 0,
    cut(text: string) {
      s.calls++;
      return text.match(/.{1,2}/gu) ?? [];
    },
    subwords(word: string) {
      s.calls++;
      return [...word];
    },
    addWords() {},
    dictionaryHash: () => 'pairs',
  };
  return s;
}

describe('MemoSegmenter', () => {
  it('answers from the table it was given, records every answer, and says when the record is that table', () => {
    const inner = pairs();
    const memo = new MemoSegmenter(inner);
    memo.begin();
    expect(memo.cut('整改落实不到位')).toEqual(['整改', '落实', '不到', '位']);
    expect(memo.subwords('整改')).toEqual(['整', '改']);
    expect(memo.tableIsKnown()).toBe(false); // both answers were new
    const table = memo.table();
    expect(table).toEqual({ cut: { 整改落实不到位: [2, 2, 2, 1] }, sub: { 整改: [1, 1] } });

    memo.begin(table);
    expect(memo.cut('整改落实不到位')).toEqual(['整改', '落实', '不到', '位']);
    expect(memo.subwords('整改')).toEqual(['整', '改']);
    expect(inner.calls).toBe(2); // from the table
    expect(memo.tableIsKnown()).toBe(true);
    expect(memo.table()).toEqual(table);
  });

  it('is not the known table when a text of it was not asked for, or a new one was', () => {
    const memo = new MemoSegmenter(pairs());
    const table = { cut: { 甲乙丙: [2, 1], 丁戊: [2] }, sub: {} };
    memo.begin(table);
    memo.cut('甲乙丙');
    expect(memo.tableIsKnown()).toBe(false); // 丁戊 not asked
    memo.cut('丁戊');
    expect(memo.tableIsKnown()).toBe(true);
    memo.cut('己庚');
    expect(memo.tableIsKnown()).toBe(false); // a new cut
  });
});
