/**
 * Normalization for parsing and matching, with an offset map back to the original text.
 *
 * What it does, in order:
 *  1. traditional → simplified characters (OpenCC t → cn; skipped, with the same result, for a text
 *     the converter cannot change — `needsConversion` — which simplified text is);
 *  2. full-width ASCII letters, digits and symbols → half-width (１．→ 1.), U+3000 and NBSP → space,
 *     zero-width spaces and BOMs dropped, CRLF/CR → LF;
 *  3. half-width , ; : ? ! ( ) next to a CJK character → the Chinese full-width forms ，；：？！（）
 *     (so "不完善,优秀人才缺乏" reads "不完善，优秀人才缺乏"; "1,200" and "(1)" stay as they are);
 *  4. whitespace: spaces and tabs at line starts/ends dropped; runs of spaces collapsed to one;
 *     spaces between CJK characters or next to CJK punctuation dropped; blank lines collapsed. A
 *     line with three or more tab-separated cells (a table row copied from Word, Excel or WPS:
 *     "1⇥问题⇥整改措施⇥已完成") becomes one cell a line, as an HTML or .docx table does.
 *
 * Every normalized UTF-16 unit remembers the [start, end) of the original unit(s) it came from, so
 * any span over the normalized text maps back to the original (`toOriginal`). Linear time, typed
 * arrays only: a 200 MB text costs a few bytes per character, not an object per character.
 */
import { endianness } from 'node:os';
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

/**
 * Which texts the converter can change, read from the converter's own dictionaries (the `t2s`
 * preset: the CJK-compatibility normalization chain, then TSPhrases + TSCharacters). The converter
 * replaces, left to right, the longest dictionary key starting at each position; a text in which
 * no key whose replacement differs from the key occurs comes out unchanged. So, per UTF-16 unit:
 *  - CONVERTS: the unit of a one-character key that changes (the high surrogate for an astral one,
 *    which over-approximates), and every unit when the dictionaries cannot be read;
 *  - PHRASE: a unit of a changing multi-character key none of whose characters changes on its own
 *    (反覆→反复, 沈默→沉默, 瞭解→了解: ~110 keys, one unit chosen per key); the text converts only
 *    if one of those keys occurs in it, which `needsConversion` checks where the unit occurs.
 * Every other changing key contains a CONVERTS character, so it cannot occur in a text without one.
 */
const CONVERTS = 1;
const PHRASE = 2;
let convFlags: Uint8Array | null = null;
/** PHRASE unit → the keys it was chosen for, with its offset in each. */
let phraseKeys: Map<number, { key: string; at: number }[]> | null = null;

type DictLike = string | readonly (readonly string[])[];

/**
 * Calls `each(key, replacement)` for every entry of the dictionaries the `t: cn` converter uses;
 * false when they cannot be read (an unexpected opencc-js layout).
 */
function forEachEntry(each: (k: string, v: string) => void): boolean {
  const cfg = (OpenCC as unknown as { Locale?: { configs?: Record<string, unknown> } }).Locale?.configs?.t2s as
    | { normalizationChain?: unknown; conversionChain?: unknown }
    | undefined;
  if (!cfg || !Array.isArray(cfg.conversionChain)) return false;
  const groups = [...(Array.isArray(cfg.normalizationChain) ? cfg.normalizationChain : []), ...cfg.conversionChain];
  const dicts: DictLike[] = [];
  for (const g of groups) {
    if (!Array.isArray(g)) return false;
    for (const d of g) {
      if (typeof d === 'string') {
        if (d !== '' && !d.includes(' ')) return false;
      } else if (!Array.isArray(d) || !d.every((x) => Array.isArray(x) && typeof x[0] === 'string' && typeof x[1] === 'string')) return false;
      dicts.push(d as DictLike);
    }
  }
  for (const d of dicts) {
    if (typeof d !== 'string') {
      for (const x of d) each(x[0], x[1]);
      continue;
    }
    // "key value|key value|…" (opencc-js reads the first two space-separated fields of an entry)
    for (let p = 0; p < d.length; ) {
      let bar = d.indexOf('|', p);
      if (bar < 0) bar = d.length;
      const sp = d.indexOf(' ', p);
      if (sp < 0 || sp > bar) return false;
      let vEnd = d.indexOf(' ', sp + 1);
      if (vEnd < 0 || vEnd > bar) vEnd = bar;
      each(d.slice(p, sp), d.slice(sp + 1, vEnd));
      p = bar + 1;
    }
  }
  return true;
}

