/**
 * The tagging engine: findings + their documents' original text + a rule set → tagged findings.
 * Pure apart from the segmenter's dictionary (rule terms are added to it once per Tagger).
 *
 * Evidence spans point into the ORIGINAL document text: each field is re-normalized from its
 * original slice (fields.ts), matched (match.ts), and mapped back with the normalization's offset
 * map, so `words[i] === original.slice(spans[i][0], spans[i][1])` always holds.
 */
import type { Evidence, EvidenceField, FindingRecord, Span, TaggedFinding } from '../model/records.js';
import { normalize, toOriginal, type NormalizedText } from '../normalize/index.js';
import type { Segmenter } from '../segment/index.js';
import { NONE, type CompiledRule, type RuleSet } from '../rules/types.js';
import { RuleMatcher } from './match.js';
import { findingPieces } from './fields.js';
import { scoreEvidence } from './score.js';

export interface TagOptions {
  /** Use section headings as evidence (default true). */
  headingEvidence: boolean;
}

/** The original text of a document by id: a Map or a function. */
export type DocTextSource = ReadonlyMap<string, string> | ((docId: string) => string | undefined);

const FIELD_ORDER: Record<EvidenceField, number> = { title: 0, body: 1, heading: 2 };

const textOf = (docs: DocTextSource, id: string): string | undefined => (typeof docs === 'function' ? docs(id) : docs.get(id));

export class Tagger {
  readonly matcher: RuleMatcher;
  private readonly byField: Record<EvidenceField, CompiledRule[]>;
  private readonly ruleIndex: Map<string, number>;
  private readonly categoryOrder: Map<string, number>;
  private readonly docCache = new Map<string, NormalizedText>();

  constructor(
    readonly ruleSet: RuleSet,
    segmenter: Segmenter,
  ) {
    this.matcher = new RuleMatcher(ruleSet, segmenter);
    const f = (field: EvidenceField) => ruleSet.rules.filter((r) => r.where.includes(field));
    this.byField = { title: f('title'), body: f('body'), heading: f('heading') };
    this.ruleIndex = new Map(ruleSet.rules.map((r, i) => [r.id, i]));
    this.categoryOrder = new Map(ruleSet.categories.map((c) => [c.id, c.order]));
  }

  private normalizedDoc(text: string): NormalizedText {
    let n = this.docCache.get(text);
    if (!n) {
      if (this.docCache.size >= 4) this.docCache.delete(this.docCache.keys().next().value!);
      n = normalize(text);
      this.docCache.set(text, n);
    }
    return n;
  }

  /** Evidence of one finding, sorted: category order (not-a-finding cues last), rule order, field. */
  evidence(finding: FindingRecord, originalText: string | undefined, opts: TagOptions): Evidence[] {
    // Without the document, the finding's own text stands in for it (spans then point into finding.text).
    const located = originalText !== undefined;
    const original = originalText ?? finding.text;
    const f: FindingRecord = located
      ? finding
      : { ...finding, span: [0, original.length], title_span: titleIn(original, finding.title), measures_span: null };
    const pieces = findingPieces(f, original, located, { headingEvidence: opts.headingEvidence, normalizedDoc: () => this.normalizedDoc(original) });
    const acc = new Map<string, { rule: CompiledRule; field: EvidenceField; items: { term: string; span: Span | null }[] }>();
    for (const p of pieces) {
      for (const hit of this.matcher.match(p.norm.text, this.byField[p.field])) {
        const key = `${hit.rule.id}\0${p.field}`;
        let e = acc.get(key);
        if (!e) acc.set(key, (e = { rule: hit.rule, field: p.field, items: [] }));
        for (const o of hit.occurrences) {
          let span: Span | null = null;
          if (p.offset !== null) {
            const [s, t] = toOriginal(p.norm, o.start, o.end);
            span = [s + p.offset, t + p.offset];
          }
          e.items.push({ term: o.term, span });
        }
      }
    }
    const out: Evidence[] = [];
    for (const { rule, field, items } of acc.values()) {
      const placed = items.filter((i) => i.span) as { term: string; span: Span }[];
      placed.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
      // terms[i] goes with spans[i]; a heading that was not located gives terms without spans.
      const terms = placed.length ? placed.map((i) => i.term) : [...new Set(items.map((i) => i.term))];
      out.push({
        category: rule.category,
        rule: rule.id,
        field,
        weight: Math.round(rule.weight * this.ruleSet.fields[field] * 1e6) / 1e6,
        terms,
        words: placed.map((i) => original.slice(i.span[0], i.span[1])),
        spans: placed.map((i) => i.span),
      });
    }
    const cat = (c: string) => (c === NONE ? Infinity : this.categoryOrder.get(c) ?? Infinity);
    const ri = (id: string) => this.ruleIndex.get(id) ?? 0;
    return out.sort((a, b) => cat(a.category) - cat(b.category) || ri(a.rule) - ri(b.rule) || FIELD_ORDER[a.field] - FIELD_ORDER[b.field]);
  }

  tag(finding: FindingRecord, originalText: string | undefined, opts: TagOptions = { headingEvidence: true }): TaggedFinding {
    const evidence = this.evidence(finding, originalText, opts);
    const withHeading = scoreEvidence(this.ruleSet, evidence);
    const hasHeading = evidence.some((e) => e.field === 'heading');
    const without = hasHeading ? scoreEvidence(this.ruleSet, evidence.filter((e) => e.field !== 'heading')) : withHeading;
    return {
      ...finding,
      categories: withHeading.categories,
      primary: withHeading.primary,
      scores: withHeading.scores,
      evidence,
      heading_decided: without.primary !== withHeading.primary,
    };
  }
}

function titleIn(text: string, title: string): Span {
  const at = title ? text.indexOf(title) : -1;
  return at >= 0 ? [at, at + title.length] : [0, 0];
}

/** Tag every finding; output sorted by document id, then seq, then id. */
export function tagFindings(
  findings: readonly FindingRecord[],
  docs: DocTextSource,
  ruleSet: RuleSet,
  segmenter: Segmenter,
  opts: TagOptions = { headingEvidence: true },
): TaggedFinding[] {
  const tagger = new Tagger(ruleSet, segmenter);
  const sorted = [...findings].sort((a, b) => (a.doc_id < b.doc_id ? -1 : a.doc_id > b.doc_id ? 1 : a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  return sorted.map((f) => tagger.tag(f, textOf(docs, f.doc_id), opts));
}
