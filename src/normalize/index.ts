/**
 * Normalization for parsing and matching, with an offset map back to the original text.
 *
 * What it does, in order:
 *  1. traditional → simplified characters (OpenCC t → cn);
 *  2. full-width ASCII letters, digits and symbols → half-width (１．→ 1.), U+3000 and NBSP → space;
 *  3. half-width , ; : ? ! ( ) next to a CJK character → the Chinese full-width forms ，；：？！（）
 *     (so "不完善,优秀人才缺乏" reads "不完善，优秀人才缺乏");
 *  4. whitespace: CRLF/CR → LF; spaces and tabs at line starts/ends dropped; runs of spaces collapsed;
 *     spaces between two CJK characters or next to CJK punctuation dropped; blank lines collapsed.
 *
 * Every normalized UTF-16 unit remembers the [start, end) of the original unit(s) it came from, so
 * any span over the normalized text maps back to the original (`toOriginal`).
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
  t2s ??= OpenCC.Converter({ from: 't', to: 'cn' });
  return t2s(s);
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’、]/;
const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const CJK_PUNCT = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’、…—]/;
const TO_FULL: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）' };

interface Unit { ch: string; s: number; e: number }

export function normalize(original: string): NormalizedText {
  // 1. traditional → simplified, per unit when the converter keeps the length (almost always).
  let units: Unit[] = [];
  const simp = toSimplified(original);
  if (simp.length === original.length) {
    for (let i = 0; i < original.length; i++) units.push({ ch: simp[i], s: i, e: i + 1 });
  } else {
    for (let i = 0; i < original.length; ) {
      const cp = original.codePointAt(i)!;
      const n = cp > 0xffff ? 2 : 1;
      const conv = toSimplified(original.slice(i, i + n));
      for (const u of conv.split('')) units.push({ ch: u, s: i, e: i + n });
      i += n;
    }
  }
  // 2. widths, and line endings.
  const step2: Unit[] = [];
  for (let k = 0; k < units.length; k++) {
    const u = units[k];
    const c = u.ch.charCodeAt(0);
    if (u.ch === '\r') {
      if (units[k + 1]?.ch === '\n') continue; // CRLF → LF (the LF stays)
      step2.push({ ...u, ch: '\n' });
    } else if (c >= 0xff01 && c <= 0xff5e && !TO_FULL[String.fromCharCode(c - 0xfee0)] && !'，；：？！（）'.includes(u.ch)) {
      step2.push({ ...u, ch: String.fromCharCode(c - 0xfee0) });
    } else if (c === 0x3000 || c === 0xa0 || c === 0x2002 || c === 0x2003 || c === 0x200b || c === 0xfeff) {
      step2.push({ ...u, ch: c === 0x200b || c === 0xfeff ? '' : ' ' });
    } else step2.push(u);
  }
  units = step2.filter((u) => u.ch !== '');
  // 3. half-width punctuation next to CJK → full-width.
  for (let k = 0; k < units.length; k++) {
    const full = TO_FULL[units[k].ch];
    if (!full) continue;
    const prev = prevNonSpace(units, k);
    const next = nextNonSpace(units, k);
    const isParen = units[k].ch === '(' || units[k].ch === ')';
    const near = (prev && CJK.test(prev)) || (next && CJK.test(next));
    // "1,200" stays; "(1)" stays half-width inside numbering; parens flip only between CJK text.
    if (isParen ? near && !/^[0-9a-zA-Z]$/.test(units[k].ch === '(' ? next ?? '' : prev ?? '') : near && !(/[0-9]/.test(prev ?? '') && /[0-9]/.test(next ?? ''))) {
      units[k] = { ...units[k], ch: full };
    }
  }
  // 4. whitespace.
  const out: Unit[] = [];
  const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\f' || ch === '\v';
  for (let k = 0; k < units.length; k++) {
    const u = units[k];
    if (isSpace(u.ch)) {
      const prev = out.length ? out[out.length - 1].ch : '\n';
      if (prev === '\n' || isSpace(prev)) continue; // line start or run of spaces
      let j = k + 1;
      while (j < units.length && isSpace(units[j].ch)) j++;
      const next = j < units.length ? units[j].ch : '\n';
      if (next === '\n') { k = j - 1; continue; } // trailing spaces
      if ((CJK_CHAR.test(prev) || CJK_PUNCT.test(prev)) && (CJK_CHAR.test(next) || CJK_PUNCT.test(next))) continue;
      if (CJK_PUNCT.test(prev) || CJK_PUNCT.test(next)) continue;
      out.push({ ...u, ch: ' ' });
    } else if (u.ch === '\n') {
      const prev = out.length ? out[out.length - 1].ch : '\n';
      if (prev === '\n') continue; // blank lines and leading newlines
      out.push(u);
    } else out.push(u);
  }
  while (out.length && out[out.length - 1].ch === '\n') out.pop();
  const starts = new Int32Array(out.length);
  const ends = new Int32Array(out.length);
  let text = '';
  for (let i = 0; i < out.length; i++) {
    starts[i] = out[i].s;
    ends[i] = out[i].e;
    text += out[i].ch;
  }
  return { original, text, starts, ends };
}

function prevNonSpace(units: Unit[], k: number): string | undefined {
  for (let j = k - 1; j >= 0; j--) if (units[j].ch !== ' ' && units[j].ch !== '\t') return units[j].ch;
  return undefined;
}
function nextNonSpace(units: Unit[], k: number): string | undefined {
  for (let j = k + 1; j < units.length; j++) if (units[j].ch !== ' ' && units[j].ch !== '\t') return units[j].ch;
  return undefined;
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
