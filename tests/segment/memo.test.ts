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

describe('MemoSegmenter after a dictionary change (stale words)', () => {
  /** A backend that records the texts it is asked to cut. */
  function recording() {
    const asked: string[] = [];
    const inner = pairs();
    const s: Segmenter = { ...inner, name: 'rec', cut: (t) => (asked.push(t), inner.cut(t)) };
    return { s, asked };
  }

  it('cuts again only the blocks between separators that contain a stale word, and records the new cut', () => {
    const { s, asked } = recording();
    const memo = new MemoSegmenter(s);
    const text = '甲乙丙丁，戊己庚。辛壬癸\n子丑';
    // The old cut: one token per character, separators included.
    const table = { cut: { [text]: [...text].map(() => 1) }, sub: {} };
    memo.begin(table, ['己庚']);
    const cut = memo.cut(text);
    expect(asked).toEqual(['戊己庚']);
    expect(cut).toEqual(['甲', '乙', '丙', '丁', '，', '戊己', '庚', '。', '辛', '壬', '癸', '\n', '子', '丑']);
    expect(memo.tableIsKnown()).toBe(false);
    expect(memo.table().cut[text]).toEqual(cut.map((w) => w.length));
    // A text without a stale word comes from the table as it was.
    memo.begin(table, ['子丑寅']);
    expect(memo.cut(text)).toEqual([...text]);
    expect(asked).toHaveLength(1);
    expect(memo.tableIsKnown()).toBe(true);
  });

  it('cuts a text again whole when a stale word itself holds a separator, and sub-word splits of words that contain one', () => {
    const { s, asked } = recording();
    const memo = new MemoSegmenter(s);
    const text = '甲乙，丙丁';
    memo.begin({ cut: { [text]: [1, 1, 1, 1, 1] }, sub: { 甲乙丙: [1, 1, 1], 丁戊己: [1, 1, 1] } }, ['乙，丙', '乙丙']);
    expect(memo.cut(text)).toEqual(['甲乙', '，丙', '丁']);
    expect(asked).toEqual([text]);
    expect(memo.subwords('甲乙丙')).toEqual(['甲', '乙', '丙']);
    expect(memo.subwords('丁戊己')).toEqual(['丁', '戊', '己']);
    expect(memo.misses).toBe(2); // the cut and 甲乙丙's split; 丁戊己 has no stale word
  });
});
