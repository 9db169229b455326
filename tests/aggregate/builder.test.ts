import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { addDocuments, ReportBuilder, type BuilderOptions, type ReportPartial, type ReportTransfer } from '../../src/aggregate/builder.js';
import { keyness } from '../../src/aggregate/keyness.js';
import { unitOf } from '../../src/aggregate/labels.js';
import { computeLinkage, linkTokens, similarityMatrix } from '../../src/aggregate/linkage.js';
import { Summary } from '../../src/aggregate/schema.js';
import { contentTokens } from '../../src/aggregate/tokens.js';
import type { TaggedFinding } from '../../src/model/records.js';
import { buildReports } from '../../src/render/index.js';
import { getSegmenter } from '../../src/segment/index.js';
import { byDocument, randomCorpus, shuffled, type Corpus } from './corpus.js';
import { CATEGORIES, handMadeSet, naturePair } from './helpers.js';

const seg = getSegmenter();
const read = (u: URL) => readFileSync(u, 'utf8');
const OPTS: BuilderOptions = { categories: CATEGORIES, rulesetHash: 'rs-builder-test', version: '0.1.0', segmenter: seg };

function corpus(): Corpus {
  const r = randomCorpus(7, 14);
  const hm = handMadeSet();
  const pair = naturePair(read);
  return { documents: [...r.documents, ...hm.documents, ...pair.documents], findings: [...r.findings, ...hm.findings, ...pair.findings] };
}

function single(c: Corpus, opts: Partial<BuilderOptions> = {}, seed = 1): ReportBuilder {
  const b = new ReportBuilder({ ...OPTS, ...opts });
  for (const { doc, records } of shuffled(byDocument(c), seed)) b.add(doc, shuffled(records, seed + 1));
  return b;
}

/** Split into `n` parts (a seeded deal of the documents), one builder each, through JSON text. */
function shards(c: Corpus, n: number, seed: number, opts: Partial<BuilderOptions> = {}): ReportPartial[] {
  const parts = Array.from({ length: n }, () => new ReportBuilder({ ...OPTS, ...opts }));
  shuffled(byDocument(c), seed).forEach(({ doc, records }, i) => parts[i % n].add(doc, records));
  return parts.map((b) => JSON.parse(JSON.stringify(b.toJSON())) as ReportPartial);
}

function expectSameFiles(a: Record<string, string>, b: Record<string, string>): void {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const k of Object.keys(a)) expect(a[k], k).toBe(b[k]);
}

describe('ReportBuilder: streaming, order independence, shards', () => {
  const c = corpus();
  const reference = buildReports({ ...c, ...OPTS });

  it('gives what buildReports gives for the same documents and findings', () => {
    expect(reference.summary.totals.units).toBeGreaterThan(10);
    expect(reference.summary.linkage.units.some((u) => u.links.length > 0)).toBe(true);
    expectSameFiles(single(c).finish().files, reference.files);
    expect(single(c).finish().summary).toEqual(reference.summary);
  });

  it('is byte-identical whatever the order of add calls', () => {
    for (const seed of [2, 3, 4]) expectSameFiles(single(c, {}, seed).finish().files, reference.files);
  });

  it('3 shards → toJSON → JSON text → merge give the same bytes as a single run, in any merge order', () => {
    const parts = shards(c, 3, 11);
    expect(parts.every((p) => p.documents.length > 0)).toBe(true);
    for (const order of [[0, 1, 2], [2, 0, 1], [1, 2, 0]]) {
      const b = ReportBuilder.fromJSON(parts[order[0]], OPTS);
      for (const i of order.slice(1)) b.merge(parts[i]);
      expectSameFiles(b.finish().files, reference.files);
    }
    // Merging into a builder that has documents of its own, and into an empty one.
    const mixed = new ReportBuilder(OPTS);
    const docs = shuffled(byDocument(c), 12);
    const half = Math.floor(docs.length / 2);
    for (const { doc, records } of docs.slice(0, half)) mixed.add(doc, records);
    const rest = new ReportBuilder(OPTS);
    for (const { doc, records } of docs.slice(half)) rest.add(doc, records);
    mixed.merge(JSON.parse(JSON.stringify(rest)) as ReportPartial);
    expectSameFiles(mixed.finish().files, reference.files);
    const empty = new ReportBuilder(OPTS);
    empty.merge(new ReportBuilder(OPTS).toJSON());
    for (const p of parts) empty.merge(p);
    expectSameFiles(empty.finish().files, reference.files);
  });

  it('a merged partial is itself a partial: shards of shards', () => {
    const parts = shards(c, 4, 21);
    const left = ReportBuilder.fromJSON(parts[0], OPTS);
    left.merge(parts[1]);
    const right = ReportBuilder.fromJSON(parts[2], OPTS);
    right.merge(parts[3]);
    const top = ReportBuilder.fromJSON(JSON.parse(JSON.stringify(left.toJSON())) as ReportPartial, OPTS);
    top.merge(JSON.parse(JSON.stringify(right.toJSON())) as ReportPartial);
    expectSameFiles(top.finish().files, reference.files);
  });

  it('finish() can be called again, and after more documents', () => {
    const docs = byDocument(c);
    const b = new ReportBuilder(OPTS);
    for (const { doc, records } of docs.slice(0, 5)) b.add(doc, records);
    const early = b.finish();
    expect(() => Summary.parse(early.summary)).not.toThrow();
    for (const { doc, records } of docs.slice(5)) b.add(doc, records);
    expectSameFiles(b.finish().files, reference.files);
    expectSameFiles(b.finish().files, reference.files);
  });

  it('keeps no document text', () => {
    const b = single(c);
    const json = JSON.stringify(b.toJSON());
    // Text between findings (headers, section titles) is never kept.
    expect(json).not.toContain('存在的主要问题');
    expect(json).not.toContain('（正文略）');
    // Without the drill-down, not even the findings' text: only their numbers, titles and words.
    const bare = JSON.stringify(single(c, { drillDownLimit: 0 }).toJSON());
    const f = c.findings.find((x) => x.record_kind === 'finding' && x.span[1] - x.title_span[1] > 20)!;
    const body = c.documents.find((d) => d.id === f.doc_id)!.text.slice(f.title_span[1], f.span[1]);
    expect(json).toContain(body);
    expect(bare).not.toContain(body);
  });
});

