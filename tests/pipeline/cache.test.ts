import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessor, type ProcessConfig, type Processor } from '../../src/pipeline/process.js';
import type { WalkItem } from '../../src/pipeline/walk.js';
import type { TaggedFinding } from '../../src/model/records.js';
import { CacheStore, staleWords } from '../../src/pipeline/cache.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'xuncha-cache-'));

function config(rulesDir: string, cacheDir: string | null): ProcessConfig {
  return { rulesDir, headingEvidence: true, csv: {}, segmenter: 'nodejieba', cacheDir, cacheKey: 'test', maxBytes: 1 << 26 };
}

const item = (path: string, id: string): WalkItem => ({ path, id, root: path, size: 0 });

/** Process one item (its cache entry is written before process() returns). */
async function run(p: Processor, it: WalkItem) {
  return p.process({ item: it, meta: {} });
}

/** A rules copy with one extra `any` rule whose terms are `terms`. */
function rulesWith(terms: string[]): string {
  const dir = tmp();
  cpSync('rules', dir, { recursive: true });
  writeFileSync(
    join(dir, '95-extra.yaml'),
    `rules:\n  - id: finance.extra_terms\n    category: finance\n    any: [${terms.join(', ')}]\n    weight: 1\n    examples:\n      match: [${terms[0]}]\n      no_match: [天气晴朗]\n`,
  );
  return dir;
}

/**
 * A fresh cache and copies of the two sample reports: 公务卡 occurs in the feedback (finding 14)
 * and not in the rectification report.
 */
function twoDocuments() {
  const cache = tmp();
  const docs = tmp();
  copyFileSync('corpora/000_a7e788a71b64a196.txt', join(docs, 'feedback.txt'));
  copyFileSync('corpora/001_8e4b7fe06461b8c1.txt', join(docs, 'rect.txt'));
  const fb = item(join(docs, 'feedback.txt'), 'feedback.txt');
  const rect = item(join(docs, 'rect.txt'), 'rect.txt');
  expect(readFileSync(fb.path, 'utf8')).toContain('公务卡');
  expect(readFileSync(rect.path, 'utf8')).not.toContain('公务卡');
  return { cache, fb, rect };
}

describe('segmentation cache', () => {
  it('serves an unchanged document from the cache, with the same tags', async () => {
    const cache = tmp();
    const p1 = await createProcessor(config('rules', cache));
    const a = await run(p1, item('corpora/000_a7e788a71b64a196.txt', 'a.txt'));
    expect(a.cached).toBe(false);
    const b = await run(p1, item('corpora/000_a7e788a71b64a196.txt', 'a.txt'));
    expect(b.cached).toBe(true);
    const tags = (r: typeof a) => (r.findings as TaggedFinding[]).map((f) => [f.id, f.primary, f.categories.join(';'), JSON.stringify(f.scores)]);
    expect(tags(b)).toEqual(tags(a));
  });

  it('is invalidated for the documents a changed rule term occurs in, and only those, in the blocks that contain it', async () => {
    const { cache, fb, rect } = twoDocuments();
    const base = await createProcessor(config(rulesWith(['天气晴朗甲']), cache));
    expect((await run(base, fb)).cached).toBe(false);
    expect((await run(base, rect)).cached).toBe(false);

    // A rule set whose dictionary-entering terms differ by 应用未用公务卡 (a new word in the feedback only).
    const rules = rulesWith(['天气晴朗甲', '应用未用公务卡']);
    const edited = await createProcessor(config(rules, cache));
    const [fbWarm, rectWarm] = [await run(edited, fb), await run(edited, rect)];
    expect([fbWarm.cached, fbWarm.recut]).toEqual([true, true]); // segmented again where the word occurs
    expect([rectWarm.cached, rectWarm.recut]).toEqual([true, false]);
    // The same records as processing afresh with the edited rules (the word changes the feedback's cut:
    // 应用未用公务卡 becomes one token, which a stale segmentation would not have).
    const fresh = await createProcessor(config(rules, null));
    const words = (r: { tokens: Record<string, unknown> }) => JSON.stringify(r.tokens);
    const fbFresh = await run(fresh, fb);
    expect(JSON.stringify(fbWarm.findings)).toBe(JSON.stringify(fbFresh.findings));
    expect(words(fbWarm)).toBe(words(fbFresh));
    expect(words(fbFresh)).toContain('应用未用公务卡');
    expect(JSON.stringify((await run(fresh, rect)).findings)).toBe(JSON.stringify(rectWarm.findings));
    // The entry now holds the new segmentation: a third run segments nothing.
    const third = await run(await createProcessor(config(rules, cache)), fb);
    expect([third.cached, third.recut, third.reused]).toEqual([true, false, true]);
  });

  it('is invalidated where the user dictionary gains a word that occurs in the document', async () => {
    const cache = tmp();
    const it1 = item('corpora/001_8e4b7fe06461b8c1.txt', 'r.txt');
    const withDict = (words: string) => {
      const dir = tmp();
      cpSync('rules', dir, { recursive: true });
      const settings = readFileSync(join(dir, '00-ruleset.yaml'), 'utf8').replace(/^ruleset:\n/m, 'ruleset:\n  dictionary: extra.dict\n');
      writeFileSync(join(dir, '00-ruleset.yaml'), settings);
      writeFileSync(join(dir, 'extra.dict'), words);
      return dir;
    };
    const p1 = await createProcessor(config(withDict('天气晴朗乙 n\n'), cache));
    expect((await run(p1, it1)).cached).toBe(false);
    expect((await run(p1, it1)).cached).toBe(true);
    // A word that does not occur in the document leaves its entry valid…
    const p2 = await createProcessor(config(withDict('天气晴朗乙 n\n天气晴朗丙 n\n'), cache));
    expect((await run(p2, it1)).recut).toBe(false);
    // …a word that does occur invalidates the segmentation where it occurs.
    const p3 = await createProcessor(config(withDict('天气晴朗乙 n\n天气晴朗丙 n\n检察制度示范院 n\n'), cache));
    const r3 = await run(p3, it1);
    expect(r3.recut).toBe(true);
    expect(JSON.stringify(r3.tokens)).toContain('检察制度示范院');
  });
});

