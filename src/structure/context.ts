/** Shared state and small helpers for choosing findings. */
import type { DocumentKind } from '../model/records.js';
import type { Line } from './lines.js';
import { lineIndexAt, trimRange } from './lines.js';
import { ancestors, type OutlineNode } from './outline.js';
import { headingText, type Item } from './items.js';

/** Append without spreading (a spread of a huge array overflows the argument limit). */
export function append<T>(to: T[], from: T[]): void {
  for (const x of from) to.push(x);
}

export interface Ctx {
  text: string;
  lines: Line[];
  nodes: OutlineNode[];
  kind: DocumentKind;
  /** Where the body starts (after the title line). */
  bodyFrom: number;
}

// Paragraphs after a finding that are about the inspection itself, not the problem.
export const CLOSING_HEAD = /^(?:上述|以上|针对上述|对上述|对以上|另外|巡[察视](?:期间|中收到|组收到|组将|组已|反馈的)|会前|[^，。]{0,20}的情况，(?:会前|已向|已经向))/;
export const CLOSING_ANY = /问题线索|信访举报|已按(?:照)?有关规定/;

export function closingCut(c: Ctx, nd: OutlineNode, end: number): number {
  const li = lineIndexAt(c.lines, nd.lineStart);
  for (let i = li + 1; i < c.lines.length && c.lines[i].start < end; i++) {
    const [s, e] = trimRange(c.text, c.lines[i].start, Math.min(c.lines[i].end, end));
    if (s >= e) continue;
    const head = c.text.slice(s, Math.min(e, s + 60));
    if (CLOSING_HEAD.test(head) || CLOSING_ANY.test(head)) return c.lines[i].start;
  }
  return end;
}

export function pathOf(c: Ctx, nd: OutlineNode | null): { labels: string[]; headings: string[] } {
  if (!nd) return { labels: [], headings: [] };
  const anc = [...ancestors(c.nodes, nd), nd];
  return {
    labels: anc.filter((a) => a.label).map((a) => a.label!),
    headings: anc.map((a) => headingText(c.text, a.lineStart, a.lineEnd)),
  };
}

export function emptyItem(kind: Item['record_kind'], labels: string[], headings: string[], text: [number, number], title: [number, number]): Item {
  return { record_kind: kind, labels, heading_path: headings, text, title, measures: null, progress: null, progress_text: null };
}

/** The innermost outline node whose text contains pos, or null. */
export function ownerAt(c: Ctx, pos: number): OutlineNode | null {
  let lo = 0;
  let hi = c.nodes.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c.nodes[mid].lineStart <= pos) { best = mid; lo = mid + 1; } else hi = mid - 1;
  }
  for (let i = best; i >= 0; i = c.nodes[i].parent) if (c.nodes[i].end > pos) return c.nodes[i];
  return null;
}

