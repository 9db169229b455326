/**
 * PDF with a text layer, via pdfjs-dist (legacy build, for Node). No rendering, no fonts loaded, no
 * eval, no network; the only files read are pdfjs-dist's own bundled CMaps (for CJK fonts that use
 * predefined encodings such as UniGB-UCS2-H).
 *
 * Text items are grouped into lines by their baseline (y), ordered by x. Lines are then joined into
 * paragraphs — Chinese documents wrap lines at the right margin and indent a paragraph's first line —
 * so a line that reaches the right edge is continued by the next line unless that one is indented,
 * starts with a section number or a label (一、 （一） 1. (1) ① 整改情况：; `opensItem` in lines.ts), or
 * has another font size. Page-number lines (“- 3 -”, “第3页 共5页”) at the top or bottom of a page are
 * dropped. Pages are separated by a newline (a paragraph that continues onto the next page is joined). CJK radical code points that text layers
 * often carry (⾃, ⻅) are mapped to the ideographs (自, 见). Multi-column layouts are not untangled.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { diag, type Diagnostic, type Result } from '../diagnostics/message.js';
import { CJK, dropCjkSpaces, opensItem, PAGE_NUMBER } from './lines.js';
import { unifyRadicals } from './radicals.js';
import type { IngestedText } from './types.js';

/** A line of text on a page, in PDF user-space units (y grows upwards). */
export interface PdfLine {
  page: number;
  text: string;
  left: number;
  right: number;
  y: number;
  /** Font size (item height). */
  size: number;
}

