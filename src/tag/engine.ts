/**
 * The tagging engine: findings + their documents' original text + a rule set → tagged findings.
 * Pure apart from the segmenter's dictionary (rule terms are added to it once per Tagger).
 *
 * Evidence spans point into the ORIGINAL document text: each field is re-normalized from its
 * original slice (fields.ts), matched (match.ts), and mapped back with the normalization's offset
 * map, so `words[i] === original.slice(spans[i][0], spans[i][1])` always holds.
 *
 * Two paths, same rules, same evidence format:
 *  - `tag(finding, text)`: one finding; each piece is normalized and segmented on its own.
 *  - `tagDocument(text, findings)`: every finding of one document; the document is normalized once,
 *    the parts of it the findings need (their spans and located headings, merged) are segmented
 *    once — no character twice, nothing else — and each finding's pieces are matched as RANGES of
 *    the normalized document, mapped back with its offset map (a heading shared by many findings is
 *    matched once). Inside a piece the word boundaries are then those of the segmented part it lies
 *    in, which can differ from segmenting the piece alone next to its edges (the edges themselves
 *    are always boundaries; jieba cuts at line breaks and ，。 anyway, so on the fixtures nothing
 *    differs). `tagFindings` uses this path for every finding whose document text is known.
 */
import { createHash } from 'node:crypto';
import type { Evidence, EvidenceField, FindingRecord, Span, TaggedFinding } from '../model/records.js';
import { normalize, toOriginal, type NormalizedText } from '../normalize/index.js';
import type { Segmenter, Token } from '../segment/index.js';
import { NONE, type CompiledRule, type RuleSet } from '../rules/types.js';
import { RuleMatcher, segmentRanges, type RuleHit } from './match.js';
import { findingPieces, findingRanges, normRange } from './fields.js';
import { scoreEvidence } from './score.js';

export interface TagOptions {
  /** Use section headings as evidence (default true). */
  headingEvidence: boolean;
}

/** The original text of a document by id: a Map or a function. */
export type DocTextSource = ReadonlyMap<string, string> | ((docId: string) => string | undefined);

const FIELD_ORDER: Record<EvidenceField, number> = { title: 0, body: 1, heading: 2 };

const textOf = (docs: DocTextSource, id: string): string | undefined => (typeof docs === 'function' ? docs(id) : docs.get(id));

/**
 * The words of one finding from its document's segmentation (Tagger.tagDocumentWithTokens): the
 * segmenter's tokens of the NORMALIZED document inside the finding's title range, whole range
 * (`FindingRecord.text`: title and body, and measures when they lie inside it) and measures range,
 * in order, trimmed, empty ones dropped, clipped to the range, and kept only when `keep` says so.
 * Same words as segmenting `f.title`, `f.text` and `f.measures` on their own, up to edge effects.
 */
export interface FindingTokens {
  title: string[];
  text: string[];
  measures: string[];
}

export interface DocumentTagResult {
  /** In the order of the given findings. */
  tagged: TaggedFinding[];
  /** Finding id → its words. */
  tokens: Map<string, FindingTokens>;
}

type Acc = Map<string, { rule: CompiledRule; field: EvidenceField; items: { term: string; span: Span | null }[] }>;

function collect(acc: Acc, field: EvidenceField, hits: readonly RuleHit[], toSpan: ((start: number, end: number) => Span) | null): void {
  for (const hit of hits) {
    const key = `${hit.rule.id}\0${field}`;
    let e = acc.get(key);
    if (!e) acc.set(key, (e = { rule: hit.rule, field, items: [] }));
    for (const o of hit.occurrences) e.items.push({ term: o.term, span: toSpan ? toSpan(o.start, o.end) : null });
  }
}

