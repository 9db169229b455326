/**
 * Problem tables: a rectification report (or a problem list) laid out as a table whose header
 * names a problem column and a measures column, e.g.
 *
 *   序号 | 反馈问题 | 整改措施 | 整改进展
 *   1    | 理论学习不深入 | 制定年度学习计划… | 已完成
 *
 * By the time the text gets here every cell is a line of its own: HTML and .docx tables are read
 * one cell a line, and normalize() turns a tab-separated row of three or more cells (text copied
 * from Word, Excel or WPS) into one cell a line; a Markdown row (| 1 | … | … |) is split at its pipes
 * here. So a table is a run of header lines followed by
 * rows of as many lines. With a 序号 column the row numbers anchor the rows, so a cell left empty
 * (which leaves no line) or a cell of several paragraphs shifts nothing but its own row: the
 * number, the problem and the progress (when it is the last column) keep their places and the
 * measures take the lines between. Without one, each row must have exactly the header's cells.
 */
import type { Item } from './items.js';
import { titleRange } from './items.js';
import { lineIndexAt, trimRange, trimTrailing } from './lines.js';
import { classifyProgress, inlineProgress } from './progress.js';
import { emptyItem, type Ctx } from './context.js';
import { numeralValue } from './numerals.js';

type Column = 'number' | 'problem' | 'measures' | 'progress' | 'other';

const HEADERS: [Column, RegExp][] = [
  ['number', /^(?:序号|编号|序)$/],
  ['problem', /^(?:巡[察视])?(?:反馈|发现|存在|具体)?的?(?:主要)?问题(?:描述|内容|表现|清单|事项|具体表现)?$|^反馈意见$|^问题及表现$/],
  ['progress', /^(?:整改)?(?:进展|进度|结果|成效|状态|完成情况)(?:情况)?$|^是否(?:完成|整改到位|办结|销号)$/],
  ['measures', /^(?:整改|具体|主要)?(?:措施|举措)$|^整改(?:情况|落实情况|具体措施)$/],
  ['other', /^(?:责任(?:单位|部门|领导|人|股室|科室)|牵头(?:单位|领导|部门)|配合(?:单位|部门)|(?:整改|完成)?时限|完成时间|备注|整改目标|问题(?:类别|类型|分类|领域|方面)|类别|分类|领域|方面)$/],
];

function columnOf(cell: string): Column | null {
  for (const [col, re] of HEADERS) if (re.test(cell)) return col;
  return null;
}

const ROW_NUMBER = /^(\d{1,4}|[一二三四五六七八九十]{1,3})[.、．]?$/;

/** The number a row-number cell states ("3", "3.", "十二"), or 0. */
function rowNumber(cell: string): number {
  const m = ROW_NUMBER.exec(cell);
  return (m && numeralValue(m[1])) || 0;
}

interface Cell { s: number; e: number; text: string }

