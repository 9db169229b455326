import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tmp, xuncha } from './helpers.js';

const SAME = ['summary.json', 'report.md', 'report.html', 'findings.csv', 'documents.csv', 'findings.jsonl', 'documents.jsonl', 'errors.csv'];

describe('xuncha run --shard i/n, then xuncha merge', () => {
  it('gives the outputs of a single run', () => {
    // A corpus of several documents (the samples, the dev documents and the linkage pair).
    const corpus = tmp();
    cpSync(join(ROOT, 'corpora'), join(corpus, 'corpora'), { recursive: true });
    cpSync(join(ROOT, 'tests/fixtures/dev/docs'), join(corpus, 'dev'), { recursive: true });
    cpSync(join(ROOT, 'tests/aggregate/fixtures'), join(corpus, 'pair'), { recursive: true });
    const cache = tmp();
    const single = tmp();
    const r = xuncha(['run', corpus, '--out', single, '--cache-dir', cache, '--jobs', '2']);
    expect(r.code, r.stderr).toBe(0);
    const shards = [1, 2, 3].map((i) => {
      const dir = tmp();
      const s = xuncha(['run', corpus, '--out', dir, '--shard', `${i}/3`, '--no-cache', '--jobs', '1']);
      expect(s.code, s.stderr).toBe(0);
      return dir;
    });
    const merged = tmp();
    const m = xuncha(['merge', ...shards.reverse(), '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    for (const f of SAME) expect(readFileSync(join(merged, f)).equals(readFileSync(join(single, f))), f).toBe(true);
  });

  it('refuses an incomplete set of shards and writes nothing', () => {
    const dir = tmp();
    expect(xuncha(['run', 'corpora', '--out', dir, '--shard', '1/2', '--no-cache']).code).toBe(0);
    const merged = join(tmp(), 'out');
    const m = xuncha(['merge', dir, '--out', merged]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('M_MISSING');
  });
});
