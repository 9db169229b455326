/**
 * A report written a linkage unit at a time. The reports grow with the corpus mostly through the
 * feedback ↔ rectification linkage (every rectification item of every unit); everything else
 * (counts, tests, distinctive words, the limited drill-down) is bounded by the units and categories.
 * So a report is made as: its beginning, from the summary without the linkage's units; each
 * unit's part; its end. Concatenated, the parts are exactly the bytes of the whole-summary renderer
 * (renderSummaryJson, renderMarkdown, renderHtml are written on top of these streams).
 *
 * Calls must come in order: head(), unit(u, 0), unit(u, 1), …, tail(count) (a stream may keep
 * state between them).
 */
import type { Summary, UnitLinkage } from '../aggregate/schema.js';

export interface ReportStream {
  /** Everything before the first unit of the linkage. */
  head(): string;
  /** The part of the `index`-th unit (from 0). */
  unit(u: UnitLinkage, index: number): string;
  /** Everything after the last unit; `count` units were given. */
  tail(count: number): string;
}

/** The summary without the linkage's units (what a stream's beginning is made from). */
export function withoutUnits(s: Summary): Summary {
  return { ...s, linkage: { ...s.linkage, units: [] } };
}

/**
 * Every part of a stream over a whole summary, concatenated. (Appended one by one: V8 keeps the
 * result as a rope of the parts and makes it flat once, when it is first read whole; joining an
 * array of the parts would hold the parts and the flat copy at once.)
 */
export function renderWhole(stream: ReportStream, units: readonly UnitLinkage[]): string {
  let out = stream.head();
  units.forEach((u, i) => {
    out += stream.unit(u, i);
  });
  return out + stream.tail(units.length);
}

/**
 * The streaming form of `text.replace(/\n{3,}/g, '\n\n').trimEnd()`: trailing whitespace of what
 * has been pushed is held back until something other than whitespace follows (then runs of three
 * or more line feeds in it collapse to two), and dropped at the end. Parts are cut only after a
 * character that is not whitespace, so a run of line feeds is never split: the result is the same
 * as on the whole text.
 */
export class CollapseBlankLines {
  private held = '';

  push(text: string): string {
    const s = this.held + text;
    let end = s.length;
    while (end > 0 && /\s/.test(s[end - 1])) end--;
    this.held = s.slice(end);
    return end ? s.slice(0, end).replace(/\n{3,}/g, '\n\n') : '';
  }

  /** The end of the text: the whitespace still held is dropped (trimEnd). */
  end(): string {
    this.held = '';
    return '';
  }
}