function buildConversionIndex(): void {
  const flags = new Uint8Array(0x10000);
  const phrases = new Map<number, { key: string; at: number }[]>();
  const multi: [string, string][] = [];
  // One-character keys first: the units that convert on their own.
  const ok = forEachEntry((k, v) => {
    if (k === v || k === '') return;
    const u = k.charCodeAt(0);
    if (k.length === 1 || (k.length === 2 && u >= 0xd800 && u <= 0xdbff)) flags[u] = CONVERTS;
    else multi.push([k, v]);
  });
  if (!ok) flags.fill(CONVERTS);
  else {
    for (const [k, v] of multi) {
      let covered = false;
      for (let i = 0; i < k.length && !covered; i++) covered = flags[k.charCodeAt(i)] === CONVERTS;
      if (covered) continue;
      // Any unit of the key will do; the first that differs from the replacement is the rarest.
      let i = 0;
      while (i < k.length - 1 && i < v.length && k.charCodeAt(i) === v.charCodeAt(i)) i++;
      const u = k.charCodeAt(i);
      flags[u] = PHRASE;
      let list = phrases.get(u);
      if (!list) phrases.set(u, (list = []));
      list.push({ key: k, at: i });
    }
  }
  convFlags = flags;
  phraseKeys = phrases;
}

/** False only when the t → cn converter would return `s` unchanged (see above). Linear. */
export function needsConversion(s: string): boolean {
  if (!convFlags) buildConversionIndex();
  const flags = convFlags!;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    const f = flags[u];
    if (f === 0) continue;
    if (f === CONVERTS) return true;
    for (const { key, at } of phraseKeys!.get(u)!) if (i >= at && s.startsWith(key, i - at)) return true;
  }
  return false;
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

/** Half-width punctuation that becomes full-width next to CJK: TO_FULL[c] (0 = none), c < 0x40. */
const TO_FULL = new Uint16Array(0x40);
for (const [h, f] of [[0x2c, 0xff0c], [0x3b, 0xff1b], [0x3a, 0xff1a], [0x3f, 0xff1f], [0x21, 0xff01], [0x28, 0xff08], [0x29, 0xff09]]) TO_FULL[h] = f;
/** Full-width forms that stay full-width (the targets of TO_FULL). */
const fullKeep = (c: number) => c === 0xff0c || c === 0xff1b || c === 0xff1a || c === 0xff1f || c === 0xff01 || c === 0xff08 || c === 0xff09;

/** Stage 1–2 for one converted unit: the unit it becomes, or -1 when it is dropped. */
function mapUnit(code: number, next: number): number {
  if (code === 0x0d) return next === NL ? -1 : NL; // CRLF → the LF stays; a lone CR becomes LF
  if (code >= 0xff01 && code <= 0xff5e) return fullKeep(code) ? code : code - 0xfee0;
  if (code === 0x3000 || code === 0xa0 || code === 0x2002 || code === 0x2003) return 0x20;
  if (code === 0x200b || code === 0xfeff) return -1;
  return code;
}

