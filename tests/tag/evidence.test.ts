import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { extractCorpus } from '../../src/pipeline/extract.js';
import { loadRuleSet, type RuleSet } from '../../src/rules/index.js';
import { getSegmenter } from '../../src/segment/index.js';
import { Tagger, tagFindings } from '../../src/tag/index.js';
import type { FindingRecord } from '../../src/model/records.js';
import { ROOT } from '../rules/helpers.js';
import { finding, spanProblems } from './helpers/records.js';

const seg = getSegmenter();
const res = loadRuleSet();
if (!res.ok) throw new Error('default rules do not load');
const rs: RuleSet = res.value;
const tagger = new Tagger(rs, seg);

async function tagPaths(paths: string[], headingEvidence = true) {
  const corpus = await extractCorpus(paths);
  const texts = new Map(corpus.documents.map((d) => [d.id, d.text]));
  return { corpus, texts, tagged: tagFindings(corpus.findings, texts, rs, seg, { headingEvidence }) };
}

describe('evidence points into the original text', () => {
  it('sample corpus (half-width punctuation, indented rectification report): words[i] === original.slice(spans[i])', async () => {
    const { texts, tagged } = await tagPaths([join(ROOT, 'corpora')]);
    expect(tagged.length).toBeGreaterThanOrEqual(27);
    let spans = 0;
    for (const t of tagged) {
      expect(spanProblems(texts.get(t.doc_id)!, t), t.id).toEqual([]);
      spans += t.evidence.reduce((n, e) => n + e.spans.length, 0);
    }
    expect(spans).toBeGreaterThan(100);
    // headings of both reports are located in the original text
    const heading = tagged.flatMap((t) => t.evidence.filter((e) => e.field === 'heading'));
    expect(heading.length).toBeGreaterThan(20);
    expect(heading.every((e) => e.spans.length === e.terms.length)).toBe(true);
  });

  it('a document in traditional characters: words are traditional, terms simplified', async () => {
    const { texts, tagged } = await tagPaths([join(ROOT, 'tests/fixtures/dev/docs/university-feedback-traditional.txt')]);
    expect(tagged.length).toBe(9);
    const all = tagged.flatMap((t) => t.evidence);
    for (const t of tagged) expect(spanProblems(texts.get(t.doc_id)!, t), t.id).toEqual([]);
    const e = all.find((x) => x.terms.includes('形式主义'))!;
    expect(e.words).toContain('形式主義');
    expect(all.some((x) => x.field === 'heading' && x.words.some((w) => w.includes('兩個責任')))).toBe(true);
  });

  it('heavy indentation, full-width spaces, CRLF and spaces inside words', () => {
    const doc = '\r\n\t\t（一）\u3000工 作 作 風 方面\r\n\u3000\u3000\u3000\u30001．作\u3000风不实，\u3000 公 款 吃喝 ， 財\t務混亂。\r\n';
    const title0 = doc.indexOf('作\u3000风不实');
    const f = finding(doc, { title: [title0, title0 + 5], headings: ['（一）工作作风方面'] });
    const t = tagger.tag(f, doc);
    expect(spanProblems(doc, t)).toEqual([]);
    const words = t.evidence.flatMap((e) => e.words);
    expect(words).toEqual(expect.arrayContaining(['作\u3000风不实', '公 款 吃喝', '財\t務', '工 作 作 風']));
    expect(t.primary).toBe('conduct');
  });
});

describe('property: the engine never throws and every span lies inside the text', () => {
  const cjk = fc.constantFrom(...'作风工采公款办项财务资金主体责任党支部形式主义巡察整改監督違規，。；\n\t 　（一）1.、“”()abc0'.split(''));
  const text = fc.array(cjk, { maxLength: 120 }).map((a) => a.join(''));
  const anyText = fc.oneof(text, fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }));

  it('for arbitrary texts, spans and headings', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: -5, max: 200 }), fc.integer({ min: -5, max: 200 }), fc.integer({ min: -5, max: 200 }), fc.array(anyText, { maxLength: 3 }), fc.boolean(), (doc, a, b, c, headings, useHeadings) => {
        const f: FindingRecord = { ...finding(doc), span: [Math.min(a, b), Math.max(a, b)], title_span: [Math.min(a, c), Math.max(a, c)], heading_path: headings };
        const t = tagger.tag(f, doc, { headingEvidence: useHeadings });
        for (const e of t.evidence) {
          for (const [s, x] of e.spans) {
            if (!(0 <= s && s <= x && x <= doc.length)) return false;
          }
          if (e.words.some((w, i) => w !== doc.slice(e.spans[i][0], e.spans[i][1]))) return false;
        }
        return t.categories.length > 0 && t.categories[0] === t.primary;
      }),
      { numRuns: 400 },
    );
  });
});