describe('ReportBuilder: the compact state gives what the array functions give', () => {
  const c = corpus();
  const s = single(c).summary();
  const counted = c.findings.filter((f) => f.record_kind === 'finding');

  it('linkage: the same as computeLinkage on the documents and findings', () => {
    expect(s.linkage).toEqual(computeLinkage(c.documents, counted, { segmenter: seg }));
  });

  it('distinctive words: the same as keyness on the findings, by unit and by category', () => {
    const unitOfDoc = new Map(c.documents.map((d) => [d.id, unitOf(d)]));
    const tokens = (fs: TaggedFinding[]) => fs.map((f) => contentTokens(seg, f.text || f.title));
    const units = s.groupings[0].groups.filter((g) => g.findings > 0);
    expect(s.distinctive.by_unit).toEqual(
      keyness(units.map((g) => ({ group: g.value!, label: g.label, findings: tokens(counted.filter((f) => unitOfDoc.get(f.doc_id) === g.value)) }))),
    );
    const cats = s.categories.filter((x) => counted.some((f) => f.primary === x.id));
    expect(s.distinctive.by_category).toEqual(keyness(cats.map((x) => ({ group: x.id, label: x.label, findings: tokens(counted.filter((f) => f.primary === x.id)) }))));
    expect(s.distinctive.by_unit.some((g) => g.words.some((w) => w.significant))).toBe(true);
  });
});

describe('linkage similarity', () => {
  it('is natural\'s TfIdf (token arrays) with cosine, as documented', () => {
    const { TfIdf } = createRequire(import.meta.url)('natural/lib/natural/tfidf/index.js') as {
      TfIdf: new () => { addDocument(d: string[]): void; idf(t: string): number };
    };
    const { findings } = naturePair(read);
    const fb = findings.filter((f) => f.doc_id.includes('feedback'));
    const rc = findings.filter((f) => f.doc_id.includes('rectification'));
    const fTok = fb.map((f) => linkTokens(seg, f, false));
    const rTok = rc.map((f) => linkTokens(seg, f, true));
    const tfidf = new TfIdf();
    for (const t of [...fTok, ...rTok]) tfidf.addDocument(t);
    const vec = (toks: string[]) => {
      const v = new Map<string, number>();
      for (const t of toks) v.set(t, (v.get(t) ?? 0) + 1);
      for (const [t, n] of v) v.set(t, n * tfidf.idf(t));
      return v;
    };
    const cos = (a: Map<string, number>, b: Map<string, number>) => {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (const [t, w] of a) {
        na += w * w;
        dot += w * (b.get(t) ?? 0);
      }
      for (const w of b.values()) nb += w * w;
      return dot / Math.sqrt(na * nb);
    };
    const expected = fTok.map((a) => rTok.map((b) => cos(vec(a), vec(b))));
    const got = similarityMatrix(seg, fb, rc);
    got.forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(expected[i][j], 12)));
  });
});

