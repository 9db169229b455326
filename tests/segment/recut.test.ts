/**
 * The block-by-block re-cut of MemoSegmenter (after words enter the dictionary) against the real
 * backends: for texts from the sample corpus and the development reports, and words drawn from
 * them, the re-cut of the old segmentation equals cutting the whole text with the new dictionary.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getSegmenter, type SegmenterName } from '../../src/segment/index.js';
import { MemoSegmenter } from '../../src/segment/memo.js';
import { normalize } from '../../src/normalize/index.js';

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sources = [
  ...readdirSync('corpora').filter((f) => f.endsWith('.txt')).map((f) => join('corpora', f)),
  ...readdirSync('tests/fixtures/dev/docs').filter((f) => f.endsWith('.txt')).map((f) => join('tests/fixtures/dev/docs', f)),
].map((p) => normalize(readFileSync(p, 'utf8')).text);

describe.each(['nodejieba', 'rs-jieba'] as SegmenterName[])('re-cut after a dictionary change (%s)', (backend) => {
  it('gives the same tokens as cutting the whole text with the changed dictionary', () => {
    const seg = getSegmenter({ backend });
    const rand = rng(backend === 'nodejieba' ? 11 : 12);
    const texts = Array.from({ length: 300 }, () => {
      const src = sources[Math.floor(rand() * sources.length)];
      const start = Math.floor(rand() * src.length);
      return src.slice(start, start + 20 + Math.floor(rand() * 600));
    }).filter((t) => t.length > 0);
    const memo = new MemoSegmenter(seg);
    memo.begin();
    for (const t of texts) memo.cut(t);
    const before = memo.table();

    // New words: Chinese substrings of the texts, two to five characters, some across word boundaries.
    const words = new Set<string>();
    while (words.size < 40) {
      const t = texts[Math.floor(rand() * texts.length)];
      const at = Math.floor(rand() * t.length);
      const w = t.slice(at, at + 2 + Math.floor(rand() * 4));
      if (/^[\u4e00-\u9fff]{2,5}$/.test(w)) words.add(w);
    }
    seg.addWords(words);

    memo.begin(before, [...words]);
    const missesBefore = memo.misses;
    let changed = 0;
    let recut = 0;
    for (const t of texts) {
      const whole = seg.cut(t);
      expect(memo.cut(t), t).toEqual(whole);
      if (before.cut[t].join() !== whole.map((w) => w.length).join()) changed++;
      if ([...words].some((w) => t.includes(w))) recut++;
    }
    // Not vacuous: many texts contain a new word, and some are cut differently because of it.
    expect(recut).toBeGreaterThan(30);
    expect(changed).toBeGreaterThan(5);
    expect(memo.misses - missesBefore).toBe(recut);
  });
});
