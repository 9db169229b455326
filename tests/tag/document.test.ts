/**
 * The whole-document path (Tagger.tagDocument, used by tagFindings) against the per-finding path
 * (Tagger.tag): same categories, scores and evidence on the sample corpus and the dev documents;
 * evidence spans slice to their words; each character segmented at most once; the words it
 * returns for the aggregation equal segmenting the finding's fields on their own.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { extractText } from '../../src/pipeline/document.js';
import { loadRuleSet, type RuleSet } from '../../src/rules/index.js';
import { getSegmenter, type Segmenter } from '../../src/segment/index.js';
import { Tagger, tagFindings } from '../../src/tag/index.js';
import { normalize } from '../../src/normalize/index.js';
import { contentTokens, isContentToken } from '../../src/aggregate/tokens.js';
import type { FindingRecord, TaggedFinding } from '../../src/model/records.js';
import { ROOT } from '../rules/helpers.js';
import { finding, spanProblems } from './helpers/records.js';

const seg = getSegmenter();
const res = loadRuleSet();
if (!res.ok) throw new Error('default rules do not load');
const rs: RuleSet = res.value;
const tagger = new Tagger(rs, seg);

const DOCS = [
  ...readdirSync(join(ROOT, 'corpora')).filter((f) => f.endsWith('.txt')).sort().map((f) => join(ROOT, 'corpora', f)),
  ...readdirSync(join(ROOT, 'tests/fixtures/dev/docs')).filter((f) => f.endsWith('.txt')).sort().map((f) => join(ROOT, 'tests/fixtures/dev/docs', f)),
];

const docs = DOCS.map((path) => {
  const text = readFileSync(path, 'utf8');
  const ex = extractText({ id: path, path, sha256: '', bytes: text.length }, { type: 'text', format: 'txt', encoding: 'utf-8', text });
  return { path, text, findings: ex.findings };
});

const verdict = (t: TaggedFinding) => ({ id: t.id, primary: t.primary, categories: t.categories, scores: t.scores, heading_decided: t.heading_decided });

describe('tagDocument = tag, finding by finding', () => {
  it('has documents with findings, headings and a traditional-character report', () => {
    expect(docs.length).toBe(5);
    expect(docs.reduce((n, d) => n + d.findings.length, 0)).toBeGreaterThanOrEqual(45);
  });

  for (const headingEvidence of [true, false]) {
    it(`same primary, categories, scores and evidence (${headingEvidence ? 'with' : 'without'} headings)`, () => {
      for (const d of docs) {
        const whole = tagger.tagDocument(d.text, d.findings, { headingEvidence });
        const one = d.findings.map((f) => tagger.tag(f, d.text, { headingEvidence }));
        expect(whole.map(verdict), d.path).toEqual(one.map(verdict));
        // Evidence too (rule, field, terms, words, spans): no edge effect shows on these documents.
        expect(whole.map((t) => t.evidence), d.path).toEqual(one.map((t) => t.evidence));
        for (const t of whole) expect(spanProblems(d.text, t), t.id).toEqual([]);
      }
    });
  }

  it('tagFindings (grouped by document) gives what the per-finding path gives', () => {
    const findings = docs.flatMap((d) => d.findings);
    const texts = new Map(docs.map((d) => [d.path, d.text]));
    const out = tagFindings([...findings].reverse(), texts, rs, seg);
    const byId = new Map(findings.map((f) => [f.id, tagger.tag(f, texts.get(f.doc_id))]));
    expect(out.map((t) => t.id)).toEqual([...findings].sort((a, b) => (a.doc_id < b.doc_id ? -1 : a.doc_id > b.doc_id ? 1 : a.seq - b.seq)).map((f) => f.id));
    for (const t of out) expect(t).toEqual(byId.get(t.id));
  });
});

/** A segmenter that records what it was asked to cut. */
function counting(inner: Segmenter) {
  const cuts: string[] = [];
  const s: Segmenter = { ...inner, name: inner.name, cut: (t) => (cuts.push(t), inner.cut(t)), subwords: (w) => inner.subwords(w), addWords: (w) => inner.addWords(w), dictionaryHash: () => inner.dictionaryHash() };
  return { s, cuts };
}