describe('ReportBuilder: drill-down limit', () => {
  const c = corpus();
  const counted = c.findings
    .filter((f) => f.record_kind === 'finding')
    .sort((a, b) => (a.doc_id < b.doc_id ? -1 : a.doc_id > b.doc_id ? 1 : a.seq - b.seq));
  const LIMIT = 25;
  const data = (html: string) =>
    JSON.parse(/<script type="application\/json" id="xc-data">([\s\S]*?)<\/script>/.exec(html)![1]) as {
      findings: Array<{ id: string; o: number }>;
      more?: { total: number; units: Array<[number, number[], number[]]> };
    };

  it('keeps the first findings in (document id, seq) order; the page says so; counts stay complete', () => {
    const built = single(c, { drillDownLimit: LIMIT }).finish();
    const full = buildReports({ ...c, ...OPTS });
    // summary.json and report.md do not depend on the limit
    expect(built.files['summary.json']).toBe(full.files['summary.json']);
    expect(built.files['report.md']).toBe(full.files['report.md']);
    const html = built.files['report.html'];
    const d = data(html);
    expect(d.findings.map((f) => f.id)).toEqual(counted.slice(0, LIMIT).map((f) => f.id));
    expect(d.findings.map((f) => f.o)).toEqual([...Array(LIMIT).keys()]);
    expect(html).toContain(`明细仅列出前 ${LIMIT} 条问题（共 ${counted.length} 条，按文件编号和问题顺序），完整列表见 findings.csv`);
    expect(d.more!.total).toBe(counted.length);
    const units = built.summary.groupings[0];
    expect(d.more!.units).toEqual(units.groups.map((g) => [g.findings, g.categories.map((x) => x.primary), g.categories.map((x) => x.any)]));
    // heatmap and tables count everything
    const heat = /<svg class="xc-chart-svg" data-chart="heatmap"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(heat).toBe(/<svg class="xc-chart-svg" data-chart="heatmap"[\s\S]*?<\/svg>/.exec(full.files['report.html'])![0]);
    expect(html).toContain(`<td class="xc-num">${counted.length}</td>`);
    // the full page has neither the note nor the counts
    expect(full.files['report.html']).not.toContain('明细仅列出前');
    expect(data(full.files['report.html']).more).toBeUndefined();
  });

  it('shards keep the same set as a single run', () => {
    const reference = single(c, { drillDownLimit: LIMIT }).finish().files;
    const parts = shards(c, 3, 5, { drillDownLimit: LIMIT });
    const b = ReportBuilder.fromJSON(parts[2], { ...OPTS, drillDownLimit: LIMIT });
    b.merge(parts[0]);
    b.merge(parts[1]);
    expectSameFiles(b.finish().files, reference);
    // shards made with a larger limit merge into a smaller one
    const big = shards(c, 3, 6, { drillDownLimit: 1000 });
    const b2 = ReportBuilder.fromJSON(big[0], { ...OPTS, drillDownLimit: LIMIT });
    b2.merge(big[1]);
    b2.merge(big[2]);
    expectSameFiles(b2.finish().files, reference);
    // but not a smaller limit into a larger one (the findings needed are gone)
    expect(() => ReportBuilder.fromJSON(parts[0], { ...OPTS, drillDownLimit: LIMIT + 1 })).toThrow(/smaller drill-down limit/);
  });

  it('limit 0 lists nothing and says so', () => {
    const html = single(c, { drillDownLimit: 0 }).finish().files['report.html'];
    expect(data(html).findings).toEqual([]);
    expect(html).toContain('明细仅列出前 0 条问题');
    expect(() => new ReportBuilder({ ...OPTS, drillDownLimit: -1 })).toThrow(RangeError);
  });
});

