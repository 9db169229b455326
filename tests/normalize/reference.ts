/**
 * The normalize() of commit 74cb048, kept verbatim as the reference the optimized implementation
 * in src/normalize must agree with unit for unit (text, starts, ends). Test-only.
 */
import * as OpenCC from 'opencc-js/t2cn';

export interface NormalizedText {
  original: string;
  text: string;
  /** For each normalized unit i: original start. */
  starts: Int32Array;
  /** For each normalized unit i: original end. */
  ends: Int32Array;
}

let t2s: ((s: string) => string) | null = null;
function toSimplified(s: string): string {
  const convert = (t2s ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  return convert(s);
}

const isCjkChar = (c: number) => (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
const isCjkPunct = (c: number) =>
  (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
  c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019 || c === 0x2026 || c === 0x2014;
const isCjk = (c: number) => isCjkChar(c) || isCjkPunct(c) || (c >= 0xff00 && c <= 0xffef);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlnum = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0c || c === 0x0b;
const NL = 0x0a;

/** Half-width punctuation that becomes full-width next to CJK. */
const TO_FULL = new Map<number, number>([
  [0x2c, 0xff0c], [0x3b, 0xff1b], [0x3a, 0xff1a], [0x3f, 0xff1f], [0x21, 0xff01], [0x28, 0xff08], [0x29, 0xff09],
]);
const FULL_KEEP = new Set([0xff0c, 0xff1b, 0xff1a, 0xff1f, 0xff01, 0xff08, 0xff09]);

class Units {
  c: Uint16Array;
  s: Int32Array;
  e: Int32Array;
  n = 0;
  constructor(cap: number) {
    this.c = new Uint16Array(Math.max(1, cap));
    this.s = new Int32Array(Math.max(1, cap));
    this.e = new Int32Array(Math.max(1, cap));
  }
  push(c: number, s: number, e: number) {
    if (this.n === this.c.length) this.grow();
    this.c[this.n] = c;
    this.s[this.n] = s;
    this.e[this.n] = e;
    this.n++;
  }
  private grow() {
    const cap = this.c.length * 2;
    const c = new Uint16Array(cap); c.set(this.c); this.c = c;
    const s = new Int32Array(cap); s.set(this.s); this.s = s;
    const e = new Int32Array(cap); e.set(this.e); this.e = e;
  }
}

export function normalizeReference(original: string): NormalizedText {
  const len = original.length;
  // 1–2. simplified characters, widths, line ends.
  const a = new Units(len);
  const simp = toSimplified(original);
  const pushMapped = (code: number, next: number, s: number, e: number) => {
    if (code === 0x0d) {
      if (next !== NL) a.push(NL, s, e); // CRLF → the LF stays; a lone CR becomes LF
    } else if (code >= 0xff01 && code <= 0xff5e && !FULL_KEEP.has(code)) a.push(code - 0xfee0, s, e);
    else if (code === 0x3000 || code === 0xa0 || code === 0x2002 || code === 0x2003) a.push(0x20, s, e);
    else if (code === 0x200b || code === 0xfeff) return;
    else a.push(code, s, e);
  };
  if (simp.length === len) {
    for (let i = 0; i < len; i++) pushMapped(simp.charCodeAt(i), i + 1 < len ? simp.charCodeAt(i + 1) : -1, i, i + 1);
  } else {
    // The converter changed the length somewhere: convert code point by code point instead.
    for (let i = 0; i < len; ) {
      const n = original.codePointAt(i)! > 0xffff ? 2 : 1;
      const conv = toSimplified(original.slice(i, i + n));
      const nextCode = i + n < len ? original.charCodeAt(i + n) : -1;
      for (let k = 0; k < conv.length; k++) pushMapped(conv.charCodeAt(k), k + 1 < conv.length ? conv.charCodeAt(k + 1) : nextCode, i, i + n);
      i += n;
    }
  }
  // 3. half-width punctuation next to CJK → full-width (in place).
  const prevNonSpace = (k: number) => { for (let j = k - 1; j >= 0; j--) if (!isSpace(a.c[j])) return a.c[j]; return -1; };
  const nextNonSpace = (k: number) => { for (let j = k + 1; j < a.n; j++) if (!isSpace(a.c[j])) return a.c[j]; return -1; };
  for (let k = 0; k < a.n; k++) {
    const full = TO_FULL.get(a.c[k]);
    if (full === undefined) continue;
    const prev = prevNonSpace(k);
    const next = nextNonSpace(k);
    const near = (prev >= 0 && isCjk(prev)) || (next >= 0 && isCjk(next));
    if (!near) continue;
    if (a.c[k] === 0x28 && isAlnum(next)) continue; // "(1)" numbering stays half-width
    if (a.c[k] === 0x29 && isAlnum(prev)) continue;
    if (a.c[k] === 0x2c && isDigit(prev) && isDigit(next)) continue; // 1,200
    if (a.c[k] === 0x3a && isDigit(prev) && isDigit(next)) continue; // 10:30
    a.c[k] = full;
  }
  // 4. whitespace. A line with three or more cells between separators (a whitespace run with a tab
  // in it, or of two or more spaces) is a table row, whose separators become line breaks.
  const row = new Uint8Array(a.n);
  for (let ls = 0; ls < a.n; ) {
    let le = ls;
    while (le < a.n && a.c[le] !== NL) le++;
    let line = '';
    for (let i = ls; i < le; i++) line += String.fromCharCode(a.c[i]);
    const trimmed = line.replace(/^[ \t\f\v]+|[ \t\f\v]+$/g, '');
    // Cells between tabs; or between runs of two or more spaces when the row starts like a table's.
    const tabCells = trimmed.split(/[ \t\f\v]*\t[ \t\f\v]*/).length;
    const cells = trimmed.split(/[ \t\f\v]*\t[ \t\f\v]*|[ \t\f\v]{2,}/);
    if (tabCells >= 3 || (cells.length >= 3 && /^(?:序号|\d{1,3})$/.test(cells[0]))) row.fill(1, ls, le);
    ls = le + 1;
  }
  const o = new Units(a.n);
  for (let k = 0; k < a.n; k++) {
    const c = a.c[k];
    const prev = o.n ? o.c[o.n - 1] : NL;
    if (isSpace(c)) {
      if (prev === NL || isSpace(prev)) continue;
      const runStart = k;
      let j = k + 1;
      while (j < a.n && isSpace(a.c[j])) j++;
      const next = j < a.n ? a.c[j] : NL;
      k = j - 1; // the whole run is handled here
      if (next === NL) continue;
      let tab = false;
      for (let i = runStart; i < j; i++) if (a.c[i] === 0x09) tab = true;
      if ((tab || j - runStart >= 2) && row[runStart]) {
        o.push(NL, a.s[runStart], a.e[runStart]);
        continue;
      }
      if (isCjkPunct(prev) || isCjkPunct(next) || (isCjkChar(prev) && isCjkChar(next))) continue;
      o.push(0x20, a.s[runStart], a.e[runStart]);
    } else if (c === NL) {
      if (prev === NL) continue;
      o.push(c, a.s[k], a.e[k]);
    } else o.push(c, a.s[k], a.e[k]);
  }
  while (o.n && o.c[o.n - 1] === NL) o.n--;
  let text = '';
  const CHUNK = 8192;
  for (let i = 0; i < o.n; i += CHUNK) text += String.fromCharCode(...o.c.subarray(i, Math.min(o.n, i + CHUNK)));
  return { original, text, starts: o.s.slice(0, o.n), ends: o.e.slice(0, o.n) };
}