/** First token index whose end is > `at` (tokens are sorted and do not overlap). */
function tokenAt(tokens: readonly Token[], at: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function wordsIn(text: string, tokens: readonly Token[], s: number, e: number, keep: ((w: string) => boolean) | undefined): string[] {
  const out: string[] = [];
  for (let i = tokenAt(tokens, s); i < tokens.length && tokens[i].start < e; i++) {
    const t = tokens[i];
    const w = (t.start >= s && t.end <= e ? t.text : text.slice(Math.max(s, t.start), Math.min(e, t.end))).trim();
    if (w && (!keep || keep(w))) out.push(w);
  }
  return out;
}

export class Tagger {
  readonly matcher: RuleMatcher;
  private readonly byField: Record<EvidenceField, CompiledRule[]>;
  private readonly ruleIndex: Map<string, number>;
  private readonly categoryOrder: Map<string, number>;
  private readonly docCache = new Map<string, NormalizedText>();
  private structureKeyMemo: string | null = null;

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

  /** See `structureKey` (below the class). */
  get structureKey(): string {
    return (this.structureKeyMemo ??= structureKey(this.ruleSet));
  }

  /**
   * A finding tagged before, weighed and scored under this rule set: each evidence's weight is
   * recomputed, then the scores. The same result as tagging it again when the evidence found would
   * be the same: the rule sets have the same `structureKey`, and no term of `termPairs` that differs
   * between them occurs in the texts the finding was matched in.
   */
  rescore(finding: FindingRecord, evidence: readonly StoredEvidence[]): TaggedFinding {
    const byId = (this.rulesById ??= new Map(this.ruleSet.rules.map((r) => [r.id, r])));
    const weighed = evidence.map((e): Evidence => {
      const rule = byId.get(e.rule);
      if (!rule) throw new Error(`rescore: rule ${e.rule} is not in the rule set`);
      return { category: rule.category, rule: e.rule, field: e.field, weight: this.weightOf(rule, e.field), terms: e.terms, words: e.words, spans: e.spans };
    });
    return this.finish(finding, weighed);
  }

  private rulesById: Map<string, CompiledRule> | null = null;

  /** What one rule firing in one field contributes: rule weight × field factor. */
  private weightOf(rule: CompiledRule, field: EvidenceField): number {
    return Math.round(rule.weight * this.ruleSet.fields[field] * 1e6) / 1e6;
  }

  /** Give the normalized form of a document text already normalized elsewhere (normalize(text) must equal `n`). */
  knowNormalized(text: string, n: NormalizedText): void {
    if (this.docCache.size >= 4) this.docCache.delete(this.docCache.keys().next().value!);
    this.docCache.set(text, n);
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
    const acc: Acc = new Map();
    for (const p of pieces) {
      const toSpan =
        p.offset === null
          ? null
          : (start: number, end: number): Span => {
              const [s, t] = toOriginal(p.norm, start, end);
              return [s + p.offset!, t + p.offset!];
            };
      collect(acc, p.field, this.matcher.match(p.norm.text, this.byField[p.field]), toSpan);
    }
    return this.assemble(acc, original);
  }

  /** Evidence records from the collected occurrences, sorted (see `evidence`). */
  private assemble(acc: Acc, original: string): Evidence[] {
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
        weight: this.weightOf(rule, field),
        terms,
        words: placed.map((i) => original.slice(i.span[0], i.span[1])),
        spans: placed.map((i) => i.span),
      });
    }
    const cat = (c: string) => (c === NONE ? Infinity : this.categoryOrder.get(c) ?? Infinity);
    const ri = (id: string) => this.ruleIndex.get(id) ?? 0;
    return out.sort((a, b) => cat(a.category) - cat(b.category) || ri(a.rule) - ri(b.rule) || FIELD_ORDER[a.field] - FIELD_ORDER[b.field]);
  }

  private finish(finding: FindingRecord, evidence: Evidence[]): TaggedFinding {
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

  /**
   * Tags every finding of ONE document whose original text is `docText` (every finding's spans
   * point into it); returns them in the given order. The document is normalized once and the parts
   * the findings need are segmented once; see the top of this file.
   */
  tagDocument(docText: string, findings: readonly FindingRecord[], opts: TagOptions = { headingEvidence: true }): TaggedFinding[] {
    return this.run(docText, findings, opts, false).tagged;
  }

  /**
   * `tagDocument`, plus each finding's words from the same segmentation (FindingTokens), for
   * distinctive words and linkage without segmenting the findings again. `keep` filters the words
   * (e.g. the aggregation's content-word test).
   */
  tagDocumentWithTokens(
    docText: string,
    findings: readonly FindingRecord[],
    opts: TagOptions = { headingEvidence: true },
    keep?: (word: string) => boolean,
  ): DocumentTagResult {
    return this.run(docText, findings, opts, true, keep);
  }

  /**
   * What tagging these findings of one document will segment (`tagDocument` /
   * `tagDocumentWithTokens`): the normalized document, each finding's pieces, each finding's word
   * ranges, and every range to segment.
   */
  private layout(docText: string, findings: readonly FindingRecord[], opts: TagOptions, withTokens: boolean) {
    const doc = this.normalizedDoc(docText);
    const normText = new Map<string, string>();
    const normalizeText = (x: string): string => {
      let t = normText.get(x);
      if (t === undefined) normText.set(x, (t = normalize(x).text));
      return t;
    };
    const len = docText.length;
    const range = (s: Span | null | undefined): [number, number] | null => {
      if (!s) return null;
      const x = Math.max(0, Math.min(len, Math.trunc(s[0]) || 0));
      const y = Math.max(0, Math.min(len, Math.trunc(s[1]) || 0));
      return y > x ? normRange(doc, [x, y]) : null;
    };
    // Everything that will be matched (and, for the words, each finding's text and measures) is
    // segmented in one pass over the document, each part once.
    const pieces = findings.map((f) => findingRanges(f, doc, opts.headingEvidence, normalizeText));
    const wanted: [number, number][] = [];
    for (const list of pieces) for (const p of list) if (p.located) wanted.push([p.start, p.end]);
    const wordRanges = withTokens
      ? findings.map((f) => ({ title: range(f.title_span), text: range(f.span), measures: range(f.measures_span) }))
      : [];
    for (const w of wordRanges) for (const r of [w.title, w.text, w.measures]) if (r) wanted.push(r);
    return { doc, pieces, wordRanges, wanted };
  }

  /**
   * The texts `tagDocumentWithTokens(docText, findings, opts)` will hand to the segmenter's `cut`
   * (those of located pieces; an unlocated heading is cut when it is matched). A caller can cut
   * them ahead, many documents' at a time (see MemoSegmenter.prefetch).
   */
  plannedCuts(docText: string, findings: readonly FindingRecord[], opts: TagOptions = { headingEvidence: true }): string[] {
    const { doc, wanted } = this.layout(docText, findings, opts, true);
    return segmentRanges(doc.text.length, wanted).map(([s, e]) => doc.text.slice(s, e));
  }

  private run(docText: string, findings: readonly FindingRecord[], opts: TagOptions, withTokens: boolean, keep?: (word: string) => boolean): DocumentTagResult {
    const { doc, pieces, wordRanges, wanted } = this.layout(docText, findings, opts, withTokens);
    const a = this.matcher.analyze(doc.text, wanted);
    // Matches per located heading (under which many findings stand) and per unlocated text.
    const rangeHits = new Map<string, RuleHit[]>();
    const textHits = new Map<string, RuleHit[]>();
    const toSpan = (start: number, end: number): Span => toOriginal(doc, start, end);
    const tagged: TaggedFinding[] = [];
    const tokens = new Map<string, FindingTokens>();
    findings.forEach((f, i) => {
      const acc: Acc = new Map();
      for (const p of pieces[i]) {
        const rules = this.byField[p.field];
        if (p.located) {
          let hits: RuleHit[] | undefined;
          if (p.field === 'heading') {
            const key = `${p.start}:${p.end}`;
            hits = rangeHits.get(key);
            if (!hits) rangeHits.set(key, (hits = this.matcher.matchIn(a, p.start, p.end, rules)));
          } else hits = this.matcher.matchIn(a, p.start, p.end, rules);
          collect(acc, p.field, hits, toSpan);
        } else {
          const key = `${p.field}\0${p.text}`;
          let hits = textHits.get(key);
          if (!hits) textHits.set(key, (hits = this.matcher.match(p.text, rules)));
          collect(acc, p.field, hits, null);
        }
      }
      tagged.push(this.finish(f, this.assemble(acc, docText)));
      if (withTokens) {
        const w = wordRanges[i];
        const words = (r: [number, number] | null) => (r ? wordsIn(doc.text, a.tokens, r[0], r[1], keep) : []);
        tokens.set(f.id, { title: words(w.title), text: words(w.text), measures: words(w.measures) });
      }
    });
    return { tagged, tokens };
  }

  /** One finding (each piece segmented on its own). Prefer `tagDocument` for many findings of a document. */
  tag(finding: FindingRecord, originalText: string | undefined, opts: TagOptions = { headingEvidence: true }): TaggedFinding {
    return this.finish(finding, this.evidence(finding, originalText, opts));
  }
}

