/**
 * Word .docx via mammoth's raw text: one paragraph a line (empty paragraphs dropped, lines trimmed),
 * with Word's automatic list numbers put back in front of their paragraphs (docx-numbering.ts).
 */
import type Mammoth from 'mammoth';
import { diag, type Diagnostic, type Result } from '../diagnostics/message.js';
import { sniffBinary } from './decode.js';
import { tidyLines } from './lines.js';
import { readNumberedParagraphs, withMarkers } from './docx-numbering.js';
import { lazyRequire } from '../lazy-require.js';
import type { IngestedText } from './types.js';

/** Loaded on the first .docx. */
const mammoth = lazyRequire<typeof Mammoth>('mammoth');

export async function ingestDocx(file: string, bytes: Uint8Array): Promise<Result<IngestedText>> {
  if (bytes.length === 0) return { ok: false, diagnostics: [diag(file, 'E_EMPTY', 'the file is empty')] };
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    const what = sniffBinary(bytes);
    return {
      ok: false,
      diagnostics: [
        diag(file, 'E_DOCX', 'not a .docx file (a .docx is a ZIP archive)', { note: what ? `it looks like ${what}` : null }),
      ],
    };
  }
  let raw: string;
  const diagnostics: Diagnostic[] = [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const result = await mammoth().extractRawText({ buffer });
    raw = result.value;
    for (const m of result.messages) {
      if (m.type === 'error') diagnostics.push(diag(file, 'W_DOCX', m.message, { severity: 'warning' }));
    }
  } catch (e) {
    return {
      ok: false,
      diagnostics: [
        diag(file, 'E_DOCX', 'cannot read the .docx: it is corrupt or truncated', { note: e instanceof Error ? e.message : String(e) }),
      ],
    };
  }
  let text = tidyLines(raw.split('\n'));
  if (text) {
    try {
      const paragraphs = await readNumberedParagraphs(buffer);
      if (paragraphs) text = withMarkers(text.split('\n'), paragraphs).join('\n');
    } catch {
      // Numbers are a best effort: the text stays as mammoth read it.
    }
  }
  if (!text) return { ok: false, diagnostics: [diag(file, 'E_EMPTY', 'the .docx contains no text')] };
  return { ok: true, value: { type: 'text', format: 'docx', encoding: null, text }, diagnostics: diagnostics.length ? diagnostics : undefined };
}