describe('cost: one segmentation per document', () => {
  it('no character of the normalized document is segmented twice, headings shared by findings included', () => {
    const { s, cuts } = counting(seg);
    const t = new Tagger(rs, s);
    for (const d of docs) {
      cuts.length = 0;
      t.tagDocument(d.text, d.findings);
      const len = normalize(d.text).text.length;
      const total = cuts.reduce((n, c) => n + c.length, 0);
      expect(total, d.path).toBeLessThanOrEqual(len);
      expect(cuts.length, d.path).toBeLessThanOrEqual(d.findings.length + 1);
      // the per-finding path, by contrast, cuts every heading again for every finding under it
      cuts.length = 0;
      for (const f of d.findings) t.tag(f, d.text);
      if (d.findings.some((f) => f.heading_path.length > 1)) expect(cuts.length).toBeGreaterThan(d.findings.length);
    }
  });
});

describe('tagDocumentWithTokens: the words of each finding from the same segmentation', () => {
  it('equal segmenting title, text and measures on their own (content words)', () => {
    let compared = 0;
    for (const d of docs) {
      const { tagged, tokens } = tagger.tagDocumentWithTokens(d.text, d.findings, { headingEvidence: true }, isContentToken);
      expect(tagged).toEqual(tagger.tagDocument(d.text, d.findings));
      expect([...tokens.keys()]).toEqual(d.findings.map((f) => f.id));
      for (const f of d.findings) {
        const w = tokens.get(f.id)!;
        expect(w.title, f.id).toEqual(contentTokens(seg, f.title));
        expect(w.text, f.id).toEqual(contentTokens(seg, f.text));
        expect(w.measures, f.id).toEqual(f.measures ? contentTokens(seg, f.measures) : []);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(45);
  });

  it('without a filter: every token, trimmed, none empty; the text words concatenate to the finding text minus spaces', () => {
    const d = docs[0];
    const { tokens } = tagger.tagDocumentWithTokens(d.text, d.findings);
    for (const f of d.findings) {
      const w = tokens.get(f.id)!;
      expect(w.text.every((x) => x.length > 0 && x === x.trim())).toBe(true);
      expect(w.text.join('')).toBe(f.text.replace(/\s/g, ''));
    }
  });
});

describe('property: tagDocument never throws and its evidence points into the document', () => {
  const cjk = fc.constantFrom(...'作风工采公款办项财务资金主体责任党支部形式主义巡察整改監督違規推进落实乏力，。；\n\t 　（一）1.、“”()abc0'.split(''));
  const text = fc.array(cjk, { minLength: 0, maxLength: 160 }).map((a) => a.join(''));
  const anyText = fc.oneof(text, fc.string({ maxLength: 60 }));
  const span = fc.tuple(fc.integer({ min: -5, max: 200 }), fc.integer({ min: -5, max: 200 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);
  const rec = fc.record({ span, title: span, measures: fc.option(span, { nil: null }), headings: fc.array(anyText, { maxLength: 3 }) });

  it('for arbitrary documents and findings', () => {
    fc.assert(
      fc.property(text, fc.array(rec, { maxLength: 6 }), fc.boolean(), (doc, recs, useHeadings) => {
        const findings: FindingRecord[] = recs.map((r, i) => ({
          ...finding(doc),
          id: `doc#${i + 1}`,
          seq: i + 1,
          span: r.span,
          title_span: r.title,
          measures_span: r.measures,
          heading_path: r.headings,
        }));
        const { tagged, tokens } = tagger.tagDocumentWithTokens(doc, findings, { headingEvidence: useHeadings });
        if (tagged.length !== findings.length || tokens.size !== findings.length) return false;
        for (const [i, t] of tagged.entries()) {
          if (t.id !== findings[i].id || t.categories[0] !== t.primary) return false;
          for (const e of t.evidence) {
            if (e.words.length !== e.spans.length) return false;
            for (const [k, [s, x]] of e.spans.entries()) {
              if (!(0 <= s && s <= x && x <= doc.length)) return false;
              if (e.words[k] !== doc.slice(s, x)) return false;
            }
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
