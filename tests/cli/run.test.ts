import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, tmp, xuncha } from './helpers.js';

type Cat = { id: string; primary: number; any: number };
type Group = { value: string; findings: number; categories: Cat[] };
type Summary = { schema_version: number; xuncha_version: string; ruleset_hash: string; totals: { findings: number }; groupings: { key: string; groups: Group[] }[] };

const OUTPUTS = ['documents.csv', 'documents.jsonl', 'errors.csv', 'findings.csv', 'findings.jsonl', 'report.html', 'report.md', 'ruleset.json', 'summary.json'];

describe('xuncha run (the main job, as npm start runs it)', () => {
  const out = tmp();
  const cache = tmp();
  const r = xuncha(['run', 'corpora', '--out', out, '--cache-dir', cache]);

  it('writes every output for the two sample units', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    expect(summary.schema_version).toBe(1);
    const units = summary.groupings.find((g) => g.key === 'unit')!.groups.map((g) => g.value).sort();
    expect(units).toEqual(['深圳市人民检察院', '县人民检察院'].sort());
  });

  it('summary.json counts equal the counts computed from findings.csv', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const rows = readCsv(join(out, 'findings.csv')).filter((f) => f.record_kind === 'finding');
    expect(summary.totals.findings).toBe(rows.length);
    for (const g of summary.groupings.find((x) => x.key === 'unit')!.groups) {
      const mine = rows.filter((f) => f.unit === g.value);
      expect(g.findings).toBe(mine.length);
      for (const c of g.categories) {
        expect(c.primary, `${g.value} ${c.id} primary`).toBe(mine.filter((f) => f.primary === c.id).length);
        expect(c.any, `${g.value} ${c.id} any`).toBe(mine.filter((f) => f.categories.split(';').includes(c.id)).length);
      }
    }
  });

  it('records the rule-set hash and the xuncha version in every output', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(summary.xuncha_version).toBe(pkg.version);
    expect(summary.ruleset_hash).toMatch(/^[0-9a-f]{64}$/);
    for (const f of ['report.html', 'report.md', 'ruleset.json']) expect(readFileSync(join(out, f), 'utf8')).toContain(summary.ruleset_hash);
    for (const f of ['findings.csv', 'documents.csv']) {
      const rows = readCsv(join(out, f));
      expect(rows.every((x) => x.ruleset_sha256 === summary.ruleset_hash && x.xuncha_version === pkg.version)).toBe(true);
    }
    for (const f of ['findings.jsonl', 'documents.jsonl']) {
      const first = JSON.parse(readFileSync(join(out, f), 'utf8').split('\n')[0]) as Record<string, string>;
      expect([first.ruleset_sha256, first.xuncha_version]).toEqual([summary.ruleset_hash, pkg.version]);
    }
  });

  it('gives byte-identical outputs on a second run, which re-scores every document from the cache', () => {
    expect(r.stderr).not.toContain('from the cache');
    const again = tmp();
    const r2 = xuncha(['run', 'corpora', '--out', again, '--cache-dir', cache]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toContain('from the cache: 2 documents, 2 of them only re-scored');
    for (const f of OUTPUTS) expect(readFileSync(join(again, f)).equals(readFileSync(join(out, f))), f).toBe(true);
  });

  it('gives the same bytes in one thread, in two, and when the CSV files are written from the JSONL at the end', () => {
    // Worker threads serialize the CSV rows as they go unless metadata columns may appear (--meta):
    // then the CSV files are made from the JSONL at the end. A --meta file matching no input adds no
    // column, so all three ways must give identical files.
    const one = tmp();
    const meta = join(tmp(), 'meta.csv');
    writeFileSync(meta, 'path,region\nno-such-file.txt,north\n');
    const late = tmp();
    expect(xuncha(['run', 'corpora', '--out', one, '--jobs', '1', '--no-cache']).code).toBe(0);
    expect(xuncha(['run', 'corpora', '--out', late, '--jobs', '2', '--meta', meta, '--no-cache']).code).toBe(0);
    for (const f of OUTPUTS) {
      expect(readFileSync(join(one, f)).equals(readFileSync(join(out, f))), `${f}: --jobs 1`).toBe(true);
      expect(readFileSync(join(late, f)).equals(readFileSync(join(out, f))), `${f}: --meta`).toBe(true);
    }
  });
});

describe('xuncha run with a rule set that fails its inline examples', () => {
  it('exits 2, names the example, and writes nothing', async () => {
    const { cpSync, readFileSync: read, writeFileSync, existsSync } = await import('node:fs');
    const rules = tmp();
    cpSync('rules', rules, { recursive: true });
    const f = join(rules, '20-conduct.yaml');
    // An example that the rule cannot match.
    writeFileSync(f, read(f, 'utf8').replace('        - 工作作风不严不实\n', '        - 工作作风不严不实\n        - 天气晴朗万里无云\n'));
    const out = join(tmp(), 'out');
    const r = xuncha(['run', 'corpora', '--out', out, '--rules', rules, '--no-cache']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('R_EXAMPLE_FAILED');
    expect(r.stderr).toContain('天气晴朗万里无云');
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });
});

describe('a mistyped input path', () => {
  it('exits 2 with E_NOT_FOUND and leaves the previous reports as they were', async () => {
    const { readdirSync: ls } = await import('node:fs');
    const out = tmp();
    expect(xuncha(['run', 'corpora', '--out', out, '--no-cache']).code).toBe(0);
    const before = Object.fromEntries(ls(out).map((f) => [f, readFileSync(join(out, f))]));
    for (const cmd of ['run', 'tag', 'extract']) {
      const r = xuncha([cmd, 'corpra', '--out', out, '--no-cache'].filter((a) => cmd === 'run' || a !== '--no-cache'));
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('E_NOT_FOUND');
      expect(r.stderr).toContain('nothing was written');
    }
    expect(ls(out).sort()).toEqual(Object.keys(before).sort());
    for (const [f, bytes] of Object.entries(before)) expect(readFileSync(join(out, f)).equals(bytes), f).toBe(true);
  });
});

describe('xuncha run with folders it cannot use', () => {
  it('goes on without the cache, with a warning, when the cache folder cannot be made', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), 'x');
    const out = join(dir, 'out');
    const r = xuncha(['run', 'corpora', '--out', out, '--cache-dir', join(dir, 'file', 'cache')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('W_CACHE_UNUSABLE');
    expect(r.stderr).toContain(`${join(dir, 'file')} is a file, not a folder`);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
    expect(readFileSync(join(out, 'errors.csv'), 'utf8')).toContain('W_CACHE_UNUSABLE');
  });

  it('stops with a one-line message and exit code 2 when the output folder cannot be made', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), 'x');
    const r = xuncha(['run', 'corpora', '--out', join(dir, 'file', 'out'), '--no-cache']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot write the output folder ${join(dir, 'file', 'out')}: ${join(dir, 'file')} is a file, not a folder`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('x');
  });
});
