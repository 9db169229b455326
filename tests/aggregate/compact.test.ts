import { describe, expect, it } from 'vitest';
import { ByteArena, own, VarintReader, VarintWriter, Vocab, WordBatch, WordCounter, type ArenaSlot } from '../../src/aggregate/compact.js';
import { prng } from './corpus.js';

describe('compact storage', () => {
  it('varints round-trip, small and large', () => {
    const values = [0, 1, 127, 128, 255, 300, 16383, 16384, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER];
    const w = new VarintWriter(1);
    for (const v of values) w.uint(v);
    const r = new VarintReader(w.string());
    expect(values.map(() => r.uint())).toEqual(values);
    expect(r.done).toBe(true);
    expect(() => w.uint(-1)).toThrow(RangeError);
    expect(() => w.uint(1.5)).toThrow(RangeError);
    expect(() => new VarintReader('\u0080').uint()).toThrow(/truncated/);
  });

  it('a word counter gives the same counts as a plain map, whatever the batches', () => {
    const r = prng(5);
    const counter = new WordCounter();
    const batch = new WordBatch();
    const expected = new Map<number, [number, number]>();
    let tokens = 0;
    for (let b = 0; b < 300; b++) {
      const findings = 1 + Math.floor(r() * 6);
      for (let f = 0; f < findings; f++) {
        const ids = Array.from({ length: Math.floor(r() * 30) }, () => Math.floor(r() ** 2 * (b < 150 ? 500 : 20000)));
        batch.addFinding(ids);
        tokens += ids.length;
        for (const id of ids) {
          const e = expected.get(id) ?? [0, 0];
          e[0]++;
          expected.set(id, e);
        }
        for (const id of new Set(ids)) expected.get(id)![1]++;
      }
      batch.flushInto(counter);
    }
    // and a batch from elsewhere (a shard), unsorted
    counter.addBatch([7, 3, 70000], [2, 5, 1], [1, 5, 1]);
    for (const [id, c, f] of [[7, 2, 1], [3, 5, 5], [70000, 1, 1]]) {
      const e = expected.get(id) ?? [0, 0];
      expected.set(id, [e[0] + c, e[1] + f]);
    }
    expect(counter.tokens).toBe(tokens);
    const got = [...counter.each()];
    expect(got.map(([id]) => id)).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const [id, c, f] of got) expect([c, f]).toEqual(expected.get(id));
    expect(counter.bytes).toBeLessThan(got.length * 6);
  });

  it('vocabulary ids are dense and stable', () => {
    const v = new Vocab();
    expect([v.id('甲'), v.id('乙'), v.id('甲')]).toEqual([0, 1, 0]);
    expect(v.lookup('丙')).toBeUndefined();
    expect(v.size).toBe(2);
  });

  it('own copies are equal strings', () => {
    const text = '关于巡察某单位的反馈意见'.repeat(100);
    const s = text.slice(5, 40);
    expect(own(s)).toBe(s);
    expect(own('短')).toBe('短');
    expect(own(null)).toBeNull();
  });
});

describe('ByteArena', () => {
  it('keeps what is written where alloc says, small records packed in chunks, large ones alone', () => {
    const arena = new ByteArena();
    const r = prng(9);
    const records: Array<[ArenaSlot, Buffer]> = [];
    for (let i = 0; i < 400; i++) {
      // mostly small, a few larger than a quarter chunk
      const n = i % 97 === 5 ? ByteArena.CHUNK / 4 + 1 + Math.floor(r() * ByteArena.CHUNK) : Math.floor(r() * 20000);
      const bytes = Buffer.alloc(n);
      for (let k = 0; k < n; k++) bytes[k] = Math.floor(r() * 256);
      const slot = arena.alloc(n);
      arena.chunk(slot.chunk).set(bytes, slot.at);
      records.push([slot, bytes]);
    }
    for (const [slot, bytes] of records) {
      expect(arena.chunk(slot.chunk).subarray(slot.at, slot.at + bytes.length).equals(bytes)).toBe(true);
    }
    const stored = records.reduce((s, [, b]) => s + b.length, 0);
    expect(arena.size).toBe(stored);
    const large = records.filter(([, b]) => b.length > ByteArena.CHUNK / 4);
    expect(large.length).toBeGreaterThan(2);
    for (const [slot, b] of large) expect(arena.chunk(slot.chunk).length).toBe(b.length);
    const smallChunks = new Set(records.filter(([, b]) => b.length <= ByteArena.CHUNK / 4).map(([s]) => s.chunk)).size;
    const largeBytes = large.reduce((sum, [, b]) => sum + b.length, 0);
    expect(arena.bytes).toBe(smallChunks * ByteArena.CHUNK + largeBytes);
    // what is lost: the end of each full chunk (less than the record that did not fit), and the
    // rest of the chunk in use
    expect(arena.bytes - stored).toBeLessThan((smallChunks - 1) * 20000 + ByteArena.CHUNK);
    expect(smallChunks).toBeGreaterThan(2);
    expect(() => arena.alloc(-1)).toThrow(RangeError);
  });

  it('a varint writer hands over its bytes', () => {
    const w = new VarintWriter(1);
    for (const v of [1, 300, 2 ** 40]) w.uint(v);
    expect(Buffer.from(w.bytes()).toString('latin1')).toBe(w.string());
    expect(w.bytes().length).toBe(w.length);
  });
});