describe('ReportBuilder: refuses what it cannot merge or count', () => {
  const c = corpus();
  const [{ doc, records }, other] = byDocument(c).filter((x) => x.records.length > 0);

  it('a document added twice, a record of another document', () => {
    const b = new ReportBuilder(OPTS);
    b.add(doc, records);
    expect(() => b.add(doc, records)).toThrow(/added twice/);
    expect(() => b.add(other.doc, [...other.records, records[0]])).toThrow(/belongs to/);
  });

  it('overlapping shards, another rule set, version, categories or segmenter', () => {
    const a = new ReportBuilder(OPTS);
    a.add(doc, records);
    const p = JSON.parse(JSON.stringify(a.toJSON())) as ReportPartial;
    expect(() => ReportBuilder.fromJSON(p, OPTS).merge(p)).toThrow(/in both parts/);
    expect(() => ReportBuilder.fromJSON(p, { ...OPTS, rulesetHash: 'other' })).toThrow(/another rule set/);
    expect(() => ReportBuilder.fromJSON(p, { ...OPTS, version: '9' })).toThrow(/another xuncha version/);
    expect(() => ReportBuilder.fromJSON(p, { ...OPTS, categories: CATEGORIES.slice(1) })).toThrow(/other categories/);
    expect(() => ReportBuilder.fromJSON(p, { ...OPTS, metaColumns: ['region'] })).toThrow(/other metadata columns/);
    expect(() => ReportBuilder.fromJSON({ ...p, format: 'x' } as unknown as ReportPartial, OPTS)).toThrow(/not a xuncha report partial/);
    const q = { ...p, documents: [], settings: { ...p.settings, segmenter: 'other:0' } };
    const b = new ReportBuilder(OPTS);
    b.add(other.doc, other.records);
    b.merge(q); // no documents: nothing was segmented, nothing to compare
    expect(() => b.merge({ ...q, documents: p.documents })).toThrow(/another segmenter/);
  });
});

describe('addDocuments', () => {
  it('leaves out records of documents not given', () => {
    const c = corpus();
    const orphan: TaggedFinding = { ...c.findings[0], id: 'ghost#1', doc_id: 'ghost' };
    const a = addDocuments(new ReportBuilder(OPTS), c.documents, c.findings).finish();
    const b = addDocuments(new ReportBuilder(OPTS), c.documents, [...c.findings, orphan]).finish();
    expectSameFiles(a.files, b.files);
  });
});

