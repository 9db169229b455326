import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ingestCsv, lookupMeta, readMetaCsv } from '../../src/ingest/csv.js';
import { ingestBytes } from '../../src/ingest/index.js';
import { errorCodes, fixture, okValue } from './helpers.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('CSV of findings', () => {
  it('UTF-8 with BOM: default columns 编号/单位/问题, other columns in meta, 1-based rows and start lines', async () => {
    const v = okValue(await ingestBytes('findings.csv', fixture('findings.csv')));
    if (v.type !== 'findings') throw new Error('expected findings');
    expect(v.encoding).toBe('utf-8-bom');
    expect(v.rows.map((r) => [r.row, r.line, r.id, r.unit])).toEqual([
      [1, 2, 'F1', '县自然资源局'],
      [2, 3, 'F2', '县自然资源局'],
      [3, 4, 'F3', '县人民检察院'], // a quoted field spanning lines 4–5
      [4, 7, 'F4', '县人民检察院'], // after a blank line
    ]);
    expect(v.rows[0].meta).toEqual({ 类别: '学习贯彻', 来源: '2022年第二轮巡察' });
    expect(v.rows[1].text).toBe('对违法占用耕地问题查处不及时,有5宗未按期整改到位。');
    expect(v.rows[2].text).toBe('"三会一课"制度落实不到位；\r\n部分支部组织生活会批评与自我批评辣味不足。');
  });

  it('GBK: decoded by the detector; finding/被巡察单位/序号 columns', () => {
    const v = okValue(ingestCsv('findings.gbk.csv', fixture('findings.gbk.csv')));
    expect(v.encoding).toBe('gb18030');
    expect(v.rows).toEqual([
      { row: 1, line: 2, id: '1', unit: '县农业农村局', text: '落实耕地保护责任不力。', meta: { 备注: '' } },
      { row: 2, line: 3, id: '2', unit: '县农业农村局', text: '干部队伍建设存在短板。', meta: { 备注: '需跟踪' } },
    ]);
  });

  it('explicit column names', () => {
    const v = okValue(ingestCsv('x.csv', fixture('findings-nocol.csv'), { text: '描述', unit: '单位', id: '编号' }));
    expect(v.rows).toEqual([{ row: 1, line: 2, id: '1', unit: '县水利局', text: '河道管理不到位。', meta: {} }]);
  });

  it('no text column: E_CSV_COLUMN naming the columns found', () => {
    const r = ingestCsv('findings-nocol.csv', fixture('findings-nocol.csv'));
    expect(errorCodes(r)).toEqual(['E_CSV_COLUMN']);
    expect(!r.ok && r.diagnostics[0].reason).toContain('"编号", "单位", "描述"');
  });

  it('a named column that is missing: E_CSV_COLUMN', () => {
    expect(errorCodes(ingestCsv('x.csv', fixture('findings.csv'), { unit: '部门' }))).toEqual(['E_CSV_COLUMN']);
  });

  it('no unit/id column is fine (null)', () => {
    const v = okValue(ingestCsv('x.csv', enc('text,year\n问题一。,2021\n')));
    expect(v.rows).toEqual([{ row: 1, line: 2, id: null, unit: null, text: '问题一。', meta: { year: '2021' } }]);
  });

  it('an unclosed quote: E_CSV with the line where the row starts', () => {
    const r = ingestCsv('findings-bad.csv', fixture('findings-bad.csv'));
    expect(errorCodes(r)).toEqual(['E_CSV']);
    expect(!r.ok && r.diagnostics[0].loc).toEqual({ line: 3, column: 1 });
  });

  it('a row with extra non-empty fields: E_CSV with its line; extra empty fields are ignored', () => {
    const r = ingestCsv('x.csv', enc('text,unit\n甲。,A\n乙。,B,多余\n'));
    expect(errorCodes(r)).toEqual(['E_CSV']);
    expect(!r.ok && r.diagnostics[0].loc?.line).toBe(3);
    expect(okValue(ingestCsv('x.csv', enc('text,unit\n甲。,A,,\n乙。\n'))).rows.map((r) => r.unit)).toEqual(['A', null]);
  });

  it('rows without text are skipped with a warning; a header alone is E_EMPTY', () => {
    const r = ingestCsv('x.csv', enc('text,unit\n,A\n乙。,B\n'));
    expect(okValue(r).rows.map((x) => x.line)).toEqual([3]);
    expect(r.diagnostics?.map((d) => [d.code, d.loc?.line])).toEqual([['W_CSV_EMPTY_TEXT', 2]]);
    expect(errorCodes(ingestCsv('x.csv', enc('text,unit\n')))).toEqual(['E_EMPTY']);
  });

  it('UTF-16 CSV with BOM works too', () => {
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('内容\r\n问题一。\r\n', 'utf16le')]));
    expect(okValue(ingestCsv('x.csv', bytes)).rows[0].text).toBe('问题一。');
  });
});

describe('--meta CSV', () => {
  it('keys by path; other columns become metadata; duplicate keys warn with their line', () => {
    const r = readMetaCsv(fixture('meta.csv'), 'meta.csv');
    const map = okValue(r);
    expect([...map.keys()]).toEqual(['reports/2021/report.docx', 'sample.gb18030.txt', 'report.html']);
    expect(map.get('sample.gb18030.txt')).toEqual({ unit: '县人民检察院', region: '漯河市某县', level: '县级', year: '2021' });
    expect(r.diagnostics?.map((d) => [d.code, d.severity, d.loc?.line])).toEqual([['W_META_DUPLICATE', 'warning', 5]]);
  });

  it('accepts a "file" column, GBK, and Windows paths', () => {
    const csv = iconv.encode('file,单位\r\n.\\2021\\a.txt,县林业局\r\n', 'gbk');
    expect([...okValue(readMetaCsv(new Uint8Array(csv), 'm.csv')).entries()]).toEqual([['2021/a.txt', { 单位: '县林业局' }]]);
  });

  it('no path/file column: E_CSV_COLUMN', () => {
    expect(errorCodes(readMetaCsv(enc('name,unit\na,b\n'), 'm.csv'))).toEqual(['E_CSV_COLUMN']);
  });

  it('lookup: by id (relative path), by path as given, by basename when unambiguous', () => {
    const map = okValue(readMetaCsv(fixture('meta.csv'), 'meta.csv'));
    expect(lookupMeta(map, { id: 'reports/2021/report.docx', path: '/x/y.docx' })?.year).toBe('2022');
    expect(lookupMeta(map, { id: 'other.docx', path: './reports/2021/report.docx' })?.year).toBe('2022');
    expect(lookupMeta(map, { id: 'deep/sample.gb18030.txt', path: 'in/deep/sample.gb18030.txt' })?.unit).toBe('县人民检察院');
    expect(lookupMeta(map, { id: 'none.txt', path: 'none.txt' })).toBeUndefined();
    const twice = okValue(readMetaCsv(enc('path,unit\na/x.txt,A\nb/x.txt,B\n'), 'm.csv'));
    expect(lookupMeta(twice, { id: 'x.txt', path: 'c/x.txt' })).toBeUndefined(); // ambiguous basename
  });
});
