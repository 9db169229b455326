/**
 * The outline: every numbered line (and every unnumbered section heading such as "存在的主要问题")
 * becomes a node; a node owns the text up to the next node of the same or an outer rank.
 * Nesting is decided by style rank with a stack, so documents that skip a level still nest.
 */
import type { Line } from './lines.js';
import { trimRange } from './lines.js';
import { detectMarker, STYLE_RANK, type Marker, type MarkerStyle } from './markers.js';
import { isUnnumberedSectionHeading } from './sections.js';

export interface OutlineNode {
  index: number;
  /** 'section' = an unnumbered heading line. */
  style: MarkerStyle | 'section';
  /** 0 for unnumbered section headings, else the marker rank. */
  rank: number;
  /** Half-width label ("二", "(一)", "1"); null for unnumbered headings. */
  label: string | null;
  value: number | null;
  lineStart: number;
  lineEnd: number;
  contentStart: number;
  /** End of the text the node owns (start of the next node of the same or an outer rank). */
  end: number;
  parent: number;
  children: number[];
}

export function buildOutline(text: string, lines: Line[], firstLine: number): OutlineNode[] {
  const nodes: OutlineNode[] = [];
  const stack: number[] = [];
  let problemSeq = 0;
  for (let li = firstLine; li < lines.length; li++) {
    const [s, e] = trimRange(text, lines[li].start, lines[li].end);
    if (s >= e) continue;
    const m = detectMarker(text, s, e) ?? numberBeforeDigits(text, s, nodes);
    let node: OutlineNode | null = null;
    // A marker alone on its line is a heading only for a numbered problem (问题1 over its text).
    if (m && (m.contentStart < e || (m.style === 'problem' && m.value !== null))) {
      let label = m.label;
      if (m.style === 'problem' && label === '') label = String(++problemSeq);
      node = { index: nodes.length, style: m.style, rank: m.rank, label, value: m.value, lineStart: s, lineEnd: e, contentStart: m.contentStart, end: text.length, parent: -1, children: [] };
    } else if (!m && e - s <= 18 && isUnnumberedSectionHeading(text.slice(s, e))) {
      node = { index: nodes.length, style: 'section', rank: 0, label: null, value: null, lineStart: s, lineEnd: e, contentStart: s, end: text.length, parent: -1, children: [] };
    }
    if (!node) continue;
    while (stack.length && nodes[stack[stack.length - 1]].rank >= node.rank) {
      nodes[stack.pop()!].end = lines[li].start;
    }
    if (stack.length) {
      node.parent = stack[stack.length - 1];
      nodes[node.parent].children.push(node.index);
    }
    nodes.push(node);
    stack.push(node.index);
  }
  return nodes;
}

/**
 * "10.110接处警响应不够及时" after item 9: a number whose dot a digit follows is read as a decimal
 * (3.2亿元) unless it is the next number of the last 1. 2. … item.
 */
function numberBeforeDigits(text: string, s: number, nodes: readonly OutlineNode[]): Marker | null {
  const d = /^(\d{1,3})[.．](?=\d{1,5}[\u4e00-\u9fa5])/.exec(text.slice(s, s + 10));
  if (!d) return null;
  let last: OutlineNode | undefined;
  for (let i = nodes.length - 1; i >= 0 && !last; i--) if (nodes[i].style === 'arabic') last = nodes[i];
  if (!last || last.value !== Number(d[1]) - 1) return null;
  return { style: 'arabic', rank: STYLE_RANK.arabic, label: d[1], value: Number(d[1]), contentStart: s + d[0].length };
}

/** True when a node has children that are numbered headings (not 一是-style sub-points). */
export function hasNumberedChildren(nodes: OutlineNode[], n: OutlineNode): boolean {
  return n.children.some((c) => nodes[c].style !== 'shi');
}

/** Ancestors of a node, outermost first. */
export function ancestors(nodes: OutlineNode[], n: OutlineNode): OutlineNode[] {
  const out: OutlineNode[] = [];
  for (let p = n.parent; p >= 0; p = nodes[p].parent) out.push(nodes[p]);
  return out.reverse();
}
