import type { FindingRecord, Span } from '../../../src/model/records.js';
import { normalize } from '../../../src/normalize/index.js';

/**
 * A FindingRecord over `original`: the title is the given substring (or span), the finding spans
 * from the title's start to `end` (default: end of text), headings as given.
 */
export function finding(original: string, opts: { title?: string | Span; end?: number; headings?: string[]; id?: string; doc?: string; measures?: Span } = {}): FindingRecord {
  let title: Span;
  if (Array.isArray(opts.title)) title = opts.title as Span;
  else if (typeof opts.title === 'string') {
    const at = original.indexOf(opts.title);
    if (at < 0) throw new Error(`title not in text: ${opts.title}`);
    title = [at, at + opts.title.length];
  } else title = [0, original.length];
  const span: Span = [Math.min(title[0], original.length), opts.end ?? original.length];
  const doc = opts.doc ?? 'doc.txt';
  return {
    id: opts.id ?? `${doc}#1`,
    doc_id: doc,
    seq: 1,
    number: '1',
    number_path: ['1'],
    heading_path: opts.headings ?? [],
    title: normalize(original.slice(title[0], title[1])).text,
    text: normalize(original.slice(span[0], span[1])).text,
    span,
    title_span: title,
    measures: opts.measures ? normalize(original.slice(opts.measures[0], opts.measures[1])).text : null,
    measures_span: opts.measures ?? null,
    progress: null,
    progress_text: null,
    record_kind: 'finding',
    unit: null,
    doc_kind: 'feedback',
    meta: {},
  };
}

/** The failures of the evidence-span invariant: every words[i] equals the original slice. */
export function spanProblems(original: string, tagged: { evidence: { words: string[]; spans: Span[]; terms: string[] }[] }): string[] {
  const out: string[] = [];
  for (const e of tagged.evidence) {
    if (e.words.length !== e.spans.length) out.push(`words/spans length ${e.words.length} ≠ ${e.spans.length}`);
    e.spans.forEach(([s, t], i) => {
      if (!(Number.isInteger(s) && Number.isInteger(t) && 0 <= s && s <= t && t <= original.length)) out.push(`span ${s}-${t} outside [0, ${original.length}]`);
      else if (original.slice(s, t) !== e.words[i]) out.push(`words[${i}] "${e.words[i]}" ≠ original "${original.slice(s, t)}"`);
      if (normalize(e.words[i]).text !== e.terms[i]) out.push(`terms[${i}] "${e.terms[i]}" ≠ normalize("${e.words[i]}")`);
    });
  }
  return out;
}
