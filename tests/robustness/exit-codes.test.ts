/**
 * Exit codes and what is written with each: 0 (warnings do not count), 1 (see hostile-corpus),
 * 2 (usage errors: nothing written). And an --out folder inside the input folder: a second run must
 * not read the first run's outputs (findings.csv, report.md, report.html…) as input documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SAMPLES, readCsv, readJsonl, stderrDiagnostics, tmp, xuncha } from './helpers.js';

type D = { id: string };
type F = { doc_id: string; record_kind: string };

describe('exit codes', () => {
  let work = '';
  beforeAll(() => {
    work = tmp('xuncha-exit-');
  });
  afterAll(() => work && rmSync(work, { recursive: true, force: true }));

  it('0 when only warnings were given (a report without findings, a duplicate)', () => {
    const input = join(work, 'in');
    mkdirSync(input);
    for (const s of SAMPLES) copyFileSync(join(ROOT, 'corpora', s), join(input, s));
    copyFileSync(join(ROOT, 'corpora', SAMPLES[1]), join(input, 'zz-copy.txt'));
    copyFileSync(join(ROOT, 'tests/fixtures/structure/no-findings.txt'), join(input, 'no-findings.txt'));
    const out = join(work, 'out-warnings');
    const r = xuncha(['run', input, '--out', out, '--cache-dir', join(work, 'cache')]);
    expect(r.code, r.stderr).toBe(0);
    expect(stderrDiagnostics(r.stderr).map((d) => [d.file, d.severity, d.code]).sort()).toEqual([
      [join(input, 'no-findings.txt'), 'warning', 'S_NO_FINDINGS'],
      [join(input, 'zz-copy.txt'), 'warning', 'W_DUPLICATE'],
    ]);
    expect(readCsv(join(out, 'errors.csv')).map((e) => e.code).sort()).toEqual(['S_NO_FINDINGS', 'W_DUPLICATE']);
  });

  it.each([
    ['an unknown option', ['--bogus']],
    ['--jobs that is not a number', ['--jobs', 'abc']],
    ['--max-file-mb 0', ['--max-file-mb', '0', '--no-cache']],
    ['--resume without the cache', ['--resume', '--no-cache']],
    ['a --rules folder that does not exist', ['--rules', '/nonexistent/rules', '--no-cache']],
  ])('2 for %s, and nothing is written', (_name, args) => {
    const out = join(work, `out-usage-${args[0].replace(/\W/g, '')}`);
    const r = xuncha(['run', 'corpora', '--out', out, ...args]);
    expect(r.code, r.stderr).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('--out inside the input folder', () => {
  let work = '';
  beforeAll(() => {
    work = tmp('xuncha-nested-out-');
  });
  afterAll(() => work && rmSync(work, { recursive: true, force: true }));

  it('a second run does not read the first run\'s outputs as inputs', () => {
    const input = join(work, 'reports-2021');
    mkdirSync(input);
    for (const s of SAMPLES) copyFileSync(join(ROOT, 'corpora', s), join(input, s));
    const out = join(input, 'xuncha-out');
    const cache = join(work, 'cache');
    const first = xuncha(['run', input, '--out', out, '--cache-dir', cache]);
    expect(first.code, first.stderr).toBe(0);
    const firstFindings = readFileSync(join(out, 'findings.jsonl'));
    const firstSummary = readFileSync(join(out, 'summary.json'));
    expect(readdirSync(out)).toContain('findings.csv');

    const second = xuncha(['run', input, '--out', out, '--cache-dir', cache]);
    expect(second.code, second.stderr).toBe(0);
    expect(readJsonl<D>(join(out, 'documents.jsonl')).map((d) => d.id)).toEqual([...SAMPLES]);
    expect(readJsonl<F>(join(out, 'findings.jsonl')).filter((f) => f.record_kind === 'finding').length).toBe(27);
    expect(readFileSync(join(out, 'findings.jsonl')).equals(firstFindings)).toBe(true);
    expect(readFileSync(join(out, 'summary.json')).equals(firstSummary)).toBe(true);
  });
});
