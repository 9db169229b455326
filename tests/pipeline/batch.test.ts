import { describe, expect, it } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessor, type ProcessConfig, type ItemResult } from '../../src/pipeline/process.js';
import { extractText } from '../../src/pipeline/document.js';
import { loadRuleSet } from '../../src/rules/index.js';
import { getSegmenter, type Segmenter } from '../../src/segment/index.js';
import { Tagger } from '../../src/tag/index.js';
import { isContentToken } from '../../src/aggregate/tokens.js';

const FILES = [
  'corpora/000_a7e788a71b64a196.txt',
  'corpora/001_8e4b7fe06461b8c1.txt',
  ...['bureau-rectification-list.txt', 'university-feedback-traditional.txt', 'village-feedback-news.txt'].map((f) => `tests/fixtures/dev/docs/${f}`),
];

const config = (cacheDir: string | null): ProcessConfig => ({
  rulesDir: 'rules',
  headingEvidence: true,
  csv: {},
  segmenter: 'nodejieba',
  cacheDir,
  cacheKey: 'batch-test',
  maxBytes: 1 << 26,
});

const inputs = () =>
  FILES.map((path) => {
    const bytes = new Uint8Array(readFileSync(path));
    return { task: { item: { path, id: path.split('/').pop()!, root: '.', size: bytes.length }, meta: {} }, read: { bytes, sha256: createHash('sha256').update(bytes).digest('hex') } };
  });
const records = (rs: ItemResult[]) => JSON.stringify(rs.map((r) => [r.documents, r.findings, r.tokens, r.diagnostics, r.failed]));

describe('processing a batch of inputs', () => {
  it('gives the records of processing them one by one, without a cache and with one', async () => {
    const one = await createProcessor(config(null));
    const single: ItemResult[] = [];
    for (const { task, read } of inputs()) single.push(await one.processRead(task, read));
    expect(single.every((r) => !r.failed && r.findings.length > 0)).toBe(true);
    const batched = await (await createProcessor(config(null))).processBatch(inputs());
    expect(records(batched)).toBe(records(single));
    // Against a cache that knows some of the inputs (their cuts come from the entries, the rest are cut ahead).
    const cache = mkdtempSync(join(tmpdir(), 'xuncha-batch-'));
    const p = await createProcessor(config(cache));
    await p.processBatch(inputs().slice(0, 2));
    const mixed = await p.processBatch(inputs());
    expect(mixed.map((r) => r.cached)).toEqual([true, true, false, false, false]);
    expect(records(mixed)).toBe(records(single));
  });
});

describe('Tagger.plannedCuts', () => {
  it('names exactly the texts tagging the document then cuts', () => {
    const rs = loadRuleSet('rules');
    if (!rs.ok) throw new Error('rules do not load');
    const base = getSegmenter();
    const cut: string[] = [];
    const recording: Segmenter = { ...base, name: base.name, cut: (t) => (cut.push(t), base.cut(t)), subwords: (w) => base.subwords(w) };
    const tagger = new Tagger(rs.value, recording);
    for (const path of FILES) {
      const text = readFileSync(path, 'utf8');
      const ex = extractText({ id: 'd', path, sha256: '', bytes: 0 }, { type: 'text', text, format: 'txt', encoding: 'utf-8' } as never);
      const doc = ex.documents[0];
      const planned = tagger.plannedCuts(doc.text, ex.findings);
      expect(planned.length).toBeGreaterThan(0);
      cut.length = 0;
      tagger.tagDocumentWithTokens(doc.text, ex.findings, { headingEvidence: true }, isContentToken);
      expect(cut, path).toEqual(planned);
    }
  });
});
