/**
 * nodejieba (the default) against @node-rs/jieba (--segmenter rs-jieba): which findings of the
 * sample corpus and the development reports change category between them. The table is printed;
 * the test holds both to the seed quality bar.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { createProcessor } from '../../src/pipeline/process.js';
import type { TaggedFinding } from '../../src/model/records.js';
import type { SegmenterName } from '../../src/segment/index.js';

const inputs = [
  ...readdirSync('corpora').filter((f) => f.endsWith('.txt')).map((f) => ({ path: join('corpora', f), id: f })),
  ...readdirSync('tests/fixtures/dev/docs').filter((f) => f.endsWith('.txt')).map((f) => ({ path: join('tests/fixtures/dev/docs', f), id: `dev/${f}` })),
];

async function tagAll(backend: SegmenterName): Promise<Map<string, TaggedFinding>> {
  const p = await createProcessor({ rulesDir: 'rules', headingEvidence: true, csv: {}, segmenter: backend, cacheDir: null, cacheKey: 'test', maxBytes: 1 << 26 });
  const out = new Map<string, TaggedFinding>();
  for (const i of inputs) {
    const r = await p.process({ item: { ...i, root: i.path, size: 0 }, meta: {} });
    for (const f of r.findings as TaggedFinding[]) if (f.record_kind === 'finding') out.set(f.id, f);
  }
  return out;
}

describe('segmenter backends', () => {
  it('lists the findings whose categories differ between nodejieba and @node-rs/jieba; both meet the seed bar', async () => {
    const a = await tagAll('nodejieba');
    const b = await tagAll('rs-jieba');
    expect([...b.keys()]).toEqual([...a.keys()]);
    const changed = [...a.values()].filter((f) => {
      const g = b.get(f.id)!;
      return f.primary !== g.primary || f.categories.join(';') !== g.categories.join(';');
    });
    console.log(`\nnodejieba vs rs-jieba: ${changed.length} of ${a.size} findings change category`);
    for (const f of changed) {
      const g = b.get(f.id)!;
      console.log(`  ${f.id}  ${f.title.slice(0, 24)}  nodejieba ${f.primary} [${f.categories.join(';')}]  rs-jieba ${g.primary} [${g.categories.join(';')}]`);
    }
    const gold = parse(readFileSync('tests/fixtures/gold/seed-findings.csv'), { bom: true, columns: true }) as Record<string, string>[];
    for (const [name, tagged] of [['nodejieba', a], ['rs-jieba', b]] as const) {
      const ok = gold.filter((g) => {
        const f = tagged.get(`${g.doc}#${g.seq}`);
        return f && (f.primary === g.gold || (g.also && f.primary === g.also));
      }).length;
      console.log(`  ${name}: ${ok}/27 seed findings with the gold primary category`);
      expect(ok, name).toBeGreaterThanOrEqual(25);
    }
  });
});
