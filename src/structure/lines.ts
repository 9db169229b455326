/** Line and range helpers over the normalized text. All offsets are normalized-text offsets. */

export interface Line {
  /** First character of the line. */
  start: number;
  /** Position of the terminating "\n" (or text length). */
  end: number;
}

/** Split into lines without building substrings (linear, safe for very large texts). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push({ start, end });
    start = end + 1;
  }
  return lines;
}

const WS = new Set([' ', '\t', '\n', '\r', '\u3000', '\f', '\v']);

/** Shrink [s, e) past surrounding whitespace. */
export function trimRange(text: string, s: number, e: number): [number, number] {
  while (s < e && WS.has(text[s])) s++;
  while (e > s && WS.has(text[e - 1])) e--;
  return [s, e];
}

/** Shrink [s, e) past surrounding whitespace and the given trailing characters. */
export function trimTrailing(text: string, s: number, e: number, chars: string): [number, number] {
  [s, e] = trimRange(text, s, e);
  while (e > s && (chars.includes(text[e - 1]) || WS.has(text[e - 1]))) e--;
  return [s, e];
}

/** Index of the first of `chars` in text[s, e), or -1. Linear, no regex. */
export function indexOfAny(text: string, chars: string, s: number, e: number): number {
  for (let i = s; i < e; i++) if (chars.includes(text[i])) return i;
  return -1;
}

/** Binary search: index of the line containing offset `pos`. */
export function lineIndexAt(lines: Line[], pos: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The end of the line holding `pos` (its \n, or the text's end). */
export function lineEndAt(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl;
}