describe('ReportBuilder.writeReports: the files of finish(), a linkage unit at a time', () => {
  const c = corpus();

  /** Sinks that collect what is written, waiting a little on some writes (back-pressure). */
  async function written(b: ReportBuilder): Promise<{ files: Record<string, string>; writes: Record<string, string[]>; closed: string[] }> {
    const writes: Record<string, string[]> = {};
    const closed: string[] = [];
    let n = 0;
    const names = await b.writeReports(async (name) => {
      writes[name] = [];
      return {
        write: (chunk: string) => {
          writes[name].push(chunk);
          return ++n % 3 === 0 ? new Promise<void>((r) => setTimeout(r, 1)) : undefined;
        },
        close: async () => {
          closed.push(name);
        },
      };
    });
    expect(names).toEqual(['summary.json', 'report.md', 'report.html']);
    const files = Object.fromEntries(Object.entries(writes).map(([k, v]) => [k, v.join('')]));
    return { files, writes, closed };
  }

  it('writes the bytes finish() gives, each unit as a part of its own, and closes every file', async () => {
    const b = single(c);
    const built = b.finish();
    const { files, writes, closed } = await written(b);
    expectSameFiles(files, built.files);
    expect(closed.sort()).toEqual(['report.html', 'report.md', 'summary.json']);
    const units = built.summary.linkage.units.length;
    expect(units).toBeGreaterThan(3);
    // beginning, one part per unit, end: no part is the whole file
    for (const name of Object.keys(writes)) {
      expect(writes[name]).toHaveLength(units + 2);
      expect(Math.max(...writes[name].map((p) => p.length))).toBeLessThan(files[name].length);
    }
    const parts = writes['summary.json'].slice(1, -1).map((p) => JSON.parse(p.replace(/^[[,]/, '')) as unknown);
    expect(parts).toEqual(built.summary.linkage.units);
  });

  it('from merged shards, with a limited drill-down, and with nothing added', async () => {
    const parts = shards(c, 3, 41, { drillDownLimit: 7 });
    const b = ReportBuilder.fromJSON(parts[1], { ...OPTS, drillDownLimit: 7 });
    b.merge(parts[0]);
    b.merge(parts[2]);
    expectSameFiles((await written(b)).files, single(c, { drillDownLimit: 7 }).finish().files);
    const empty = new ReportBuilder(OPTS);
    const { files } = await written(empty);
    expectSameFiles(files, empty.finish().files);
    expect(files['summary.json']).toContain('"units": []');
  });

  it('keeps the linkage items outside the heap, and a partial state round-trips them', () => {
    const b = single(c);
    const st = b.stats();
    expect(st.bytes.items).toBeGreaterThan(0);
    expect(st.bytes.vectors).toBeGreaterThan(0);
    expect(st.bytes.arena).toBeGreaterThanOrEqual(st.bytes.items + st.bytes.vectors);
    const again = ReportBuilder.fromJSON(JSON.parse(JSON.stringify(b.toJSON())) as ReportPartial, OPTS);
    expect(again.toJSON()).toEqual(b.toJSON());
    expect(again.stats().bytes.items).toBe(st.bytes.items);
    expect(again.stats().bytes.vectors).toBe(st.bytes.vectors);
  });
});

describe('ReportBuilder.writeReports when a write fails', () => {
  it('closes every file it opened and passes the error on', async () => {
    const b = new ReportBuilder(OPTS);
    const closed: string[] = [];
    await expect(
      b.writeReports((name) => ({
        write: () => {
          if (name === 'report.md') throw new Error('disk full');
        },
        close: () => {
          closed.push(name);
        },
      })),
    ).rejects.toThrow('disk full');
    expect(closed.sort()).toEqual(['report.html', 'report.md', 'summary.json']);
  });
});

describe('ReportBuilder.toTransfer: a part handed to another thread', () => {
  const c = corpus();
  const reference = buildReports({ ...c, ...OPTS });

  /** Parts built separately, handed over as postMessage would (structured clone, chunks transferred). */
  function handed(n: number, seed: number): { transfers: ReportTransfer[]; sent: ArrayBuffer[][] } {
    const parts = Array.from({ length: n }, () => new ReportBuilder(OPTS));
    shuffled(byDocument(c), seed).forEach(({ doc, records }, i) => parts[i % n].add(doc, records));
    const sent: ArrayBuffer[][] = [];
    const transfers = parts.map((b) => {
      const t = b.toTransfer();
      sent.push(t.chunks);
      return structuredClone(t, { transfer: t.chunks });
    });
    return { transfers, sent };
  }

  it('merged in any order, alone or with partial states, gives the same bytes', () => {
    const { transfers, sent } = handed(3, 51);
    // the chunks moved: the senders' buffers are detached, not copied
    expect(sent.flat().length).toBeGreaterThan(0);
    for (const b of sent.flat()) expect(b.byteLength).toBe(0);
    expect(transfers.every((t) => t.chunks.every((b) => b.byteLength > 0))).toBe(true);
    for (const order of [[0, 1, 2], [2, 1, 0]]) {
      const b = new ReportBuilder(OPTS);
      for (const i of order) b.merge(transfers[i]);
      expectSameFiles(b.finish().files, reference.files);
      // and it is itself a state like any other
      expect(JSON.parse(JSON.stringify(ReportBuilder.fromJSON(JSON.parse(JSON.stringify(b.toJSON())) as ReportPartial, OPTS).toJSON()))).toEqual(JSON.parse(JSON.stringify(b.toJSON())));
    }
    // into a builder with documents of its own and a partial state merged
    const mixed = new ReportBuilder(OPTS);
    const docs = shuffled(byDocument(c), 52);
    const third = Math.floor(docs.length / 3);
    for (const { doc, records } of docs.slice(0, third)) mixed.add(doc, records);
    const rest = new ReportBuilder(OPTS);
    for (const { doc, records } of docs.slice(third, 2 * third)) rest.add(doc, records);
    mixed.merge(JSON.parse(JSON.stringify(rest.toJSON())) as ReportPartial);
    const last = new ReportBuilder(OPTS);
    for (const { doc, records } of docs.slice(2 * third)) last.add(doc, records);
    mixed.merge(structuredClone(last.toTransfer()));
    expectSameFiles(mixed.finish().files, reference.files);
  });

  it('is far smaller than the partial state as objects: one text for the documents, the bytes as they are', () => {
    const b = single(c);
    const t = b.toTransfer();
    expect(typeof t.documents).toBe('string');
    const st = b.stats();
    expect(t.chunks.reduce((s, x) => s + x.byteLength, 0)).toBe(st.bytes.arena);
    expect(JSON.parse(t.documents)).toHaveLength(st.documents);
  });

  it('is refused like a partial state when it cannot be merged', () => {
    const { transfers } = handed(2, 53);
    const b = new ReportBuilder(OPTS);
    b.merge(transfers[0]);
    expect(() => b.merge(transfers[0])).toThrow(/in both parts/);
    expect(() => new ReportBuilder({ ...OPTS, rulesetHash: 'other' }).merge(transfers[1])).toThrow(/another rule set/);
    expect(() => new ReportBuilder(OPTS).merge({ ...transfers[1], transfer_version: 2 } as unknown as ReportTransfer)).toThrow(/not a xuncha report state/);
  });
});
