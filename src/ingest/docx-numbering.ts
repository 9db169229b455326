/**
 * Word's automatic list numbering. A paragraph numbered by Word ("一、", "（一）", "1." made by a
 * list style, not typed) carries only a reference to a numbering definition; mammoth's raw text
 * leaves the number out, and with it the outline the extractor reads. This module reads
 * word/numbering.xml (and the numbering of paragraph styles in word/styles.xml), counts the
 * numbered paragraphs of word/document.xml in order as Word does, and gives each its marker.
 *
 * It is a best effort on top of mammoth: `numberParagraphs` adds markers only when its own reading
 * of the paragraphs matches mammoth's line for line, and otherwise leaves the text as mammoth gave
 * it (a text box, a line break inside a paragraph, anything unexpected).
 */
import type JSZipType from 'jszip';
import { lazyRequire } from '../lazy-require.js';

/** Loaded on the first .docx with numbering. */
const JSZip = lazyRequire<typeof JSZipType>('jszip');

interface Level {
  start: number;
  fmt: string;
  text: string;
}

const CN_DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, up to 99 (larger numbers as digits). */
function chinese(n: number): string {
  if (n <= 0 || n >= 100) return String(n);
  if (n < 10) return CN_DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`;
}

function letters(n: number, upper: boolean): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return upper ? s.toUpperCase() : s;
}

/** A counter in a level's number format (w:numFmt). */
export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'ideographTraditional':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chinese(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case 'lowerLetter':
      return letters(n, false);
    case 'upperLetter':
      return letters(n, true);
    case 'bullet':
    case 'none':
      return '';
    default:
      return String(n);
  }
}

const attr = (xml: string, tag: string): string | null => {
  const m = new RegExp(`<w:${tag}\\b[^>]*?\\bw:val="([^"]*)"`).exec(xml);
  return m ? m[1] : null;
};

interface Num {
  abstractId: string;
  /** Levels whose start a "restart numbering" overrides: such a list counts on its own. */
  starts: Map<number, number>;
}

/** abstractNumId → levels, and numId → its abstract numbering and start overrides. */
function readNumbering(xml: string): { abstract: Map<string, Map<number, Level>>; nums: Map<string, Num> } {
  const abstract = new Map<string, Map<number, Level>>();
  for (const a of xml.matchAll(/<w:abstractNum\b[^>]*?w:abstractNumId="([^"]+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels = new Map<number, Level>();
    for (const l of a[2].matchAll(/<w:lvl\b[^>]*?w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      levels.set(Number(l[1]), { start: Number(attr(l[2], 'start') ?? 1), fmt: attr(l[2], 'numFmt') ?? 'decimal', text: attr(l[2], 'lvlText') ?? '' });
    }
    abstract.set(a[1], levels);
  }
  const nums = new Map<string, Num>();
  for (const n of xml.matchAll(/<w:num\b[^>]*?w:numId="([^"]+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const a = attr(n[2], 'abstractNumId');
    if (a === null) continue;
    const starts = new Map<number, number>();
    for (const o of n[2].matchAll(/<w:lvlOverride\b[^>]*?w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const s = attr(o[2], 'startOverride');
      if (s !== null) starts.set(Number(o[1]), Number(s));
    }
    nums.set(n[1], { abstractId: a, starts });
  }
  return { abstract, nums };
}

/** Paragraph styles that number their paragraphs: styleId → numId and level. */
function readStyles(xml: string): Map<string, { numId: string; ilvl: number }> {
  const out = new Map<string, { numId: string; ilvl: number }>();
  for (const s of xml.matchAll(/<w:style\b[^>]*?w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(s[2]);
    const numId = numPr && attr(numPr[1], 'numId');
    if (numId) out.set(s[1], { numId, ilvl: Number(attr(numPr[1], 'ilvl') ?? 0) });
  }
  return out;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e],
  );

export interface NumberedParagraph {
  text: string;
  marker: string;
  /** The paragraph holds something this reader does not follow (a line break, a text box). */
  complex: boolean;
}

/** The paragraphs of word/document.xml in order, each with its automatic marker ('' for none); null without numbering. */
export async function readNumberedParagraphs(buffer: Buffer): Promise<NumberedParagraph[] | null> {
  const zip = await JSZip().loadAsync(buffer);
  const numberingXml = await zip.file('word/numbering.xml')?.async('string');
  const documentXml = await zip.file('word/document.xml')?.async('string');
  if (!numberingXml || !documentXml) return null;
  const { abstract, nums } = readNumbering(numberingXml);
  const styles = readStyles((await zip.file('word/styles.xml')?.async('string')) ?? '');
  const counters = new Map<string, number[]>();
  const out: NumberedParagraph[] = [];
  for (const p of documentXml.matchAll(/<w:p\b(?!P)[^>]*?(?:\/>|>([\s\S]*?)<\/w:p>)/g)) {
    const body = p[1] ?? '';
    const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(body)?.[1] ?? '';
    let numId: string | null = null;
    let ilvl = 0;
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(pPr);
    if (numPr) {
      numId = attr(numPr[1], 'numId');
      ilvl = Number(attr(numPr[1], 'ilvl') ?? 0);
    } else {
      const style = attr(pPr, 'pStyle');
      const s = style ? styles.get(style) : undefined;
      if (s) ({ numId, ilvl } = s);
    }
    let marker = '';
    const num = numId && numId !== '0' ? nums.get(numId) : undefined;
    const levels = num ? abstract.get(num.abstractId) : undefined;
    const level = levels?.get(ilvl);
    if (num && levels && level) {
      // Lists of one abstract numbering count on together, unless a list restarts its numbers.
      const key = num.starts.size ? `num ${numId}` : `abstract ${num.abstractId}`;
      const startOf = (li: number) => num.starts.get(li) ?? levels.get(li)?.start ?? 1;
      const c = counters.get(key) ?? [];
      c[ilvl] = (c[ilvl] ?? startOf(ilvl) - 1) + 1;
      c.length = ilvl + 1; // deeper levels start again
      counters.set(key, c);
      marker = level.text.replace(/%([1-9])/g, (_, k: string) => {
        const li = Number(k) - 1;
        const lv = levels.get(li);
        return lv ? formatNumber(c[li] ?? startOf(li), lv.fmt) : '';
      });
    }
    let text = '';
    for (const r of body.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)) text += r[1] !== undefined ? decode(r[1]) : '\t';
    out.push({ text, marker, complex: /<w:(?:br|cr|txbxContent)\b/.test(body) });
  }
  return out;
}

const squash = (s: string) => s.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '');

/**
 * mammoth's lines (one paragraph a line, empty ones dropped) with Word's automatic markers put in
 * front of the numbered ones; the lines unchanged when the two readings do not match line for line.
 */
export function withMarkers(lines: string[], paragraphs: NumberedParagraph[]): string[] {
  const mine = paragraphs.filter((p) => squash(p.text));
  if (mine.length !== lines.length || !mine.some((p) => p.marker)) return lines;
  for (let i = 0; i < lines.length; i++) if (mine[i].complex || squash(mine[i].text) !== squash(lines[i])) return lines;
  return lines.map((l, i) => (mine[i].marker ? mine[i].marker + l : l));
}