const matcherShape = (m: CompiledRule['matcher']): unknown =>
  m.kind === 'any' ? 'any' : m.kind === 'all' ? ['all', m.groups.length, typeof m.within === 'number' ? m.within : String(m.within)] : ['regex', m.source];

/**
 * A hash of everything in a rule set that decides which evidence a finding gets, except the terms
 * (`termPairs`): rule ids, order, categories and their order, matcher kinds and scopes, regexes,
 * `where`, the fields. Nothing that only weighs evidence (weights, field factors, the threshold)
 * and nothing descriptive (labels, descriptions, examples). A weight edit keeps it; so does a term
 * edit, whose effect `termPairs` tells.
 */
export function structureKey(rs: RuleSet): string {
  const rules = rs.rules.map((r) => [
    r.id,
    r.category,
    matcherShape(r.matcher),
    r.unless ? (typeof r.unless.within === 'number' ? r.unless.within : String(r.unless.within)) : null,
    r.where,
  ]);
  const key = JSON.stringify({ rules, categories: rs.categories.map((c) => [c.id, c.order]), fields: Object.keys(rs.fields).sort() });
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** Evidence less what the rule set decides (its rule's category and weight): what `Tagger.rescore` takes. */
export type StoredEvidence = Pick<Evidence, 'rule' | 'field' | 'terms' | 'words' | 'spans'>;

/**
 * Every term of a rule set with its place: `rule\0slot\0term` (slot: any, all:<group>, unless),
 * and the rule set's dictionary words as `\0dict\0word`. Between two rule sets with the same
 * `structureKey`, a text in which no term of the pairs that differ occurs is matched the same
 * (occurrences of the other terms, their overlaps and each rule's hits are unchanged), and
 * segmented the same (a dictionary word that does not occur in a text cannot change its cut).
 */
export function termPairs(rs: RuleSet): string[] {
  const out: string[] = [];
  for (const r of rs.rules) {
    const m = r.matcher;
    if (m.kind === 'any') for (const t of m.terms) out.push(`${r.id}\0any\0${t}`);
    else if (m.kind === 'all') m.groups.forEach((g, i) => g.forEach((t) => out.push(`${r.id}\0all:${i}\0${t}`)));
    if (r.unless) for (const t of r.unless.terms) out.push(`${r.id}\0unless\0${t}`);
  }
  for (const w of rs.dictionaryWords) out.push(`\0dict\0${w}`);
  return [...new Set(out)].sort();
}

/** The term of a `termPairs` entry. */
export const pairTerm = (pair: string): string => pair.slice(pair.lastIndexOf('\0') + 1);

function titleIn(text: string, title: string): Span {
  const at = title ? text.indexOf(title) : -1;
  return at >= 0 ? [at, at + title.length] : [0, 0];
}

/**
 * Tag every finding; output sorted by document id, then seq, then id. The findings of each document
 * whose text is known are tagged together (Tagger.tagDocument); the others one by one, with their
 * own text standing in for the document.
 */
export function tagFindings(
  findings: readonly FindingRecord[],
  docs: DocTextSource,
  ruleSet: RuleSet,
  segmenter: Segmenter,
  opts: TagOptions = { headingEvidence: true },
): TaggedFinding[] {
  const tagger = new Tagger(ruleSet, segmenter);
  const sorted = [...findings].sort((a, b) => (a.doc_id < b.doc_id ? -1 : a.doc_id > b.doc_id ? 1 : a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  const out: TaggedFinding[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j].doc_id === sorted[i].doc_id) j++;
    const group = sorted.slice(i, j);
    const text = textOf(docs, sorted[i].doc_id);
    if (text === undefined) for (const f of group) out.push(tagger.tag(f, undefined, opts));
    else for (const t of tagger.tagDocument(text, group, opts)) out.push(t);
    i = j;
  }
  return out;
}
