/**
 * The pieces of a finding the rules look at, each re-normalized from the ORIGINAL text so that
 * every match maps back to original offsets:
 *  - title:   original[title_span];
 *  - body:    original[span] minus the title and the measures (rectification answers are not
 *             evidence of what the problem was);
 *  - heading: each heading of heading_path, located in the original text by searching backwards
 *             from the finding (innermost heading first, each outer one before the inner one) in
 *             the normalized document; a heading that cannot be located is still matched (its
 *             string from heading_path), but its evidence carries terms without spans.
 */
import type { EvidenceField, FindingRecord, Span } from '../model/records.js';
import { normalize, toOriginal, type NormalizedText } from '../normalize/index.js';

export interface Piece {
  field: EvidenceField;
  norm: NormalizedText;
  /** Offset of `norm.original` in the document's original text; null when not located. */
  offset: number | null;
}

const clamp = (n: number, len: number) => (Number.isFinite(n) ? Math.max(0, Math.min(len, Math.trunc(n))) : 0);

function clampSpan(s: Span | null | undefined, len: number): Span | null {
  if (!s) return null;
  const a = clamp(s[0], len);
  const b = clamp(s[1], len);
  return a <= b ? [a, b] : null;
}

/** [a, b) minus the given spans, as a list of non-empty intervals. */
function subtract(base: Span, cuts: (Span | null)[]): Span[] {
  let parts: Span[] = [base];
  for (const c of cuts) {
    if (!c || c[1] <= c[0]) continue;
    parts = parts.flatMap(([a, b]): Span[] => {
      if (c[1] <= a || c[0] >= b) return [[a, b]];
      const out: Span[] = [];
      if (c[0] > a) out.push([a, c[0]]);
      if (c[1] < b) out.push([c[1], b]);
      return out;
    });
  }
  return parts.filter(([a, b]) => b > a);
}

function piece(field: EvidenceField, original: string, s: Span): Piece | null {
  const norm = normalize(original.slice(s[0], s[1]));
  return norm.text ? { field, norm, offset: s[0] } : null;
}

/** First normalized index whose original start is ≥ `offset`. */
function normIndexAt(n: NormalizedText, offset: number): number {
  let lo = 0;
  let hi = n.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (n.starts[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const NUMBERING = /^\s*(?:[（(][一二三四五六七八九十百\d]+[)）]|[一二三四五六七八九十百]+[、.]|\d+[、.．]|第[一二三四五六七八九十百\d]+[部分章节条])\s*/;

/** Locates heading `h` ending at or before normalized index `before`; returns its normalized start. */
function locateHeading(doc: NormalizedText, h: string, before: number): { start: number; end: number } | null {
  for (const needle of [h, h.replace(NUMBERING, '')]) {
    if (!needle) continue;
    const from = before - needle.length;
    if (from < 0) continue;
    const at = doc.text.lastIndexOf(needle, from);
    if (at >= 0) return { start: at, end: at + needle.length };
  }
  return null;
}

export interface PieceOptions {
  headingEvidence: boolean;
  /** The normalized whole document (cached by the caller), needed only to locate headings. */
  normalizedDoc: () => NormalizedText;
}

export function findingPieces(f: FindingRecord, original: string, located: boolean, opts: PieceOptions): Piece[] {
  const len = original.length;
  const out: Piece[] = [];
  const span = clampSpan(f.span, len) ?? [0, len];
  const title = clampSpan(f.title_span, len);
  if (title && title[1] > title[0]) {
    const p = piece('title', original, title);
    if (p) out.push(p);
  } else if (f.title) {
    const norm = normalize(f.title);
    if (norm.text) out.push({ field: 'title', norm, offset: null });
  }
  for (const b of subtract(span, [title, clampSpan(f.measures_span, len)])) {
    const p = piece('body', original, b);
    if (p) out.push(p);
  }
  if (opts.headingEvidence && f.heading_path.length) {
    const doc = located ? opts.normalizedDoc() : null;
    let before = doc ? normIndexAt(doc, span[0]) : 0;
    const headings: Piece[] = [];
    for (let i = f.heading_path.length - 1; i >= 0; i--) {
      const h = normalize(f.heading_path[i]).text;
      if (!h) continue;
      const at = doc ? locateHeading(doc, h, before) : null;
      if (doc && at) {
        const [s, e] = toOriginal(doc, at.start, at.end);
        const p = piece('heading', original, [s, e]);
        if (p) headings.push(p);
        before = at.start;
      } else headings.push({ field: 'heading', norm: normalize(h), offset: null });
    }
    out.push(...headings.reverse());
  }
  return out;
}
