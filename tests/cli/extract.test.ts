import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, readCsv, readJsonl, tmp, xuncha } from './helpers.js';

const gold = readCsv(join(ROOT, 'tests/fixtures/gold/seed-findings.csv'));
const goldDocs = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/gold/seed-documents.json'), 'utf8')) as Record<string, Record<string, unknown>>;

type F = { id: string; doc_id: string; number: string; title: string; record_kind: string; span: [number, number]; title_span: [number, number] };
type D = { id: string; kind: string; unit: string; inspector: string; text: string; finding_count: number };

describe('xuncha extract (CLI, as a user runs it)', () => {
  it('extracts the 27 gold findings of the sample corpus with the gold kinds, units and inspectors', () => {
    const out = tmp();
    const r = xuncha(['extract', 'corpora', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('27 findings');
    const docs = readJsonl<D>(join(out, 'documents.jsonl'));
    const findings = readJsonl<F>(join(out, 'findings.jsonl')).filter((f) => f.record_kind === 'finding');
    expect(findings.length).toBe(27);
    expect(findings.map((f) => [f.doc_id, f.number, f.title])).toEqual(gold.map((g) => [g.doc, g.number, g.title]));
    for (const d of docs) {
      const g = goldDocs[d.id];
      expect([d.kind, d.unit, d.inspector, d.finding_count]).toEqual([g.kind, g.unit, g.inspector, g.findings]);
      // every span points into the original text
      for (const f of findings.filter((x) => x.doc_id === d.id)) {
        expect(f.span[0]).toBeGreaterThanOrEqual(0);
        expect(f.span[1]).toBeLessThanOrEqual(d.text.length);
        expect(d.text.slice(...f.title_span).replace(/[,，\s]/g, '')).toBe(f.title.replace(/[,，\s]/g, ''));
      }
    }
    // the CSV twins hold the same rows
    const csv = readCsv(join(out, 'findings.csv')).filter((f) => f.record_kind === 'finding');
    expect(csv.map((f) => f.title)).toEqual(findings.map((f) => f.title));
    expect(readFileSync(join(out, 'findings.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('gives the same findings for the feedback saved as GBK and as UTF-16 as for its UTF-8 original', () => {
    const titles = (dir: string) => {
      const out = tmp();
      const r = xuncha(['extract', dir, '--out', out]);
      expect(r.code).toBe(0);
      return readJsonl<F>(join(out, 'findings.jsonl')).map((f) => [f.number, f.title, f.record_kind]);
    };
    const utf8 = tmp();
    copyFileSync(join(ROOT, 'corpora/000_a7e788a71b64a196.txt'), join(utf8, 'report.txt'));
    const expected = titles(utf8);
    expect(expected.filter((t) => t[2] === 'finding').length).toBe(14);
    for (const f of ['sample.gb18030.txt', 'sample.utf16le-bom.txt', 'sample.utf16be-bom.txt', 'sample.utf8-bom.txt']) {
      const d = tmp();
      copyFileSync(join(ROOT, 'tests/fixtures/ingest', f), join(d, 'report.txt'));
      expect(titles(d)).toEqual(expected);
    }
  });

  it('reports an unreadable file with its path, extracts the others, and exits 1', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'in'));
    copyFileSync(join(ROOT, 'corpora/000_a7e788a71b64a196.txt'), join(dir, 'in/good.txt'));
    writeFileSync(join(dir, 'in/broken.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    writeFileSync(join(dir, 'in/bad.pdf'), '%PDF-1.4 truncated');
    const out = join(dir, 'out');
    const r = xuncha(['extract', join(dir, 'in'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(dir, 'in/broken.txt'));
    expect(r.stderr).toContain('E_BINARY');
    expect(r.stderr).toContain('bad.pdf');
    const errors = readCsv(join(out, 'errors.csv')).filter((e) => e.severity === 'error');
    expect(errors.map((e) => e.code).sort()).toEqual(['E_BINARY', 'E_PDF']);
    expect(readJsonl<F>(join(out, 'findings.jsonl')).filter((f) => f.record_kind === 'finding').length).toBe(14);
  });
});
