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
 *
 * `findingPieces` cuts each piece out of the original and normalizes it on its own (one finding at a
 * time); `findingRanges` gives the same pieces as RANGES of the normalized whole document, for the
 * engine's whole-document path (Tagger.tagDocument), which segments the document once.
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
export function normIndexAt(n: NormalizedText, offset: number): number {
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

/** A piece as a range of the normalized document, or (not located) a text of its own. */
export type PieceRange =
  | { field: EvidenceField; located: true; start: number; end: number }
  | { field: EvidenceField; located: false; text: string };

/** The normalized range of the original span [s, e): the units whose original start lies in it. */
export function normRange(doc: NormalizedText, s: Span): [number, number] {
  return [normIndexAt(doc, s[0]), normIndexAt(doc, s[1])];
}

/**
 * The pieces of `f` (see the top of this file) as ranges of `doc`, the normalized document the
 * finding's spans point into (doc.original). Empty ranges are left out. `normalizeText` is
 * `(s) => normalize(s).text`, cached by the caller: every finding under a heading asks again.
 */
export function findingRanges(f: FindingRecord, doc: NormalizedText, headingEvidence: boolean, normalizeText: (s: string) => string): PieceRange[] {
  const len = doc.original.length;
  const out: PieceRange[] = [];
  const span = clampSpan(f.span, len) ?? [0, len];
  const title = clampSpan(f.title_span, len);
  const push = (field: EvidenceField, s: Span) => {
    const [a, b] = normRange(doc, s);
    if (b > a) out.push({ field, located: true, start: a, end: b });
  };
  if (title && title[1] > title[0]) push('title', title);
  else if (f.title) {
    const t = normalizeText(f.title);
    if (t) out.push({ field: 'title', located: false, text: t });
  }
  for (const b of subtract(span, [title, clampSpan(f.measures_span, len)])) push('body', b);
  if (headingEvidence && f.heading_path.length) {
    let before = normIndexAt(doc, span[0]);
    const headings: PieceRange[] = [];
    for (let i = f.heading_path.length - 1; i >= 0; i--) {
      const h = normalizeText(f.heading_path[i]);
      if (!h) continue;
      const at = locateHeading(doc, h, before);
      if (at) {
        if (at.end > at.start) headings.push({ field: 'heading', located: true, start: at.start, end: at.end });
        before = at.start;
      } else headings.push({ field: 'heading', located: false, text: normalizeText(h) });
    }
    out.push(...headings.reverse());
  }
  return out;
}
