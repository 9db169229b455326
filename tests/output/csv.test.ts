import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { toCsv, neutralizeCell } from '../../src/render/csv.js';

describe('CSV writer', () => {
  it('writes a BOM, CRLF, quotes, and reads back with csv-parse (bom: true)', () => {
    const csv = toCsv([{ a: '财务,支出', b: 'line1\nline2', c: 3 }, { a: '"引号"', b: '', c: null }], ['a', 'b', 'c']);
    expect(csv.startsWith('\ufeffa,b,c\r\n')).toBe(true);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { a: '财务,支出', b: 'line1\nline2', c: '3' },
      { a: '"引号"', b: '', c: '' },
    ]);
  });

  it('neutralizes cells a spreadsheet would evaluate as formulas, never numbers', () => {
    for (const bad of ['=1+1', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")']) {
      expect(neutralizeCell(bad)).toBe(`'${bad}`);
    }
    expect(neutralizeCell(-3)).toBe(-3);
    expect(neutralizeCell('正常文本')).toBe('正常文本');
    const csv = toCsv([{ a: '=cmd|\' /C calc\'!A0' }], ['a']);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0].a.startsWith("'=")).toBe(true);
  });
});
