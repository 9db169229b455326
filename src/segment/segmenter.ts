/**
 * The segmenter interface. Backends (nodejieba, @node-rs/jieba) implement it; everything else
 * goes through `tokenize` and `wordBoundaries`, so the backend can change without touching the
 * rule engine.
 */
export interface Token {
  text: string;
  start: number;
  end: number;
}

export interface Segmenter {
  readonly name: string;
  /** Words covering `text` exactly: their concatenation equals `text`. HMM on. */
  cut(text: string): string[];
  /**
   * A compound word split into its sub-words (no word longer than 2 characters unless unsplittable).
   * Backends may answer from a cache and return the same array again: callers must not modify it.
   */
  subwords(word: string): string[];
  /** Add words to the dictionary for the rest of the process. */
  addWords(words: Iterable<string>): void;
  /** A hash of everything that changes segmentation: dictionaries and added words. */
  dictionaryHash(): string;
}

/** Tokens with offsets. Tolerates a backend that drops characters (offsets stay truthful). */
export function tokenize(seg: Segmenter, text: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  for (const w of seg.cut(text)) {
    if (!w) continue;
    const at = text.startsWith(w, pos) ? pos : text.indexOf(w, pos);
    if (at < 0) continue;
    out.push({ text: w, start: at, end: at + w.length });
    pos = at + w.length;
  }
  return out;
}

/**
 * Word boundaries of `text`: `b[i] === 1` when a word may begin or end at offset i (0..length).
 * A rule term matches only from boundary to boundary, so "作风" is not found inside "工作风采"
 * (工作|风采) nor "公款" inside "办公款项" (办公|款项). Compound words of three or more characters
 * also expose the boundaries of their sub-words, so "作风" is still found in "工作作风"
 * (工作作风 → 工作|作风) and "廉政" in "党风廉政建设".
 */
export function wordBoundaries(seg: Segmenter, text: string, tokens: Token[] = tokenize(seg, text)): Uint8Array {
  const b = new Uint8Array(text.length + 1);
  b[0] = 1;
  b[text.length] = 1;
  markBoundaries(seg, b, tokens);
  return b;
}

/** Sets `b` (as in `wordBoundaries`) at the ends of every token and of its sub-words. */
export function markBoundaries(seg: Segmenter, b: Uint8Array, tokens: readonly Token[]): void {
  for (const t of tokens) {
    b[t.start] = 1;
    b[t.end] = 1;
    if (t.end - t.start >= 3) {
      const subs = seg.subwords(t.text);
      let p = t.start;
      for (let i = 0; i < subs.length; i++) {
        p += subs[i].length;
        if (p <= t.end) b[p] = 1;
      }
    }
  }
}
