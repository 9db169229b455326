/**
 * `kwic`: keyword in context. The word is matched as a WORD, with the rules' word-boundary policy
 * (src/segment `wordBoundaries`): it is normalized like a rule term, added to the segmenter's
 * dictionary (as rule terms are), and an occurrence counts only when it starts and ends on a word
 * boundary — so 作风 is found in 工作作风 but not in 工作风采. Offsets are in the finding's
 * (normalized) text.
 */
import type { FindingRecord } from '../model/records.js';
import { normalize } from '../normalize/index.js';
import { toCsv } from '../render/csv.js';
import { wordBoundaries, type Segmenter } from '../segment/index.js';
import { oneLine, table } from './text.js';

export interface KwicHit {
  doc_id: string;
  finding_id: string;
  number: string;
  /** [start, end) of the word in the finding's normalized text. */
  start: number;
  end: number;
  left: string;
  word: string;
  right: string;
}

export interface KwicOptions {
  /** Characters of context on each side (default 15). */
  window?: number;
}

/** The word as a rule term: trimmed and normalized (traditional → simplified, full-width → half-width). */
export const kwicTerm = (word: string): string => normalize(word.trim()).text;

export function kwic(findings: readonly FindingRecord[], word: string, seg: Segmenter, opts: KwicOptions = {}): KwicHit[] {
  const term = kwicTerm(word);
  if (!term) return [];
  const window = opts.window ?? 15;
  seg.addWords([term]);
  const hits: KwicHit[] = [];
  for (const f of findings) {
    if (f.record_kind !== 'finding') continue;
    const text = f.text;
    let b: Uint8Array | null = null;
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      b ??= wordBoundaries(seg, text);
      const end = at + term.length;
      if (!b[at] || !b[end]) continue;
      hits.push({
        doc_id: f.doc_id,
        finding_id: f.id,
        number: f.number,
        start: at,
        end,
        left: oneLine(text.slice(Math.max(0, at - window), at)),
        word: text.slice(at, end),
        right: oneLine(text.slice(end, end + window)),
      });
    }
  }
  return hits;
}

/** Aligned lines: doc id, finding number, left context (right-aligned), 【word】, right context. */
export function formatKwic(hits: readonly KwicHit[]): string {
  if (!hits.length) return '';
  const rows = hits.map((h) => [h.doc_id, h.number, h.left, `【${h.word}】${h.right}`]);
  return table(rows, ['left', 'left', 'right', 'left']).join('\n') + '\n';
}

export function kwicCsv(hits: readonly KwicHit[]): string {
  return toCsv(
    hits.map((h) => ({ ...h })),
    ['doc_id', 'finding_id', 'number', 'left', 'word', 'right', 'start', 'end'],
  );
}