interface PdfItem {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Group a page's text items into lines (by baseline), each ordered left to right. */
export function itemsToLines(items: PdfItem[], page: number): PdfLine[] {
  const sorted = items.filter((i) => i.str.length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfItem[][] = [];
  for (const it of sorted) {
    const g = groups[groups.length - 1];
    if (g) {
      const ref = g[0];
      const tol = Math.max(1, 0.5 * Math.min(ref.h || it.h, it.h || ref.h));
      if (Math.abs(ref.y - it.y) <= tol) {
        g.push(it);
        continue;
      }
    }
    groups.push([it]);
  }
  const lines: PdfLine[] = [];
  for (const g of groups) {
    g.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    const sizes: number[] = [];
    for (const it of g) {
      const size = it.h || 10;
      if (text && it.x - end > 0.25 * size && !/\s$/.test(text) && !/^\s/.test(it.str)) text += ' ';
      text += it.str;
      end = Math.max(end, it.x + it.w);
      if (it.str.trim()) sizes.push(it.h);
    }
    text = dropCjkSpaces(text.replace(/[\s\u00a0]+/g, ' ')).trim();
    if (!text) continue;
    sizes.sort((a, b) => a - b);
    const visible = g.filter((i) => i.str.trim());
    lines.push({
      page,
      text,
      left: Math.min(...visible.map((i) => i.x)),
      right: Math.max(...visible.map((i) => i.x + i.w)),
      y: g[0].y,
      size: sizes[Math.floor(sizes.length / 2)] || g[0].h || 10,
    });
  }
  return lines;
}

const CJK_CHAR = new RegExp(`[${CJK}]`, 'u');

/** Drop page-number lines at the top or bottom of each page. */
function dropPageNumbers(pages: PdfLine[][]): PdfLine[][] {
  return pages.map((lines) => {
    const out = [...lines];
    if (out.length > 1 && PAGE_NUMBER.test(out[out.length - 1].text)) out.pop();
    if (out.length > 1 && PAGE_NUMBER.test(out[0].text)) out.shift();
    return out;
  });
}

/** Join the lines of all pages into text: one paragraph a line (see the module comment). */
export function linesToText(pagesIn: PdfLine[][]): string {
  const pages = dropPageNumbers(pagesIn);
  // Per page: the left margin (leftmost line start) and the right edge (rightmost line end).
  const bounds = pages.map((lines) => ({
    left: lines.length ? Math.min(...lines.map((l) => l.left)) : 0,
    right: lines.length ? Math.max(...lines.map((l) => l.right)) : 0,
  }));
  const out: string[] = [];
  let prev: PdfLine | null = null;
  let prevPage = 0;
  for (let p = 0; p < pages.length; p++) {
    for (const line of pages[p]) {
      let join = false;
      if (prev) {
        const pb = bounds[prevPage];
        const size = prev.size;
        const full = prev.right >= pb.right - 1.5 * size;
        const indented = line.left > bounds[p].left + 0.5 * line.size;
        const sameSize = Math.abs(prev.size - line.size) <= 0.15 * Math.max(prev.size, line.size);
        const gapOk = prevPage !== p || prev.y - line.y <= 2.2 * Math.max(prev.size, line.size);
        join = full && !indented && sameSize && gapOk && !(out.length && opensItem(out[out.length - 1], line.text));
      }
      if (join && out.length) {
        const last = out[out.length - 1];
        const sep = CJK_CHAR.test(last.slice(-1)) || CJK_CHAR.test(line.text[0]) || /-$/.test(last) ? '' : ' ';
        out[out.length - 1] = last + sep + line.text;
      } else {
        out.push(line.text);
      }
      prev = line;
      prevPage = p;
    }
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

function cMapDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('pdfjs-dist/package.json')), 'cmaps') + '/';
  } catch {
    return undefined;
  }
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

function hasEofMarker(bytes: Uint8Array): boolean {
  const start = Math.max(0, bytes.byteLength - 1024);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString('latin1').includes('%%EOF');
}

export async function ingestPdf(file: string, bytes: Uint8Array): Promise<Result<IngestedText>> {
  if (bytes.length === 0) return { ok: false, diagnostics: [diag(file, 'E_EMPTY', 'the file is empty')] };
  if (!hasPdfHeader(bytes)) return { ok: false, diagnostics: [diag(file, 'E_PDF', 'not a PDF file (no %PDF- header)')] };
  if (!hasEofMarker(bytes)) {
    return { ok: false, diagnostics: [diag(file, 'E_PDF', 'the PDF is truncated (no %%EOF marker at its end)', { note: 'download or copy the file again' })] };
  }
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes), // a copy: pdfjs may transfer (detach) the buffer it is given
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    stopAtErrors: true,
    verbosity: 0,
    cMapUrl: cMapDir(),
    cMapPacked: true,
  });
  const pages: PdfLine[][] = [];
  const blankPages: number[] = [];
  try {
    const doc = await task.promise;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      for (const it of content.items) {
        if (!('str' in it)) continue;
        const [, , , d, x, y] = it.transform as number[];
        items.push({ str: it.str, x, y, w: it.width, h: it.height || Math.abs(d) });
      }
      const lines = itemsToLines(items, n);
      if (lines.length === 0) blankPages.push(n);
      pages.push(lines);
      page.cleanup();
    }
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    const message = e instanceof Error ? e.message : String(e);
    const reason =
      name === 'PasswordException' ? 'the PDF is password-protected' : name === 'InvalidPDFException' ? 'the PDF is invalid or corrupt' : 'cannot read the PDF: it is corrupt or truncated';
    return { ok: false, diagnostics: [diag(file, 'E_PDF', reason, { note: message })] };
  } finally {
    await task.destroy().catch(() => undefined);
  }
  const text = unifyRadicals(linesToText(pages));
  if (!text.trim()) {
    return {
      ok: false,
      diagnostics: [
        diag(file, 'E_PDF_NO_TEXT', `the PDF has no text layer (${pages.length} page${pages.length === 1 ? '' : 's'} of images?)`, {
          note: 'it is probably scanned: run OCR on it first (e.g. ocrmypdf)',
        }),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  if (blankPages.length) {
    diagnostics.push(
      diag(file, 'W_PDF_PAGE_NO_TEXT', `page${blankPages.length > 1 ? 's' : ''} ${blankPages.join(', ')} ha${blankPages.length > 1 ? 've' : 's'} no text layer`, {
        severity: 'warning',
        note: 'scanned pages are skipped: run OCR on them first',
      }),
    );
  }
  return { ok: true, value: { type: 'text', format: 'pdf', encoding: null, text }, diagnostics: diagnostics.length ? diagnostics : undefined };
}
