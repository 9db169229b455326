/** Plain text (.txt, .text, .md): the decoded bytes are the text, byte for byte (no normalization). */
import type { Result } from '../diagnostics/message.js';
import { decodeText } from './decode.js';
import type { IngestedText } from './types.js';

export function ingestText(file: string, bytes: Uint8Array): Result<IngestedText> {
  const r = decodeText(bytes, file);
  if (!r.ok) return r;
  return { ok: true, value: { type: 'text', format: 'txt', encoding: r.value.encoding, text: r.value.text }, diagnostics: r.diagnostics };
}
