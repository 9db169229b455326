/**
 * The ingest stage: bytes in, text (or pre-extracted finding rows) out. Pure: no file system access
 * (pdfjs-dist reads only its own bundled CMaps). Never throws: every failure is a diagnostic naming
 * the path.
 */
import { diag, type Result } from '../diagnostics/message.js';
import { ingestCsv } from './csv.js';
import { ingestDocx } from './docx.js';
import { ingestHtml } from './html.js';
import { ingestPdf } from './pdf.js';
import { ingestText } from './text.js';
import type { CsvColumns, Ingested } from './types.js';

export type { CsvColumns, CsvFindingRow, Ingested, IngestedCsv, IngestedText } from './types.js';
export { decodeText, type Decoded } from './decode.js';
export { ingestCsv, lookupMeta, normalizeMetaKey, readMetaCsv } from './csv.js';
export { htmlMainText } from './html.js';
export { unifyRadicals } from './radicals.js';

/** Extension (lower case, with the dot) → format. */
export const EXTENSIONS: Readonly<Record<string, 'txt' | 'docx' | 'html' | 'pdf' | 'csv'>> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'txt',
  '.markdown': 'txt',
  '.docx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.csv': 'csv',
};
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS);

export function extensionOf(path: string): string {
  const base = path.replace(/\\/g, '/').split('/').pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

export function isSupported(path: string): boolean {
  return extensionOf(path) in EXTENSIONS;
}

export interface IngestOptions {
  /** Column names for a CSV of findings. */
  csv?: CsvColumns;
}

/** Convert one input file's bytes, dispatching on the extension of `path` (only used for that and for messages). */
export async function ingestBytes(path: string, bytes: Uint8Array, opts: IngestOptions = {}): Promise<Result<Ingested>> {
  const ext = extensionOf(path);
  const format = EXTENSIONS[ext];
  try {
    switch (format) {
      case 'txt':
        return ingestText(path, bytes);
      case 'docx':
        return await ingestDocx(path, bytes);
      case 'html':
        return ingestHtml(path, bytes);
      case 'pdf':
        return await ingestPdf(path, bytes);
      case 'csv':
        return ingestCsv(path, bytes, opts.csv);
      default: {
        const note = ext === '.doc' ? 'save legacy Word files as .docx' : ext === '.wps' ? 'save WPS files as .docx' : null;
        return {
          ok: false,
          diagnostics: [
            diag(path, 'E_FORMAT', `unsupported file type "${ext || '(no extension)'}"; supported: ${SUPPORTED_EXTENSIONS.join(' ')}`, { note }),
          ],
        };
      }
    }
  } catch (e) {
    const code = format === 'docx' ? 'E_DOCX' : format === 'pdf' ? 'E_PDF' : format === 'html' ? 'E_HTML' : format === 'csv' ? 'E_CSV' : 'E_DECODE';
    return { ok: false, diagnostics: [diag(path, code, `cannot read the ${format} file`, { note: e instanceof Error ? e.message : String(e) })] };
  }
}
