/**
 * A segmenter that remembers what it cut. Wraps a backend: `cut` and `subwords` answer from a
 * preloaded table when they can (a cache entry of a document segmented before) and record every
 * new answer, so the caller can store the table with the document. Token lists are stored as
 * lengths, which is all that is needed to rebuild them from the text.
 */
import type { Segmenter } from './segmenter.js';

export interface SegmentTable {
  /** text → token lengths, for `cut` */
  cut: Record<string, number[]>;
  /** word → sub-word lengths, for `subwords` */
  sub: Record<string, number[]>;
}

/** cppjieba's separators (SegmentBase.hpp: space, tab, newline, ，and 。): each is a token of its own and blocks between them are cut independently. */
const SEPARATORS = new Set([' ', '\t', '\n', '\uFF0C', '\u3002']);
const hasSeparator = (w: string) => [...w].some((c) => SEPARATORS.has(c));

function split(text: string, lengths: ArrayLike<number>): string[] | null {
  const out: string[] = [];
  let p = 0;
  for (let i = 0; i < lengths.length; i++) {
    const n = lengths[i];
    out.push(text.slice(p, p + n));
    p += n;
  }
  return p === text.length ? out : null;
}

export class MemoSegmenter implements Segmenter {
  readonly name: string;
  private known: SegmentTable = { cut: {}, sub: {} };
  private recorded: SegmentTable = { cut: {}, sub: {} };
  /** Words added to or removed from the dictionary since the known table was made. */
  private stale: readonly string[] = [];
  /**
   * Cuts made ahead by `prefetch` (as token lengths: one small object per text that outlives the
   * young generation, not one string per token), taken by the first `cut` of the same text.
   */
  private ahead = new Map<string, Int32Array>();
  /** How many cuts and sub-word splits were answered from the table / by the backend. */
  hits = 0;
  misses = 0;

  constructor(private readonly inner: Segmenter) {
    this.name = inner.name;
  }

  /**
   * Start a new document: answers come from `table` (if any), new cuts are recorded afresh.
   * `stale`: the words added to or removed from the dictionary since `table` was made; a text
   * that contains one is cut again, block by block (see the top of this file).
   */
  begin(table?: SegmentTable, stale: readonly string[] = []): void {
    this.known = table ?? { cut: {}, sub: {} };
    this.stale = stale;
    this.recorded = { cut: {}, sub: {} };
    this.newAnswers = 0;
  }

  /** Everything cut since `begin`, known or new: the table to store for this document. */
  table(): SegmentTable {
    return this.recorded;
  }

  /** Whether `table()` is exactly the table given to `begin`: every answer came from it, and every text of it was asked for. */
  tableIsKnown(): boolean {
    if (this.newAnswers > 0) return false;
    const n = (t: SegmentTable) => Object.keys(t.cut).length + Object.keys(t.sub).length;
    return n(this.recorded) === n(this.known);
  }

  /** Answers not taken from the table given to `begin`. */
  private newAnswers = 0;

  cut(text: string): string[] {
    return this.answer('cut', text, () => {
      const lengths = this.ahead.get(text);
      if (lengths === undefined) return this.inner.cut(text);
      this.ahead.delete(text);
      return split(text, lengths) ?? this.inner.cut(text);
    });
  }

  /**
   * Cut these texts now, back to back, for the `cut` calls to come (of any document: the answers
   * are recorded in the table of the document whose `cut` takes them). Same answers as cutting
   * them then.
   */
  prefetch(texts: Iterable<string>): void {
    for (const t of texts) if (!this.ahead.has(t)) this.ahead.set(t, Int32Array.from(this.inner.cut(t), (w) => w.length));
  }

  /** Forget prefetched cuts that were not taken. */
  dropPrefetched(): void {
    this.ahead.clear();
  }

  subwords(word: string): string[] {
    return this.answer('sub', word, () => this.inner.subwords(word));
  }

  /** From the preloaded table when it has `text`, else from the backend; recorded either way. */
  private answer(part: keyof SegmentTable, text: string, compute: () => string[]): string[] {
    const known = this.known[part];
    const k = Object.prototype.hasOwnProperty.call(known, text) ? known[text] : undefined;
    let fromTable = k ? split(text, k) : null;
    if (fromTable && this.stale.length && this.stale.some((w) => text.includes(w))) {
      // Cut with a dictionary that has changed here: keep the blocks the change cannot reach.
      const again = part === 'cut' ? this.recut(fromTable) : null;
      fromTable = null;
      if (again) {
        this.misses++;
        this.newAnswers++;
        this.recorded[part][text] = again.map((t) => t.length);
        return again;
      }
    }
    if (fromTable) {
      this.hits++;
      this.recorded[part][text] = k!;
      return fromTable;
    }
    this.misses++;
    this.newAnswers++;
    const r = compute();
    this.recorded[part][text] = r.map((t) => t.length);
    return r;
  }

  /**
   * `old` (a cut made before the dictionary changed) cut again: the blocks between separator
   * tokens that contain a stale word are cut anew, the others kept. Null when a stale word itself
   * contains a separator (never happens with rule terms; the caller then cuts the whole text).
   */
  private recut(old: string[]): string[] | null {
    if (this.stale.some(hasSeparator)) return null;
    const out: string[] = [];
    let i = 0;
    while (i < old.length) {
      if (SEPARATORS.has(old[i])) {
        out.push(old[i++]);
        continue;
      }
      let j = i;
      let block = '';
      while (j < old.length && !SEPARATORS.has(old[j])) block += old[j++];
      if (this.stale.some((w) => block.includes(w))) for (const t of this.inner.cut(block)) out.push(t);
      else for (let k = i; k < j; k++) out.push(old[k]);
      i = j;
    }
    return out;
  }

  addWords(words: Iterable<string>): void {
    this.inner.addWords(words);
  }

  dictionaryHash(): string {
    return this.inner.dictionaryHash();
  }
}
