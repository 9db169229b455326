/**
 * Plain text (.txt, .text, .md): the decoded bytes are the text, byte for byte (no normalization),
 * unless it is hard-wrapped (a PDF's text saved as .txt: see reflow.ts). Then its lines are joined
 * back into paragraphs, and an I_REFLOWED note says so.
 */
import type { Result } from '../diagnostics/message.js';
import { decodeText } from './decode.js';
import { withHardWrapsUndone } from './reflow.js';
import type { IngestedText } from './types.js';

export function ingestText(file: string, bytes: Uint8Array): Result<IngestedText> {
  const r = decodeText(bytes, file);
  if (!r.ok) return r;
  const { text, diagnostics } = withHardWrapsUndone(file, r.value.text, r.diagnostics);
  return { ok: true, value: { type: 'text', format: 'txt', encoding: r.value.encoding, text }, diagnostics };
}
