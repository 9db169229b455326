/**
 * The optimized normalize() against the reference implementation (tests/normalize/reference.ts,
 * the straightforward version it replaced): the same text and the same offset map, unit for unit.
 * And the converter skip: `needsConversion(s)` is false only when the OpenCC t → cn converter
 * returns `s` unchanged — checked for every BMP character and every dictionary key.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js/t2cn';
import { needsConversion, normalize, type NormalizedText } from '../../src/normalize/index.js';
import { normalizeReference } from './reference.js';
import { ROOT } from '../rules/helpers.js';

const convert = OpenCC.Converter({ from: 't', to: 'cn' });

function same(a: NormalizedText, b: NormalizedText): boolean {
  return a.text === b.text && a.original === b.original && a.starts.length === b.starts.length && a.starts.every((x, i) => x === b.starts[i]) && a.ends.every((x, i) => x === b.ends[i]);
}

function txtFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? txtFiles(p) : f.endsWith('.txt') ? [p] : [];
  });
}

/** Every [key, value] of the converter's dictionaries (the t2s preset). */
function dictionaryEntries(): [string, string][] {
  const cfg = (OpenCC as unknown as { Locale: { configs: Record<string, { normalizationChain?: string[][]; conversionChain: string[][] }> } }).Locale.configs.t2s;
  return [...(cfg.normalizationChain ?? []), ...cfg.conversionChain].flat().flatMap((d) => d.split('|').map((l) => l.split(' ') as [string, string]));
}

describe('normalize equals the reference implementation', () => {
  it('on the sample corpus and every text fixture (simplified, traditional, GB18030, UTF-16, CRLF…)', () => {
    const files = [...txtFiles(join(ROOT, 'corpora')), ...txtFiles(join(ROOT, 'tests/fixtures'))];
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const s = readFileSync(f, 'utf8');
      expect(same(normalize(s), normalizeReference(s)), f).toBe(true);
    }
  });

  it('the simplified sample reports skip the converter; the traditional dev report does not', () => {
    for (const f of txtFiles(join(ROOT, 'corpora'))) expect(needsConversion(readFileSync(f, 'utf8')), f).toBe(false);
    const trad = readFileSync(join(ROOT, 'tests/fixtures/dev/docs/university-feedback-traditional.txt'), 'utf8');
    expect(needsConversion(trad)).toBe(true);
  });

  it('on arbitrary texts mixing traditional phrases, compatibility ideographs, astral characters and layout', () => {
    const keys = dictionaryEntries().filter(([k, v]) => k !== v).map(([k]) => k);
    const phrases = keys.filter((k) => [...k].length > 1);
    const pieces = fc.oneof(
      fc.constantFrom('反覆', '沈默', '瞭解', '乾隆', '乾淨', '著名', '顯著', '覆盖', '沉', '坏', '一坏', '豈', '\uf900', '𠁞', '鄩', '巡視組', '黨委', '作风', '工作'),
      fc.constantFrom(...phrases),
      fc.constantFrom(...keys),
      fc.constantFrom('，', ',', '(', ')', '（一）', '1.', '１．', ' ', '\u3000', '\r\n', '\n', '\t', '\u200b', '\ufeff', 'abc', '12', ':', '😀', '\ud800'),
    );
    const arb = fc.oneof(fc.array(pieces, { maxLength: 30 }).map((a) => a.join('')), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }));
    fc.assert(
      fc.property(arb, (s) => same(normalize(s), normalizeReference(s))),
      { numRuns: 1500 },
    );
  });
});

describe('needsConversion never skips a text the converter would change', () => {
  it('every BMP character (surrogates excepted)', () => {
    const missed: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      if (convert(ch) !== ch && !needsConversion(ch)) missed.push(ch);
    }
    expect(missed).toEqual([]);
  });

  it('every key of the converter dictionaries, alone and inside simplified text', () => {
    const missed: string[] = [];
    for (const [k] of dictionaryEntries()) {
      for (const s of [k, `工作${k}作风`]) if (convert(s) !== s && !needsConversion(s)) missed.push(s);
    }
    expect(missed).toEqual([]);
  });
});
