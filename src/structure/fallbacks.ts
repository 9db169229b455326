/**
 * Fallbacks for documents without numbered problems: prose enumerations (一是……二是……),
 * paragraphs of a problem section, and 针对…的问题 paragraphs of rectification reports.
 */
import type { Item } from './items.js';
import { titleRange } from './items.js';
import { lineIndexAt, trimRange, trimTrailing } from './lines.js';
import type { OutlineNode } from './outline.js';
import { problemHeading } from './rectification.js';
import { findSequences, type ProseContext } from './news.js';
import { CLOSING_ANY, CLOSING_HEAD, emptyItem, ownerAt, pathOf, type Ctx } from './context.js';
import { withMeasures } from './measures.js';

/** Items from a prose enumeration inside [from, to). */
export function proseItems(c: Ctx, from: number, to: number, owner: OutlineNode | null, accept: ProseContext[], kind: Item['record_kind']): Item[] {
  const p = pathOf(c, owner);
  const out: Item[] = [];
  for (const sq of findSequences(c.text, from, to)) {
    if (!accept.includes(sq.context)) continue;
    for (const cl of sq.clauses) {
      const [s, e] = trimTrailing(c.text, cl.start, cl.end, '；;，,、。');
      if (s >= e) continue;
      // The title is the clause up to its first comma (the whole clause when it has none).
      let t = s;
      const lim = Math.min(e, s + 120);
      while (t < lim && !'，,。；'.includes(c.text[t])) t++;
      out.push(emptyItem(kind, [...p.labels, cl.label], p.headings, [s, e], [s, t]));
    }
  }
  return out;
}

/** Last resort inside a problem section without numbering: each paragraph is a finding. */
export function paragraphItems(c: Ctx, sec: OutlineNode): Item[] {
  const p = pathOf(c, sec);
  const out: Item[] = [];
  const li = lineIndexAt(c.lines, sec.lineStart);
  let k = 0;
  for (let i = li + 1; i < c.lines.length && c.lines[i].start < sec.end; i++) {
    const [s, e] = trimRange(c.text, c.lines[i].start, Math.min(c.lines[i].end, sec.end));
    if (e - s < 8 || /[：:]$/.test(c.text.slice(e - 1, e))) continue;
    const head = c.text.slice(s, Math.min(e, s + 60));
    if (CLOSING_HEAD.test(head) || CLOSING_ANY.test(head)) break;
    out.push(emptyItem('finding', [...p.labels, String(++k)], p.headings, [s, e], titleRange(c.text, s, e)));
  }
  return out.length >= 2 ? out : [];
}

/**
 * Rectification reports written as paragraphs: "针对……的问题，……" at a paragraph start, each
 * answered by the text up to the next such paragraph (or the next heading).
 */
export function paragraphProblemItems(c: Ctx, blocked: (pos: number) => boolean): Item[] {
  const starts: number[] = [];
  for (let li = lineIndexAt(c.lines, c.bodyFrom); li < c.lines.length; li++) {
    const [s, e] = trimRange(c.text, c.lines[li].start, c.lines[li].end);
    if (s >= e || c.text[s] !== '针' && c.text[s] !== '关') continue;
    if (c.lines[li].start < c.bodyFrom || blocked(s)) continue;
    if (problemHeading(c.text, s, e, false)) starts.push(li);
  }
  const out: Item[] = [];
  let nodeIdx = 0;
  starts.forEach((li, k) => {
    const [s, lineEnd] = trimRange(c.text, c.lines[li].start, c.lines[li].end);
    let end = k + 1 < starts.length ? c.lines[starts[k + 1]].start : c.text.length;
    while (nodeIdx < c.nodes.length && c.nodes[nodeIdx].lineStart <= s) nodeIdx++;
    if (nodeIdx < c.nodes.length) end = Math.min(end, c.nodes[nodeIdx].lineStart);
    const ph = problemHeading(c.text, s, lineEnd, false)!;
    const p = pathOf(c, ownerAt(c, s));
    const [ts, te] = trimTrailing(c.text, s, ph.statementEnd, '，,。：:；');
    const it = emptyItem('finding', [...p.labels, String(k + 1)], p.headings, [ts, te], [ph.titleStart, ph.titleEnd]);
    out.push(withMeasures(c, it, ph.statementEnd, end));
  });
  return out;
}