describe('rule examples through the cache', () => {
  // A fresh process each time: whether nodejieba was loaded is visible in its require cache.
  const check = (rulesDir: string, cacheDir: string) => {
    const script = `
      import { createRequire } from 'node:module';
      import { checkRuleExamples } from './dist/pipeline/process.js';
      const problems = await checkRuleExamples(${JSON.stringify({ ...config(rulesDir, cacheDir), cacheKey: 'examples-test' })});
      const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => /[\\\\/]nodejieba[\\\\/]/.test(k));
      console.log(JSON.stringify({ problems: problems.map((d) => d.code), loaded }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { problems: string[]; loaded: boolean };
  };

  it('checks them without loading a dictionary once they were segmented before, and again after a term edit', () => {
    const cache = tmp();
    const rules = rulesWith(['天气晴朗乙']);
    expect(check(rules, cache)).toEqual({ problems: [], loaded: true });
    expect(check(rules, cache)).toEqual({ problems: [], loaded: false });
    // A new term in a new example: only that text is segmented again, so the dictionary loads.
    const edited = rulesWith(['天气晴朗丙']);
    expect(check(edited, cache)).toEqual({ problems: [], loaded: true });
    expect(check(edited, cache)).toEqual({ problems: [], loaded: false });
    // Still checked: a broken example fails from the cache as well.
    writeFileSync(join(edited, '96-broken.yaml'), 'rules:\n  - id: finance.broken\n    category: finance\n    any: [审计整改]\n    weight: 1\n    examples:\n      match: [天气晴朗]\n');
    expect(check(edited, cache).problems).toEqual(['R_EXAMPLE_FAILED']);
  });
});

describe('tagging results through the cache', () => {
  /** A rules copy with `edit` applied to one file's text. */
  function rulesEdited(file: string, edit: (src: string) => string): string {
    const dir = tmp();
    cpSync('rules', dir, { recursive: true });
    const p = join(dir, file);
    const before = readFileSync(p, 'utf8');
    const after = edit(before);
    expect(after).not.toBe(before);
    writeFileSync(p, after);
    return dir;
  }
  const records = (r: { documents: unknown[]; findings: unknown[]; tokens: unknown; diagnostics: unknown[] }) =>
    JSON.stringify([r.documents, r.findings, r.tokens, r.diagnostics]);
  const primaries = (r: { findings: unknown[] }) => (r.findings as TaggedFinding[]).map((f) => f.primary).join(',');

  it('re-scores the cached tagging when only weights and the threshold changed: the same records as tagging afresh', async () => {
    const cache = tmp();
    const fb = item('corpora/000_a7e788a71b64a196.txt', 'fb.txt');
    const a = await run(await createProcessor(config('rules', cache)), fb);
    expect(a.reused).toBe(false);
    // Heavier political.theory, and a threshold only strong evidence reaches.
    const heavier = rulesEdited('10-political.yaml', (s) => s.replace(/weight: 2\b/, 'weight: 7'));
    writeFileSync(join(heavier, '00-ruleset.yaml'), readFileSync(join(heavier, '00-ruleset.yaml'), 'utf8').replace(/threshold: 2\b/, 'threshold: 9'));
    const warm = await run(await createProcessor(config(heavier, cache)), fb);
    const fresh = await run(await createProcessor(config(heavier, null)), fb);
    expect(warm.reused).toBe(true);
    expect(fresh.reused).toBe(false);
    // The edit matters (otherwise this test could not tell a re-score from a stale copy)…
    expect(primaries(fresh)).not.toBe(primaries(a));
    // …and the re-scored records are exactly those of tagging afresh.
    expect(records(warm)).toBe(records(fresh));
  });

  it('after a term edit, re-scores the documents that do not contain the term and tags the others again', async () => {
    const { cache, fb, rect } = twoDocuments();
    const cold = await createProcessor(config('rules', cache));
    const fbBefore = await run(cold, fb);
    await run(cold, rect);
    // 公务卡 (a finance.money term) also becomes a term of finance.assets: the same rules but for one term's place.
    const edited = rulesEdited('50-finance.yaml', (s) => s.replace('any: [资产, ', 'any: [资产, 公务卡, '));
    const warm = await createProcessor(config(edited, cache));
    const fresh = await createProcessor(config(edited, null));
    const [fbWarm, rectWarm] = [await run(warm, fb), await run(warm, rect)];
    const [fbFresh, rectFresh] = [await run(fresh, fb), await run(fresh, rect)];
    // Contains the term: tagged again (from its cached segmentation: the set of terms is the same).
    expect([fbWarm.cached, fbWarm.reused]).toEqual([true, false]);
    expect([rectWarm.cached, rectWarm.reused]).toEqual([true, true]); // does not: re-scored
    // The edit changes the feedback's evidence (so a stale copy would show)…
    expect(records(fbFresh)).not.toBe(records(fbBefore));
    // …and both documents come out exactly as tagging afresh.
    expect(records(fbWarm)).toBe(records(fbFresh));
    expect(records(rectWarm)).toBe(records(rectFresh));
  });

  it('tags again when a rule term changed, or the input comes under another id', async () => {
    const cache = tmp();
    const fb = item('corpora/000_a7e788a71b64a196.txt', 'fb.txt');
    await run(await createProcessor(config('rules', cache)), fb);
    const p = await createProcessor(config(rulesWith(['天气晴朗丁']), cache));
    const r = await run(p, fb);
    expect([r.cached, r.reused]).toEqual([true, false]);
    expect((await run(p, fb)).reused).toBe(true);
    const other = await run(p, item('corpora/000_a7e788a71b64a196.txt', 'other-name.txt'));
    expect([other.cached, other.reused]).toEqual([true, false]);
    expect((other.findings as TaggedFinding[])[0].doc_id).toBe('other-name.txt');
  });
});


describe('damaged cache entries', () => {
  const entryFiles = (dir: string) =>
    readdirSync(join(dir, 'entries'), { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => join(f.parentPath, f.name));
  const records = (r: { documents: unknown[]; findings: unknown[] }) => JSON.stringify([r.documents, r.findings]);

  it.each([
    ['cut in half', (b: Buffer) => b.subarray(0, b.length >> 1)],
    ['with a damaged segmentation part', (b: Buffer) => Buffer.concat([b.subarray(0, 4 + b.readUInt32LE(0)), Buffer.alloc(64, 7)])],
    ['empty', () => Buffer.alloc(0)],
  ])('a document whose entry is %s is processed again, with the same records', async (_name, damage) => {
    const cache = tmp();
    const fb = item('corpora/000_a7e788a71b64a196.txt', 'fb.txt');
    await run(await createProcessor(config('rules', cache)), fb);
    for (const p of entryFiles(cache)) writeFileSync(p, damage(readFileSync(p)));
    // 公务卡 (in the document) also becomes a term of finance.assets: its result must be looked into.
    const edited = tmp();
    cpSync('rules', edited, { recursive: true });
    const f = join(edited, '50-finance.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('any: [资产, ', 'any: [资产, 公务卡, '));
    const again = await run(await createProcessor(config(edited, cache)), fb);
    const fresh = await run(await createProcessor(config(edited, null)), fb);
    expect(again.failed).toBe(false);
    expect(again.reused).toBe(false);
    expect(records(again)).toBe(records(fresh));
  });
});

describe('cache entries on disk', () => {
  const ingested = { type: 'text', text: '他说"公务卡"\\的问题。', encoding: 'utf-8', format: 'txt' } as never;
  const seg = { cut: { '他说"公务卡"\\的问题': [2, 1, 3, 1, 1, 1, 2] }, sub: { 公务卡: [2, 1] } };
  const sha = 'a'.repeat(64);

  async function stored(terms: string[]) {
    const dir = tmp();
    const first = new CacheStore(dir, 'k', ['甲']);
    await first.init();
    first.put(sha, { ingested, ingestDiagnostics: [], seg });
    const next = new CacheStore(dir, 'k', terms);
    await next.init();
    return next.get(sha);
  }

  it('reads back what was written, the segmentation included', async () => {
    const e = await stored(['甲']);
    expect(e?.ingested).toEqual(ingested);
    expect(e?.seg).toEqual(seg);
  });

  it('stores an unchanged segmentation again as it was (sameSegAs), and reads it back', async () => {
    const dir = tmp();
    const store = new CacheStore(dir, 'k', ['甲']);
    await store.init();
    store.put(sha, { ingested, ingestDiagnostics: [], seg });
    const first = (await store.get(sha))!;
    // A stand-in table: with sameSegAs the stored segmentation is the first entry's, not this one.
    store.put(sha, { ingested, ingestDiagnostics: [{ file: 'x', code: 'W_TEST' } as never], seg: { cut: {}, sub: {} } }, first);
    const again = (await store.get(sha))!;
    expect(again.ingestDiagnostics).toHaveLength(1);
    expect(again.seg).toEqual(seg);
  });

  it('reads an entry whose segmentation part is damaged as segmented by nothing, and as containing every term', async () => {
    const dir = tmp();
    const store = new CacheStore(dir, 'k', ['甲']);
    await store.init();
    store.put(sha, { ingested, ingestDiagnostics: [], seg });
    const files = readdirSync(join(dir, 'entries'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files).toHaveLength(1);
    const p = join(files[0].parentPath, files[0].name);
    const bytes = readFileSync(p);
    const headEnd = 4 + bytes.readUInt32LE(0);
    writeFileSync(p, Buffer.concat([bytes.subarray(0, headEnd), Buffer.from('not brotli at all')]));
    const e = (await store.get(sha))!;
    expect(e.ingested).toEqual(ingested);
    expect(e.seg).toEqual({ cut: {}, sub: {} });
    const next = new CacheStore(dir, 'k', ['甲', '无关的词']);
    await next.init();
    const e2 = (await next.get(sha))!;
    expect(e2.seg).toEqual({ cut: {}, sub: {} });
    expect(staleWords(e2)).toEqual(['无关的词']);
  });

  it("marks the words an entry's texts may contain among the added terms as stale, even ones with characters JSON escapes", async () => {
    expect(staleWords((await stored(['甲', '"公务卡"\\']))!)).toEqual(['"公务卡"\\']);
    expect(staleWords((await stored(['甲', '说"公']))!)).toEqual(['说"公']);
    const kept = (await stored(['甲', '"公务卡"/']))!;
    expect(kept.seg).toEqual(seg);
    expect(staleWords(kept)).toEqual([]);
    // A removed term is a change too.
    expect(staleWords((await stored([]))!)).toEqual([]);
    expect(staleWords((await stored(['问题']))!)).toEqual(['问题']);
  });
});
