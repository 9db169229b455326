/**
 * A hostile corpus (generated in a temp folder: see helpers.ts) next to the two good sample
 * reports: `xuncha run` and `xuncha extract` run to completion, exit 1, keep the good documents'
 * results exactly as a run on corpora/ alone gives them, and report exactly one diagnostic per bad
 * file, with its path and code, in errors.csv and on stderr.
 *
 * When the tests run as root (where chmod 000 does not stop reading), xuncha is run as user nobody
 * (setpriv) so that the file without read permission really is unreadable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SAMPLES, hostileCorpus, readCsv, readJsonl, sharedTmp, stderrDiagnostics, unprivilegedRunner, xuncha, xunchaAs, type HostileCorpus } from './helpers.js';

const gold = readCsv(join(ROOT, 'tests/fixtures/gold/seed-findings.csv'));

type F = { id: string; doc_id: string; number: string; title: string; record_kind: string };
type D = { id: string; path: string; finding_count: number };

function goodLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && (SAMPLES as readonly string[]).includes((JSON.parse(l) as F).doc_id));
}

describe.each(['run', 'extract'] as const)('xuncha %s over a hostile corpus', (command) => {
  let work: string;
  let corpus: HostileCorpus;
  let r: ReturnType<typeof xunchaAs>;
  let out: string;
  let reference: string;
  const extra = command === 'run' ? ['--cache-dir', 'CACHE'] : [];

  beforeAll(() => {
    work = sharedTmp();
    corpus = hostileCorpus(work);
    if (corpus.permissionSkipReason) console.warn(`[robustness] ${command}: no-permission.txt check skipped: ${corpus.permissionSkipReason}`);
    out = join(work, 'out');
    const args = (o: string, cache: string) => extra.map((a) => (a === 'CACHE' ? cache : a)).concat(['--out', o]);
    r = xunchaAs(unprivilegedRunner().prefix, [command, corpus.dir, ...args(out, join(work, 'cache'))], { timeout: 110_000 });
    reference = join(work, 'reference');
    const ref = xuncha([command, 'corpora', ...args(reference, join(work, 'cache-ref'))]);
    expect(ref.code, ref.stderr).toBe(0);
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The cases whose diagnostic can be shown here (no-permission.txt needs a non-root reader). */
  const expected = () => corpus.cases.filter((c) => c.code && (c.name !== 'no-permission.txt' || corpus.permissionDenied));

  it('runs to completion and exits 1', () => {
    expect(r.signal, r.stderr).toBeNull();
    expect(r.stderr).toMatch(new RegExp(`^xuncha ${command}: \\d+ documents`, 'm'));
    expect(r.code, r.stderr).toBe(1);
  });

  it('reports exactly one diagnostic per bad file, with its path and code, in errors.csv', () => {
    let rows = readCsv(join(out, 'errors.csv')).map((e) => ({ file: e.file, code: e.code, severity: e.severity }));
    if (!corpus.permissionDenied) rows = rows.filter((e) => e.file !== join(corpus.dir, 'no-permission.txt'));
    const want = expected().map((c) => ({ file: join(corpus.dir, c.name), code: c.code!, severity: c.severity! }));
    const key = (x: { file: string; code: string }) => `${x.file} ${x.code}`;
    expect(rows.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(want.sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('and the same diagnostics on stderr, one line each', () => {
    let got = stderrDiagnostics(r.stderr);
    if (!corpus.permissionDenied) got = got.filter((e) => e.file !== join(corpus.dir, 'no-permission.txt'));
    const want = expected().map((c) => ({ file: join(corpus.dir, c.name), code: c.code!, severity: c.severity! }));
    const key = (x: { file: string; code: string }) => `${x.file} ${x.code}`;
    expect(got.sort((a, b) => key(a).localeCompare(key(b))), r.stderr).toEqual(want.sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('keeps the good reports intact: the 27 gold findings, the same findings.jsonl lines as a run on corpora/ alone', () => {
    const findings = readJsonl<F>(join(out, 'findings.jsonl')).filter((f) => (SAMPLES as readonly string[]).includes(f.doc_id) && f.record_kind === 'finding');
    expect(findings.map((f) => [f.doc_id, f.number, f.title])).toEqual(gold.map((g) => [g.doc, g.number, g.title]));
    expect(goodLines(join(out, 'findings.jsonl'))).toEqual(goodLines(join(reference, 'findings.jsonl')));
    const csv = readCsv(join(out, 'findings.csv')).filter((f) => (SAMPLES as readonly string[]).includes(f.doc_id) && f.record_kind === 'finding');
    expect(csv.map((f) => f.title)).toEqual(findings.map((f) => f.title));
  });

  it('reads the deeply nested numbering without failing on it, and skips every bad file', () => {
    const docs = readJsonl<D>(join(out, 'documents.jsonl'));
    const ids = docs.map((d) => d.id).sort();
    // Documents: the two good reports, the report without findings, the deep numbering (and no-permission.txt when root could read it).
    const want = [...SAMPLES, 'deep-numbering.txt', 'no-findings.txt', ...(corpus.permissionDenied ? [] : ['no-permission.txt'])].sort();
    expect(ids).toEqual(want);
    expect(docs.find((d) => d.id === 'deep-numbering.txt')!.finding_count).toBeGreaterThan(0);
    expect(docs.find((d) => d.id === 'no-findings.txt')!.finding_count).toBe(0);
  });
});
