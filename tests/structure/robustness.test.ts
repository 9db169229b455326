/** parseStructure never throws, stays linear, and keeps every span inside the original text. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalize, type NormalizedText } from '../../src/normalize/index.js';
import { parseStructure } from '../../src/structure/index.js';
import type { StructureResult } from '../../src/structure/types.js';
import { read, spansOk } from './helpers.js';

function check(original: string, n: NormalizedText = normalize(original)): StructureResult {
  const r = parseStructure(n);
  expect(r.diagnostics.filter((d) => d.code === 'S_INTERNAL')).toEqual([]);
  expect(spansOk({ ...r, original })).toEqual([]);
  const kinds = r.findings.map((f) => f.record_kind);
  expect(kinds.indexOf('recommendation') < 0 || kinds.lastIndexOf('finding') < kinds.indexOf('recommendation')).toBe(true);
  const numbers = r.findings.filter((f) => f.record_kind === 'finding').map((f) => f.number);
  expect(new Set(numbers).size).toBe(numbers.length);
  return r;
}

/** A NormalizedText whose map is the identity (for inputs too large to normalize in a test). */
function identity(text: string): NormalizedText {
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) { starts[i] = i; ends[i] = i + 1; }
  return { original: text, text, starts, ends };
}

function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const v = f();
  return [v, performance.now() - t];
}

const FRAGMENTS = [
  '一、', '二、', '（一）', '(二)', '1.', '2、', '3．', '（1）', '(2)', '①', '一是', '二是', '三是', '针对', '关于', '的问题', '问题',
  '问题1：', '“', '”', '整改情况：', '整改措施：', '整改进度：', '已完成', '正在整改', '存在的主要问题', '意见建议', '总体评价',
  '巡察组指出，', '要求', '反馈意见', '整改情况的通报', '县委第一巡察组', '对县人民检察院开展了巡察', '2021年3月2日至4月5日',
  '发布日期：2021-08-27', '中共某市人民检察院党组', '。', '，', '；', '：', '\n', '\n\n', ' ', '　', '\r\n', 'a', '学习不深入', '方面',
];

describe('properties', () => {
  it('any string (including lone surrogates and control characters)', () => {
    const anyChar = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(fc.property(fc.string({ unit: anyChar, maxLength: 400 }), (s) => { check(s); }), { numRuns: 300 });
  });

  it('any unicode string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => { check(s); }), { numRuns: 300 });
  });

  it('strings built from report fragments', () => {
    const frag = fc.constantFrom(...FRAGMENTS);
    fc.assert(fc.property(fc.array(frag, { maxLength: 120 }), (parts) => { check(parts.join('')); }), { numRuns: 600 });
  });

  it('report fragments with line structure', () => {
    const line = fc.tuple(fc.constantFrom(...FRAGMENTS.slice(0, 21)), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 8 }))
      .map(([a, b]) => a + b.join(''));
    fc.assert(fc.property(fc.constantFrom('关于巡察某局党组的反馈意见', '某局党组关于巡察整改情况的通报', '县委第一巡察组向某村党支部反馈巡察情况', ''),
      fc.array(line, { maxLength: 40 }), (title, lines) => { check([title, ...lines].join('\n')); }), { numRuns: 400 });
  });

  it('slices of the sample reports', () => {
    const docs = [read('corpora/000_a7e788a71b64a196.txt'), read('corpora/001_8e4b7fe06461b8c1.txt')];
    fc.assert(fc.property(fc.constantFrom(0, 1), fc.nat(), fc.nat(), (d, a, b) => {
      const s = docs[d];
      const i = a % (s.length + 1);
      const j = b % (s.length + 1);
      check(s.slice(Math.min(i, j), Math.max(i, j)));
    }), { numRuns: 200 });
  });
});

describe('edge inputs', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t\r\n　\n'],
    ['NUL and controls', '\u0000\u0001\u0002\n\u0007一、\u0000'],
    ['lone surrogates', '\ud800一、\udc00问题\ud83d'],
    ['only markers', '一、\n（一）\n1.\n（1）\n①\n一是\n问题1：'],
    ['title only', '关于巡察某局党组的反馈意见'],
  ])('%s', (_name, s) => {
    const r = check(s);
    expect(Array.isArray(r.findings)).toBe(true);
  });

  it('binary garbage', () => {
    const bytes = new Uint8Array(200_000);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) { x = (x * 1103515245 + 12345) >>> 0; bytes[i] = x >>> 24; }
    check(new TextDecoder('utf-8').decode(bytes));
    check(new TextDecoder('latin1').decode(bytes));
  });
});

describe('pathological inputs stay fast', () => {
  const cases: [string, string, number][] = [
    ['10,000 nested (1) on one line', '关于巡察某局的反馈意见\n' + '(1)'.repeat(10_000), 2000],
    ['10,000 (1) lines', '关于巡察某局的反馈意见\n' + '(1)x\n'.repeat(10_000), 2000],
    ['every level, 5,000 times', '关于巡察某局的反馈意见\n' + '一、存在的问题\n（一）方面\n1.学习不深入\n（1）甲\n①乙\n一是丙\n'.repeat(5_000), 4000],
    ['one long line of 一是…二是…', '关于巡察某局的反馈意见\n' + '巡察组指出：一是a，二是b。'.repeat(100_000), 4000],
    ['针对 + 问题 × 200,000', '关于巡察整改情况的通报\n1.针对' + '问题'.repeat(200_000), 4000],
    ['problem list × 30,000', '关于巡察整改情况的通报\n' + '问题1：x。\n整改措施：y。\n整改进度：已完成。\n'.repeat(30_000), 4000],
    ['sample × 100', read('corpora/001_8e4b7fe06461b8c1.txt').repeat(100), 4000],
  ];
  it.each(cases)('%s', (_name, s, budget) => {
    const n = normalize(s);
    const [, ms] = timed(() => check(s, n));
    expect(ms).toBeLessThan(budget);
  });

  it('20 MB without line breaks, and a million short heading lines', () => {
    for (const s of ['巡察反馈意见整改一是'.repeat(2_000_000), '关于巡察某局的反馈意见\n' + '一、存在的问题\n'.repeat(1_000_000)]) {
      const n = identity(s);
      const [r, ms] = timed(() => parseStructure(n));
      expect(r.diagnostics.filter((d) => d.code === 'S_INTERNAL')).toEqual([]);
      expect(ms).toBeLessThan(20_000);
    }
  });
});
