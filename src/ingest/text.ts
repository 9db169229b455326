/**
 * Plain text (.txt, .text, .md, .markdown): the decoded bytes are the text, byte for byte (no
 * normalization), unless it is Markdown (markdown.ts: its markup is removed) or hard-wrapped (a
 * PDF's text saved as .txt: see reflow.ts; its lines are joined back into paragraphs) or has lost
 * its line breaks (unflatten.ts: they are put back). Notes (I_MARKDOWN, I_REFLOWED, I_UNFLATTENED)
 * say so.
 */
import type { Result } from '../diagnostics/message.js';
import { decodeText } from './decode.js';
import { withMarkdownRemoved } from './markdown.js';
import { withHardWrapsUndone } from './reflow.js';
import { withLineBreaksRestored } from './unflatten.js';
import type { IngestedText } from './types.js';

export function ingestText(file: string, bytes: Uint8Array): Result<IngestedText> {
  const r = decodeText(bytes, file);
  if (!r.ok) return r;
  const md = withMarkdownRemoved(file, r.value.text, r.diagnostics);
  const w = withHardWrapsUndone(file, md.text, md.diagnostics);
  const { text, diagnostics } = withLineBreaksRestored(file, w.text, w.diagnostics);
  return { ok: true, value: { type: 'text', format: 'txt', encoding: r.value.encoding, text }, diagnostics };
}
