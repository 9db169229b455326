/**
 * Plain-text layout for the workbench's terminal output: display width (a CJK character or a
 * full-width form takes two columns), padding, and simple aligned tables.
 */

/** Columns a character takes in a terminal: 2 for East Asian wide and full-width forms, 0 for combining marks. */
export function charWidth(cp: number): number {
  if (cp === 0 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

export function padEnd(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

export function padStart(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : ' '.repeat(width - w) + s;
}

/** The last characters of `s` that fit in `width` columns. */
export function takeEnd(s: string, width: number): string {
  const chars = [...s];
  let w = 0;
  let i = chars.length;
  while (i > 0) {
    const cw = charWidth(chars[i - 1].codePointAt(0)!);
    if (w + cw > width) break;
    w += cw;
    i--;
  }
  return chars.slice(i).join('');
}

/** The first characters of `s` that fit in `width` columns. */
export function takeStart(s: string, width: number): string {
  let w = 0;
  let out = '';
  for (const ch of s) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width) break;
    w += cw;
    out += ch;
  }
  return out;
}

/** `s` cut to `width` columns with an ellipsis when it is longer. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  return takeStart(s, Math.max(0, width - 1)) + '…';
}

/** Line breaks and tabs as single spaces (for one-line contexts). */
export function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

export type Align = 'left' | 'right';

/** Rows of cells → aligned lines (two spaces between columns, trailing spaces trimmed). */
export function table(rows: string[][], align: Align[] = []): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 && align[i] !== 'right' ? c : align[i] === 'right' ? padStart(c, widths[i]) : padEnd(c, widths[i])))
      .join('  ')
      .replace(/\s+$/, ''),
  );
}

export const fmt3 = (x: number | null): string => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(3));
export const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
