import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeText, decodeUtf8Strict } from '../../src/ingest/decode.js';
import { ingestBytes } from '../../src/ingest/index.js';
import { SAMPLE_PATH, errorCodes, fixture, okValue } from './helpers.js';

const original = readFileSync(SAMPLE_PATH, 'utf8');

describe('decodeText: the feedback sample in every supported encoding', () => {
  it.each([
    ['sample.gb18030.txt', 'gb18030'],
    ['sample.utf16le-bom.txt', 'utf-16le'],
    ['sample.utf16be-bom.txt', 'utf-16be'],
    ['sample.utf8-bom.txt', 'utf-8-bom'],
  ])('%s decodes to exactly the UTF-8 original (%s)', (name, encoding) => {
    const v = okValue(decodeText(fixture(name), name));
    expect(v.encoding).toBe(encoding);
    expect(v.text).toBe(original); // the BOM is not part of the text
    expect(v.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('plain UTF-8 is utf-8', () => {
    const v = okValue(decodeText(new Uint8Array(readFileSync(SAMPLE_PATH))));
    expect(v).toEqual({ text: original, encoding: 'utf-8' });
  });

  it('pure ASCII is utf-8', () => {
    expect(okValue(decodeText(new TextEncoder().encode('hello\r\n')))).toEqual({ text: 'hello\r\n', encoding: 'utf-8' });
  });

  it('keeps line endings as they are', () => {
    const text = '一、问题\r\n（一）学习不深入\r\n';
    expect(okValue(decodeText(iconv.encode(text, 'gbk'))).text).toBe(text);
  });

  it('ingestBytes reads .txt with the detected encoding', async () => {
    const v = okValue(await ingestBytes('x/sample.gb18030.txt', fixture('sample.gb18030.txt')));
    expect(v).toMatchObject({ type: 'text', format: 'txt', encoding: 'gb18030' });
    expect(v.type === 'text' && v.text).toBe(original);
  });
});

describe('decodeText: bad input', () => {
  it('a PNG renamed .txt is E_BINARY', async () => {
    expect(errorCodes(decodeText(fixture('image.png.txt')))).toEqual(['E_BINARY']);
    expect(errorCodes(await ingestBytes('image.png.txt', fixture('image.png.txt')))).toEqual(['E_BINARY']);
  });

  it('NUL bytes without a BOM are E_BINARY (UTF-16 without a BOM gets a note)', () => {
    const r = decodeText(new Uint8Array(Buffer.from('2021年巡察反馈意见：发现问题12个。\r\n', 'utf16le')));
    expect(errorCodes(r)).toEqual(['E_BINARY']);
    expect(!r.ok && r.diagnostics[0].note).toMatch(/UTF-16/);
  });

  it('an empty file is E_EMPTY', async () => {
    expect(errorCodes(decodeText(fixture('empty.txt')))).toEqual(['E_EMPTY']);
    expect(errorCodes(await ingestBytes('empty.txt', fixture('empty.txt')))).toEqual(['E_EMPTY']);
  });

  it('a whitespace-only file (ideographic spaces included) is E_EMPTY', () => {
    expect(errorCodes(decodeText(fixture('whitespace.txt')))).toEqual(['E_EMPTY']);
  });

  it('a BOM alone is E_EMPTY', () => {
    expect(errorCodes(decodeText(new Uint8Array([0xef, 0xbb, 0xbf])))).toEqual(['E_EMPTY']);
    expect(errorCodes(decodeText(new Uint8Array([0xff, 0xfe])))).toEqual(['E_EMPTY']);
  });

  it('undecodable bytes are E_DECODE', async () => {
    expect(errorCodes(decodeText(fixture('undecodable.txt')))).toEqual(['E_DECODE']);
    const r = await ingestBytes('dir/undecodable.txt', fixture('undecodable.txt'));
    expect(errorCodes(r)).toEqual(['E_DECODE']);
    expect(!r.ok && r.diagnostics[0].file).toBe('dir/undecodable.txt');
  });

  it('Latin-1 text is not mistaken for GBK', () => {
    const latin1 = iconv.encode('Rapport de l’inspection : problèmes constatés à l’échelon départemental. '.repeat(5), 'latin1');
    expect(errorCodes(decodeText(latin1))).toEqual(['E_DECODE']);
  });

  it('Shift-JIS Japanese is not mistaken for GBK', () => {
    const sjis = iconv.encode('巡回監査の結果について、以下のとおり報告します。問題点が見つかりました。'.repeat(3), 'shift_jis');
    expect(errorCodes(decodeText(sjis))).toEqual(['E_DECODE']);
  });

  it('UTF-16 with a BOM and an odd length is E_DECODE', () => {
    expect(errorCodes(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42])))).toEqual(['E_DECODE']);
  });

  it('GBK with one corrupt byte decodes with a warning', () => {
    const good = iconv.encode('关于巡察县检察院党组的反馈意见。'.repeat(40), 'gbk');
    const bad = new Uint8Array(Buffer.concat([good.subarray(0, 100), Buffer.from([0xff]), good.subarray(100)]));
    const r = decodeText(bad);
    expect(okValue(r).encoding).toBe('gb18030');
    expect(r.diagnostics?.map((d) => d.code)).toEqual(['W_DECODE_REPLACED']);
  });
});

describe('decodeUtf8Strict', () => {
  const reference = (b: Uint8Array): string | null => {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
    } catch {
      return null;
    }
  };

  it('answers as a strict TextDecoder does: on any bytes, and on any text with a BOM, astral characters or lone surrogates', () => {
    // Bytes biased towards UTF-8's lead and continuation bytes, so that many are valid and many are not.
    const byte = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }));
    fc.assert(fc.property(fc.array(byte, { maxLength: 24 }), (a) => decodeUtf8Strict(Uint8Array.from(a)) === reference(Uint8Array.from(a))), { numRuns: 20000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      const b = new TextEncoder().encode('\ufeff' + s);
      return decodeUtf8Strict(b) === reference(b);
    }), { numRuns: 5000 });
    for (const bad of [[0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8]]) expect(decodeUtf8Strict(Uint8Array.from(bad))).toBeNull();
    expect(decodeUtf8Strict(new Uint8Array(0))).toBe('');
  });
});