/** Every table of problems in the text, as findings (labelled by their row numbers). */
export function tableItems(c: Ctx): Item[] {
  const cells: Cell[] = [];
  for (let li = lineIndexAt(c.lines, c.bodyFrom); li < c.lines.length; li++) {
    const [s, e] = trimRange(c.text, c.lines[li].start, c.lines[li].end);
    if (s < e && !pipeCells(c.text, s, e, cells)) cells.push({ s, e, text: c.text.slice(s, e) });
  }
  const out: Item[] = [];
  for (let i = 0; i < cells.length; i++) {
    // A header: consecutive known column names, with a problem and a measures column among them.
    const cols: Column[] = [];
    // (At most 12 columns, so that a text of nothing but column names stays linear.)
    while (cols.length < 12 && i + cols.length < cells.length && cells[i + cols.length].text.length <= 12) {
      const col = columnOf(cells[i + cols.length].text);
      if (!col) break;
      cols.push(col);
    }
    // 整改措施 and 整改情况 side by side: the 整改情况 column states the progress.
    if (!cols.includes('progress') && cols.filter((x) => x === 'measures').length === 2) {
      const k = cols.findIndex((x, j) => x === 'measures' && /^整改(?:落实)?情况$/.test(cells[i + j].text));
      if (k >= 0) cols[k] = 'progress';
    }
    const once = (col: Column) => cols.filter((x) => x === col).length === 1;
    // A feedback's problem list (序号 | 问题类别 | 问题描述) has no measures column; its numbers anchor the rows.
    const listOnly = !cols.includes('measures') && c.kind !== 'rectification' && cols.includes('number');
    if (!once('problem') || (!once('measures') && !listOnly) || cols.filter((x) => x !== 'other').length !== new Set(cols.filter((x) => x !== 'other')).size) continue;
    // Columns before 序号 (类别, often one cell spanning several rows) are context: rows start at
    // their numbers, and such a cell ends up after the last cell of the row before.
    let use = cols;
    let start = i + cols.length;
    const ni = cols.indexOf('number');
    if (ni > 0 && cols.slice(0, ni).every((x) => x === 'other')) {
      use = cols.slice(ni);
      while (start < cells.length && start <= i + cols.length + ni && rowNumber(cells[start].text) !== 1) start++;
    }
    // A row spanning the table before its first numbered row (一、……方面, an area) is context too.
    if (use[0] === 'number' && start < cells.length && rowNumber(cells[start].text) !== 1 && start + 1 < cells.length && rowNumber(cells[start + 1].text) === 1) start++;
    const rows = use[0] === 'number' ? numberedRows(cells, start, use.length) : plainRows(cells, start, cols.length);
    for (const row of rows) {
      const it = rowItem(c, use, row, out.length + 1);
      if (it) out.push(it);
    }
    if (rows.length) i = cells.indexOf(rows[rows.length - 1][rows[rows.length - 1].length - 1]);
  }
  return out;
}

const PIPES = '|｜';
const PIPE_RULE = /^[|｜\s:：\-—－=]+$/;

/**
 * A Markdown table row ("| 1 | 理论学习不深入 | 制定… | 已完成 |", or its "| --- | --- |" rule):
 * its cells are pushed (an empty one leaves none, as in an HTML table) and true returned. A line
 * that does not start with a pipe or has fewer than three cells is no row.
 */
function pipeCells(text: string, s: number, e: number, cells: Cell[]): boolean {
  if (!PIPES.includes(text[s])) return false;
  let pipes = 0;
  for (let k = s; k < e; k++) if (PIPES.includes(text[k])) pipes++;
  if (pipes < 3) return false;
  if (PIPE_RULE.test(text.slice(s, e))) return true;
  let a = s + 1;
  for (let k = s + 1; k <= e; k++) {
    if (k < e && !PIPES.includes(text[k])) continue;
    const [cs, ce] = trimRange(text, a, k);
    if (cs < ce) cells.push({ s: cs, e: ce, text: text.slice(cs, ce) });
    a = k + 1;
  }
  return true;
}

/** Rows anchored by their numbers 1, 2, 3…: each runs to the next number (the last: `width` cells). */
function numberedRows(cells: Cell[], from: number, width: number): Cell[][] {
  const rows: Cell[][] = [];
  let at = from;
  while (at < cells.length && rowNumber(cells[at].text) === rows.length + 1) {
    let next = -1;
    for (let j = at + 1; j < cells.length && j <= at + 3 * width; j++) {
      if (rowNumber(cells[j].text) === rows.length + 2 && j - at >= 2) {
        next = j;
        break;
      }
    }
    let end = next >= 0 ? next : Math.min(cells.length, at + width);
    // The last row: its measures may run over several lines; it ends at its progress cell when one follows.
    if (next < 0) {
      for (let j = end - 1; j < cells.length && j < at + 3 * width; j++) {
        if (j > at + 2 && statesProgress(cells[j].text)) {
          end = Math.max(end, j + 1);
          break;
        }
      }
    }
    if (end - at < 2) break;
    rows.push(cells.slice(at, end));
    if (next < 0) break;
    at = next;
  }
  return rows;
}