/** Whether the line written so far (c[..o), since its last line break) is 序号 or a number of 1–3 digits. */
function rowStartsLikeTable(c: Uint16Array, o: number): boolean {
  let b = o;
  while (b > 0 && c[b - 1] !== NL) b--;
  const len = o - b;
  if (len === 2 && c[b] === 0x5e8f && c[b + 1] === 0x53f7) return true; // 序号
  if (len < 1 || len > 3) return false;
  for (let i = b; i < o; i++) if (!isDigit(c[i])) return false;
  return true;
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** The string of units c[0..n). */
function unitsToString(c: Uint16Array, n: number): string {
  // Buffer's UTF-16LE decoding copies units as they are (lone surrogates included).
  if (LITTLE_ENDIAN) return Buffer.from(c.buffer, c.byteOffset, n * 2).toString('utf16le');
  let text = '';
  const CHUNK = 8192;
  for (let i = 0; i < n; i += CHUNK) text += String.fromCharCode(...c.subarray(i, Math.min(n, i + CHUNK)));
  return text;
}

export function normalize(original: string): NormalizedText {
  const len = original.length;
  // 1–2. simplified characters, widths, line ends. The converter runs only when it can change
  // something (needsConversion), which for simplified text it cannot.
  const simp = needsConversion(original) ? toSimplified(original) : original;
  let cap = Math.max(1, len);
  let c = new Uint16Array(cap);
  let s = new Int32Array(cap);
  let e = new Int32Array(cap);
  let n = 0;
  if (simp.length === len) {
    for (let i = 0; i < len; i++) {
      const m = mapUnit(simp.charCodeAt(i), i + 1 < len ? simp.charCodeAt(i + 1) : -1);
      if (m < 0) continue;
      c[n] = m;
      s[n] = i;
      e[n] = i + 1;
      n++;
    }
  } else {
    // The converter changed the length somewhere: convert code point by code point instead. A code
    // point that no one-character key changes converts to itself (only such keys can match it).
    const flags = convFlags!;
    for (let i = 0; i < len; ) {
      const w = original.codePointAt(i)! > 0xffff ? 2 : 1;
      const piece = original.slice(i, i + w);
      const conv = flags[original.charCodeAt(i)] === CONVERTS ? toSimplified(piece) : piece;
      const nextCode = i + w < len ? original.charCodeAt(i + w) : -1;
      for (let k = 0; k < conv.length; k++) {
        const m = mapUnit(conv.charCodeAt(k), k + 1 < conv.length ? conv.charCodeAt(k + 1) : nextCode);
        if (m < 0) continue;
        if (n === cap) {
          cap *= 2;
          const c2 = new Uint16Array(cap); c2.set(c); c = c2;
          const s2 = new Int32Array(cap); s2.set(s); s = s2;
          const e2 = new Int32Array(cap); e2.set(e); e = e2;
        }
        c[n] = m;
        s[n] = i;
        e[n] = i + w;
        n++;
      }
      i += w;
    }
  }
  // 3. half-width punctuation next to CJK → full-width (in place, left to right: a unit already
  // made full-width counts as CJK for the next one).
  for (let k = 0; k < n; k++) {
    const h = c[k];
    if (h >= 0x40) continue;
    const full = TO_FULL[h];
    if (full === 0) continue;
    let prev = -1;
    for (let j = k - 1; j >= 0; j--) if (!isSpace(c[j])) { prev = c[j]; break; }
    let next = -1;
    for (let j = k + 1; j < n; j++) if (!isSpace(c[j])) { next = c[j]; break; }
    const near = (prev >= 0 && isCjk(prev)) || (next >= 0 && isCjk(next));
    if (!near) continue;
    if (h === 0x28 && isAlnum(next)) continue; // "(1)" numbering stays half-width
    if (h === 0x29 && isAlnum(prev)) continue;
    if (h === 0x2c && isDigit(prev) && isDigit(next)) continue; // 1,200
    if (h === 0x3a && isDigit(prev) && isDigit(next)) continue; // 10:30
    c[k] = full;
  }
  // 4. whitespace, compacting in place (the write position never passes the read position).
  let o = 0;
  // Whether the line being read is a table row (three or more cells between tabs), decided at its
  // first tab, up to rowEnd.
  let rowEnd = -1;
  let isRow = false;
  for (let k = 0; k < n; k++) {
    const ch = c[k];
    const prev = o ? c[o - 1] : NL;
    if (isSpace(ch)) {
      if (prev === NL || isSpace(prev)) continue;
      const runStart = k;
      let j = k + 1;
      let tab = ch === 0x09;
      for (; j < n && isSpace(c[j]); j++) if (c[j] === 0x09) tab = true;
      const next = j < n ? c[j] : NL;
      k = j - 1; // the whole run is handled here
      if (next === NL) continue;
      // A cell separator: a run with a tab in it, or of two or more spaces (a table copied as text).
      const sep = tab || j - runStart >= 2;
      if (sep && runStart > rowEnd) {
        // Count the cells: a separator followed by something on the line.
        let cells = 1;
        let tabCells = 1;
        let q = runStart;
        while (q < n && c[q] !== NL) {
          if (!isSpace(c[q])) {
            q++;
            continue;
          }
          let t = false;
          const r0 = q;
          for (; q < n && isSpace(c[q]); q++) if (c[q] === 0x09) t = true;
          if (q < n && c[q] !== NL) {
            if (t) tabCells++;
            if (t || q - r0 >= 2) cells++;
          }
        }
        rowEnd = q;
        // Spaces alone separate cells only in a row that starts like a table's: 序号 or a number.
        isRow = tabCells >= 3 || (cells >= 3 && rowStartsLikeTable(c, o));
      }
      if (sep && isRow) {
        c[o] = NL;
        s[o] = s[runStart];
        e[o] = e[runStart];
        o++;
        continue;
      }
      if (isCjkPunct(prev) || isCjkPunct(next) || (isCjkChar(prev) && isCjkChar(next))) continue;
      c[o] = 0x20;
      s[o] = s[runStart];
      e[o] = e[runStart];
      o++;
    } else if (ch === NL && prev === NL) {
      continue;
    } else {
      c[o] = ch;
      s[o] = s[k];
      e[o] = e[k];
      o++;
    }
  }
  while (o && c[o - 1] === NL) o--;
  return { original, text: unitsToString(c, o), starts: s.slice(0, o), ends: e.slice(0, o) };
}

/** Map a [start, end) span of the normalized text to the original text. */
export function toOriginal(n: NormalizedText, start: number, end: number): [number, number] {
  if (n.text.length === 0) return [0, 0];
  const s = Math.max(0, Math.min(start, n.text.length));
  const e = Math.max(s, Math.min(end, n.text.length));
  if (e === s) {
    const at = s < n.text.length ? n.starts[s] : n.ends[n.text.length - 1];
    return [at, at];
  }
  return [n.starts[s], n.ends[e - 1]];
}

/** The original text behind a normalized span. */
export function originalSlice(n: NormalizedText, start: number, end: number): string {
  const [s, e] = toOriginal(n, start, end);
  return n.original.slice(s, e);
}

/** The first sentence of a normalized text (up to 。！？ or a line end): the title of a finding given as text (a CSV row). */
export function firstSentence(s: string): string {
  const m = /^[^。！？!?\n]+/.exec(s);
  return (m ? m[0] : s).trim();
}
