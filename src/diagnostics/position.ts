/** The one place that turns character offsets into 1-based line:column. */
export class LineIndex {
  private readonly starts: number[];
  constructor(text: string) {
    this.starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  /** 1-based line and column (column counted in UTF-16 code units, 1-based) of an offset. */
  loc(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

export function offsetToLoc(text: string, offset: number): { line: number; column: number } {
  return new LineIndex(text).loc(offset);
}