/** Rows without numbers: groups of exactly `width` cells, while none of them is a column name. */
function plainRows(cells: Cell[], from: number, width: number): Cell[][] {
  const rows: Cell[][] = [];
  for (let at = from; at + width <= cells.length; at += width) {
    const row = cells.slice(at, at + width);
    if (row.some((x) => columnOf(x.text))) break;
    rows.push(row);
  }
  return rows;
}

/** A row's finding: the problem cell is its text and title; measures and progress as named. */
function rowItem(c: Ctx, cols: Column[], row: Cell[], k: number): Item | null {
  // A column between the number and the problem (问题领域, 类别) whose cell spans several rows (an
  // HTML rowspan) is missing from the rows after the first: where its place holds a sentence, the
  // row has no such cell.
  const ni = cols.indexOf('number');
  const pi0 = cols.indexOf('problem');
  if (ni === 0 && pi0 > 1) {
    const drop = cols.slice(1, pi0).every((x) => x === 'other') && row.length > pi0 && /[。；]$|^.{31,}$/.test(row[1].text);
    if (drop) cols = [cols[0], ...cols.slice(pi0)];
  }
  // The progress cell, found by what it says (已完成, 持续推进: short and classified), places the
  // measures even when the row has a cell of several lines or an empty one before it.
  const mi = cols.indexOf('measures');
  const pi = cols.indexOf('progress');
  if (pi > mi) {
    const p = row.findIndex((x, j) => j > mi && statesProgress(x.text));
    // (A cell between them spanning several rows, 责任领导, may be missing: the measures keep one line at least.)
    const me = Math.max(mi + 1, p - (pi - mi - 1));
    if (p > mi) return rowItemAt(c, cols, row, k, row.slice(mi, me), [row[p]]);
  }
  return rowItemAt(c, cols, row, k);
}

/** A progress cell: a short one that states progress, or a longer one that opens with it ("已完成。细则已于8月印发"). */
function statesProgress(cell: string): boolean {
  if (cell.length <= 12) return classifyProgress(cell) !== null;
  return /^(?:已|正在|长期|持续|基本|部分|尚未|未)/.test(cell) && classifyProgress(cell.slice(0, 8)) !== null;
}

function rowItemAt(c: Ctx, cols: Column[], row: Cell[], k: number, measuresCells?: Cell[], progressCells?: Cell[]): Item | null {
  const at = (col: Column): Cell[] => {
    if (col === 'measures' && measuresCells) return measuresCells;
    if (col === 'progress' && progressCells) return progressCells;
    const i = cols.indexOf(col);
    if (i < 0 || i >= row.length) return [];
    // Extra lines (a cell of several paragraphs) belong to the measures; a missing cell (left
    // empty) is taken from the end, where the optional columns are.
    const extra = row.length - cols.length;
    const mi = cols.indexOf('measures');
    if (extra > 0 && col === 'measures') return row.slice(i, i + 1 + extra);
    // Without a measures column, extra lines belong to the problem (a cell of several paragraphs).
    if (extra > 0 && mi < 0 && col === 'problem') return row.slice(i, i + 1 + extra);
    if (extra > 0 && i > mi) return i + extra < row.length ? [row[i + extra]] : [];
    return [row[i]];
  };
  const problem = at('problem');
  if (!problem.length || problem[0].text.length < 4) return null;
  const [ts, te] = trimTrailing(c.text, problem[0].s, problem[problem.length - 1].e, '。；;，,');
  const num = at('number');
  const label = num.length && rowNumber(num[0].text) ? String(rowNumber(num[0].text)) : String(k);
  const it = emptyItem('finding', [label], [], [ts, te], titleRange(c.text, ts, te));
  const measures = at('measures');
  if (measures.length) it.measures = [measures[0].s, measures[measures.length - 1].e];
  const progress = at('progress');
  if (progress.length) {
    it.progress_text = progress[0].text.replace(/[。；;]+$/, '') || null;
    it.progress = it.progress_text ? classifyProgress(it.progress_text) : null;
  } else if (it.measures) {
    const ip = inlineProgress(c.text.slice(it.measures[0], it.measures[1]));
    if (ip) {
      it.progress = ip.progress;
      it.progress_text = ip.text;
    }
  }
  return it;
}
