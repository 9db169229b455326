import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { OutputSet, safeRelative, sanitizeFileName, utf8 } from '../../src/pipeline/outputs.js';

describe('OutputSet', () => {
  it('writes all files and leaves no staging folder behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuncha-out-'));
    writeFileSync(join(dir, 'a.txt'), 'old');
    const out = new OutputSet(dir);
    out.add('a.txt', 'new');
    out.add('sub/b.txt', 'b');
    await out.commit();
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('new');
    expect(readFileSync(join(dir, 'sub/b.txt'), 'utf8')).toBe('b');
    expect(readdirSync(dir).filter((f) => f.startsWith('.xuncha-staging'))).toEqual([]);
  });

  it('refuses names that would leave the output folder', () => {
    for (const bad of ['../x', '../../etc/passwd', '/abs', 'a/../../b', 'C:\\x', 'nul\0byte']) expect(() => safeRelative(bad)).toThrow();
    expect(safeRelative('a/b.txt')).toBe(join('a', 'b.txt'));
  });

  it('sanitizes metadata-derived file names', () => {
    expect(sanitizeFileName('../../x')).not.toContain('/');
    expect(sanitizeFileName('../../x').startsWith('.')).toBe(false);
    expect(sanitizeFileName('县人民检察院')).toBe('县人民检察院');
    expect(sanitizeFileName('')).toBe('_');
  });
});

describe('utf8', () => {
  it('gives the bytes Buffer.from gives, for any string, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8(s).equals(Buffer.from(s, 'utf8'))), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0xd700, max: 0xe000 }).map((c) => String.fromCharCode(c)) }), (s) => utf8(s).equals(Buffer.from(s, 'utf8'))), { numRuns: 2000 });
    for (const s of ['a\ud800b', '\udc00', '巡察\ud83d', '😀中', '']) expect(utf8(s).equals(Buffer.from(s, 'utf8'))).toBe(true);
  });
});
