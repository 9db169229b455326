/**
 * Fallbacks for documents without numbered problems: prose enumerations (一是……二是……),
 * paragraphs of a problem section, 针对…的问题 paragraphs of rectification reports, and lists of
 * problems announced by a colon and separated by semicolons.
 */
import type { Item } from './items.js';
import { titleRange } from './items.js';
import { lineIndexAt, trimRange, trimTrailing } from './lines.js';
import type { OutlineNode } from './outline.js';
import { findLabel, MEASURES_LABEL, problemHeading } from './rectification.js';
import { numeralValue } from './numerals.js';
import { CRITICAL } from './sections.js';
import { AREA_PHRASE, findSequences, type ProseContext } from './news.js';
import { CLOSING_ANY, CLOSING_HEAD, emptyItem, ownerAt, pathOf, type Ctx } from './context.js';
import { withMeasures } from './measures.js';

/** A clause's title: the clause up to its first comma (the whole clause when it has none), at most 120 characters. */
export function clauseTitle(text: string, s: number, e: number): [number, number] {
  let t = s;
  const lim = Math.min(e, s + 120);
  while (t < lim && !'，,。；'.includes(text[t])) t++;
  return [s, t];
}

/** Items from a prose enumeration inside [from, to). */
export function proseItems(c: Ctx, from: number, to: number, owner: OutlineNode | null, accept: ProseContext[], kind: Item['record_kind']): Item[] {
  const p = pathOf(c, owner);
  const out: Item[] = [];
  for (const sq of findSequences(c.text, from, to)) {
    if (!accept.includes(sq.context)) continue;
    for (const cl of sq.clauses) {
      const [s, e] = trimTrailing(c.text, cl.start, cl.end, '；;，,、。');
      if (s >= e) continue;
      out.push(emptyItem(kind, [...p.labels, cl.label], p.headings, [s, e], clauseTitle(c.text, s, e)));
    }
  }
  return out;
}

/**
 * Last resort inside a problem section without numbering: each paragraph is a finding (when there
 * are at least `min`; a section heading that only names an area takes a single paragraph too).
 * A short line without sentence punctuation followed by a paragraph is one finding: the line is
 * its title ("推进……任务落实不力" over "中医药特色优势发挥不充分，……。"). With `pairsOnly`, every
 * paragraph must be such a pair, or nothing is returned.
 */
export function paragraphItems(c: Ctx, sec: OutlineNode, min = 2, pairsOnly = false): Item[] {
  const p = pathOf(c, sec);
  const paras: [number, number][] = [];
  const li = lineIndexAt(c.lines, sec.lineStart);
  for (let i = li + 1; i < c.lines.length && c.lines[i].start < sec.end; i++) {
    const [s, e] = trimRange(c.text, c.lines[i].start, Math.min(c.lines[i].end, sec.end));
    if (e - s < 4 || /[：:]$/.test(c.text.slice(e - 1, e))) continue;
    const head = c.text.slice(s, Math.min(e, s + 60));
    if (CLOSING_HEAD.test(head) || CLOSING_ANY.test(head)) break;
    // A bulleted paragraph (◆ ● ▶ …) without its bullet.
    paras.push(BULLETS.includes(c.text[s]) ? trimRange(c.text, s + 1, e) : [s, e]);
  }
  const out: Item[] = [];
  const item = (text: [number, number], title: [number, number], label = String(out.length + 1)) =>
    out.push(emptyItem('finding', [...p.labels, label], p.headings, text, title));
  for (let k = 0; k < paras.length; k++) {
    const [s, e] = paras[k];
    const next = paras[k + 1];
    // "第一，贯彻落实……打折扣，……": an ordinal word numbers the paragraph; titled like a 一是 clause.
    const ord = ORDINAL.exec(c.text.slice(s, s + 6));
    const paired = isTitleLine(c.text, s, e) && next && !isTitleLine(c.text, next[0], next[1]) && next[1] - next[0] >= 8;
    // Only title lines over their paragraphs, when asked (an area's problems, see collectSection).
    if (pairsOnly && !paired) return [];
    if (ord) {
      const [ts, te] = trimRange(c.text, s + ord[0].length, e);
      item([ts, te], clauseTitle(c.text, ts, te), ord[1]);
      continue;
    }
    if (paired) {
      const [ts, te] = bracketed(c.text, s, e);
      // In a rectification report the paragraph under a problem's title line is its answer.
      if (c.kind === 'rectification') {
        item([ts, te], [ts, te]);
        out[out.length - 1] = withMeasures(c, out[out.length - 1], e, next[1]);
      } else item([s, next[1]], [ts, te]);
      k++;
    } else if (e - s >= 8) item([s, e], titleRange(c.text, s, e));
  }
  return out.length >= min ? out : [];
}

const ORDINAL = /^(第[一二三四五六七八九十]{1,3})[，,、]/;

// A dash opening a line of a list: "——老旧小区改造推进不力。……"
const DASH = /^(?:——|—|－－|--)\s*/;

/**
 * The lines of an area that all open with a bullet or a dash ("——学习贯彻……不够系统深入。……"),
 * one finding each, titled by its first sentence, up to a closing paragraph; empty unless every
 * other line of the area does.
 */
export function bulletItems(c: Ctx, sec: OutlineNode): Item[] {
  const p = pathOf(c, sec);
  const out: Item[] = [];
  for (const [ls, le] of linesBelow(c.text, sec.lineStart, sec.end)) {
    const dash = DASH.exec(c.text.slice(ls, ls + 4));
    const at = dash ? ls + dash[0].length : BULLETS.includes(c.text[ls]) ? ls + 1 : -1;
    // A closing paragraph after the list (问题线索…已按有关规定移交) ends it.
    if (at < 0 && out.length && closesList(c.text.slice(ls, Math.min(le, ls + 40)))) break;
    if (at < 0) return [];
    const [s, e] = trimRange(c.text, at, le);
    if (e - s < 4) return [];
    out.push(emptyItem('finding', [...p.labels, String(out.length + 1)], p.headings, [s, e], titleRange(c.text, s, e)));
  }
  return out;
}

/** A title line without the 【】 that wrap it whole ("【村里的账记得不清不楚】"). */
function bracketed(text: string, s: number, e: number): [number, number] {
  return text[s] === '【' && text[e - 1] === '】' && text.indexOf('】', s) === e - 1 ? trimRange(text, s + 1, e - 1) : [s, e];
}

/** A line that reads as the title of the paragraph under it: short, and no sentence punctuation in it. */
function isTitleLine(text: string, s: number, e: number): boolean {
  return e - s >= 4 && e - s <= 40 && !/[。；;！!？?：:]/.test(text.slice(s, e)) && !/[，,、.]$/.test(text[e - 1]);
}

/**
 * Rectification reports written as paragraphs: "针对……的问题，……" at a paragraph start, each
 * answered by the text up to the next such paragraph (or the next heading).
 */
export function paragraphProblemItems(c: Ctx, blocked: (pos: number) => boolean): Item[] {
  // Where each answered problem starts: a line that opens with 针对/关于……的问题, or (in a news item
  // that answers them all in one paragraph) a sentence that opens with 针对……的问题 after another.
  const starts: { s: number; lineEnd: number; inLine?: boolean }[] = [];
  for (const [s, e] of bodyLines(c, blocked)) {
    if ((c.text[s] === '针' || c.text[s] === '关') && problemHeading(c.text, s, e, false)) starts.push({ s, lineEnd: e });
    const inLine: { s: number; lineEnd: number; inLine: boolean }[] = [];
    for (let i = c.text.indexOf('。针对', s); i >= 0 && i < e; i = c.text.indexOf('。针对', i + 3)) {
      if (problemHeading(c.text, i + 1, e, false)) inLine.push({ s: i + 1, lineEnd: e, inLine: true });
    }
    // Only a paragraph of two or more such sentences: one 针对 sentence inside a paragraph is a measure.
    if (inLine.length + (starts.length && starts[starts.length - 1].s === s ? 1 : 0) >= 2) starts.push(...inLine);
  }
  const out: Item[] = [];
  let nodeIdx = 0;
  starts.forEach(({ s, lineEnd, inLine }, k) => {
    let end = k + 1 < starts.length ? starts[k + 1].s : c.text.length;
    // A sentence's answer ends with its paragraph (the next one closes the news item).
    if (inLine) end = Math.min(end, lineEnd);
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

const CLAUSE_AREA = new RegExp(`^${AREA_PHRASE.source}`);

/**
 * Rectification news and summaries that answer the problems in one enumeration: "一是针对……的问题，
 * ……（measures, progress）；二是针对……的问题，……". When every clause opens with a problem heading,
 * each is a finding: the heading's statement, then its measures and progress.
 */
export function proseProblemItems(c: Ctx, blocked: (pos: number) => boolean): Item[] {
  const out: Item[] = [];
  for (const sq of findSequences(c.text, c.bodyFrom, c.text.length)) {
    // A clause may name its area first: "七是在干部队伍建设方面，针对……的问题，……".
    const starts = sq.clauses.map((cl) => cl.start + (CLAUSE_AREA.exec(c.text.slice(cl.start, Math.min(cl.end, cl.start + 48)))?.[0].length ?? 0));
    const heads = sq.clauses.map((cl, k) => problemHeading(c.text, starts[k], cl.end, false));
    if (heads.some((h) => !h) || blocked(sq.clauses[0].start)) continue;
    sq.clauses.forEach((cl, k) => {
      const ph = heads[k]!;
      const p = pathOf(c, ownerAt(c, cl.start));
      const [ts, te] = trimTrailing(c.text, starts[k], ph.statementEnd, '，,。：:；');
      const [, end] = trimTrailing(c.text, cl.start, cl.end, '；;，,、。');
      const it = emptyItem('finding', [...p.labels, cl.label], p.headings, [ts, te], [ph.titleStart, ph.titleEnd]);
      out.push(withMeasures(c, it, ph.statementEnd, end));
    });
  }
  return out;
}

// "问题3：" at a line start or after a sentence: "（二）……方面。问题3：……整改情况：……（已完成）。问题4：……".
const INLINE_PROBLEM = /(?<=^|[。；;\n])[ \t　]*问题 ?([一二三四五六七八九十]{1,3}|\d{1,3}) ?[：:]/g;

/**
 * Rectification reports that answer numbered problems one after another inside paragraphs:
 * each 问题N： runs to the next one (or the next heading), its statement up to its measures label.
 * Only when at least one such marker stands inside a line (otherwise the outline has them all).
 */
export function inlineProblemItems(c: Ctx, blocked: (pos: number) => boolean): Item[] {
  const { text } = c;
  const marks: { s: number; cs: number; label: string; inLine: boolean }[] = [];
  INLINE_PROBLEM.lastIndex = c.bodyFrom;
  let m: RegExpExecArray | null;
  while ((m = INLINE_PROBLEM.exec(text))) {
    const at = m.index + m[0].indexOf('问');
    if (blocked(at)) continue;
    let ls = at;
    while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t' || text[ls - 1] === '　')) ls--;
    marks.push({ s: at, cs: m.index + m[0].length, label: String(numeralValue(m[1]) ?? m[1]), inLine: ls > 0 && text[ls - 1] !== '\n' });
  }
  if (marks.length < 2 || !marks.some((mk) => mk.inLine)) return [];
  const out: Item[] = [];
  let ni = 0;
  marks.forEach((mk, k) => {
    let end = k + 1 < marks.length ? marks[k + 1].s : text.length;
    while (ni < c.nodes.length && c.nodes[ni].lineStart <= mk.s) ni++;
    // The next heading ends it, unless it is the next problem's own line.
    for (let j = ni; j < c.nodes.length && c.nodes[j].lineStart < end; j++) {
      if (c.nodes[j].style !== 'problem') { end = c.nodes[j].lineStart; break; }
    }
    let owner = ownerAt(c, mk.s);
    if (owner && owner.style === 'problem' && !mk.inLine && owner.parent >= 0) owner = c.nodes[owner.parent];
    const p = pathOf(c, owner);
    const lab = findLabel(text, MEASURES_LABEL, mk.cs, end);
    const [ts, te] = trimTrailing(text, mk.cs, lab ? lab.start : end, '，,。：:；;');
    if (te - ts < 4) return;
    const it = emptyItem('finding', [...p.labels, mk.label], p.headings, [ts, te], titleRange(text, ts, te));
    out.push(withMeasures(c, it, lab ? lab.start : te, end));
  });
  return out;
}

// The sentence that announces a list of problems, up to its colon: "但巡察也发现一些问题：",
// "存在的主要问题是：", "主要表现在：". Its last words before the colon must name problems.
const ANNOUNCE_CUE = /(?:问题|不足|差距|短板|薄弱环节)[^，。；：:\n]{0,8}$|(?:表现在|表现为|主要有|主要是)$|(?:以下|下面|如下)[这那]?(?:几|[一二三四五六七八九十两])?(?:个|些)?方面(?:的问题)?$/;
const ANNOUNCE_NOT = /要求|建议|希望|强调|整改(?:措施|情况|进展|成效)|下一步/;
// A sentence of its own that announces problems: "巡视也发现一些问题。" (the sentences that follow
// in its paragraph are the problems).
const ANNOUNCE_SENTENCE = /(?:发现|存在)了?(?:一些|以下|如下|不少|部分|的)?(?:突出|主要)?(?:问题|不足)$/;
// The team reports what it found: 巡察组指出, 巡视还发现, 巡察组同时指出 (REPORTED, SENTENCE_INTRO, REPORT_PARAGRAPH).
const TEAM_REPORTS = '巡[察视]组?(?:还|也|同时|另外|进一步)?(?:指出|发现)';
// A sentence that goes on with the list before it: "同时，……", "此外，……".
const GOES_ON_WORDS = '(?:同时|此外|另外)[，,]';
const GOES_ON = new RegExp(`^${GOES_ON_WORDS}`);
// The sentence opening "反馈指出，" / "巡察组同时指出，" (before a list of clauses).
const REPORTED = new RegExp(`^(?:反馈(?:还|同时|也|进一步)?(?:指出|发现)|${TEAM_REPORTS})$`);
const LIST_CLOSER = /^(?:巡[察视]组?(?:提出|要求|强调|建议|指出)|同时|此外|对此|针对)/;

/**
 * News summaries that list the problems as one sentence of clauses separated by semicolons, with
 * no markers: "巡察也发现一些问题：贯彻落实……有差距，……；落实全面从严治党主体责任不够到位，……；……。"
 * Each clause is a finding (titled up to its first comma). Only a colon whose sentence names
 * problems (and not requirements) announces such a list, and only lists of two or more clauses.
 * The same with sentences: "巡视也发现一些问题。学习贯彻……有差距，……。落实……不够到位，……。" —
 * a short sentence announcing problems, then each following sentence of its paragraph.
 */
/** "……：1.A；2.B；3.C。": the numbers are not the clauses'. */
function dropNumbers(text: string, parts: [number, number][]): void {
  for (const part of parts) {
    const num = /^\d{1,2}[.．、]\s*/.exec(text.slice(part[0], part[0] + 4));
    if (num) part[0] += num[0].length;
  }
}

export function announcedListItems(c: Ctx, from: number, to: number, blocked: (pos: number) => boolean): Item[] {
  const out: Item[] = [];
  const { text } = c;
  for (let colon = from; colon < to; colon++) {
    const ch = text[colon];
    const sentences = ch === '。';
    const comma = ch === '，' || ch === ',';
    if (ch !== '：' && ch !== ':' && !sentences && !comma) continue;
    let s0 = colon;
    while (s0 > from && s0 > colon - 200 && !'。；\n'.includes(text[s0 - 1])) s0--;
    const lead = text.slice(s0, colon);
    // "反馈指出，A，……；B，……；C……。": the report's verb opening its sentence announces the clauses.
    if (comma) {
      if (!REPORTED.test(lead) || blocked(colon)) continue;
      const { parts, end } = listParts(text, colon, to, false);
      // "巡察组指出，……取得了一定成效，但也存在以下问题：A；B" — the colon announces the list.
      if (parts.length && /[：:]/.test(text.slice(colon, parts[0][1]))) continue;
      // "巡察发现，各单位还存在一些问题和不足，有的A；有的B": a summary of several units (distributiveItems).
      if (parts.length && FIRST_DISTRIBUTIVE.test(text.slice(colon + 1, parts[0][1]))) continue;
      if (parts.length < 3) continue;
      dropNumbers(text, parts);
      pushParts(c, out, colon, parts, clauseTitle);
      colon = end;
      continue;
    }
    // A sentence that ends its paragraph may announce the paragraphs below it, and may be long:
    // "巡视指出，……市委在贯彻落实……和省委工作要求、……方面还存在一些问题。"
    const atLineEnd = endsLine(text, colon + 1, to);
    if (sentences ? lead.length > (atLineEnd ? 200 : 40) || !ANNOUNCE_SENTENCE.test(lead) : lead.length > 80 || !ANNOUNCE_CUE.test(lead)) continue;
    // The fields an area phrase names ("在贯彻落实……和省委工作要求……方面") are no requirements.
    if (ANNOUNCE_NOT.test(lead.replace(AREA_PHRASE, '')) || blocked(colon)) continue;
    // A colon that ends its line, over lines marked by the same bullet (◆ ● ▶ ■ …): one finding a line.
    if (!sentences) {
      const bullets = bulletLines(text, colon + 1, to);
      if (bullets.parts.length >= 2) {
        pushParts(c, out, colon, bullets.parts, clauseTitle);
        colon = bullets.end;
        continue;
      }
    }
    // Title lines over their paragraphs ("【村里的账记得不清不楚】" over what the team saw): one finding a title.
    if (atLineEnd && !sentences) {
      const blocks = titledBlocks(text, colon + 1, to);
      if (blocks.length >= 2) {
        const p = pathOf(c, ownerAt(c, colon));
        blocks.forEach(({ start, title, end }, k) => out.push(emptyItem('finding', [...p.labels, String(k + 1)], p.headings, [start, end], title)));
        colon = blocks[blocks.length - 1].end;
        continue;
      }
    }
    // The announcing sentence ends its paragraph: each paragraph below that states a problem is one.
    if (atLineEnd) {
      const paras = problemParagraphs(text, colon + 1, to);
      if (paras.parts.length >= 2) {
        pushParts(c, out, colon, paras.parts, titleRange);
        colon = paras.end;
        continue;
      }
    }
    // The list runs to the end of its sentence (of its paragraph, for a list of sentences). A
    // colon followed by sentences rather than clauses ("主要问题有：A，……。B，……。C……。") lists them.
    let { parts, end } = listParts(text, colon, to, sentences);
    // "……但也存在一些问题：A不够深入，B有差距，C落实不到位。同时，D仍然存在，E不规范。": short
    // clauses, each stating a problem, separated by commas.
    if (parts.length < 2 && !sentences) {
      const clauses = problemClauses(text, colon, to);
      if (clauses.parts.length >= 3) ({ parts, end } = clauses);
    }
    if (parts.length < 2 && !sentences) ({ parts, end } = listParts(text, colon, to, true));
    if (parts.length < 2) continue;
    dropNumbers(text, parts);
    pushParts(c, out, colon, parts, clauseTitle);
    colon = end;
  }
  return out;
}

/** Push one finding a part, numbered 1, 2, 3… below the outline node that holds `at`. */
function pushParts(c: Ctx, out: Item[], at: number, parts: [number, number][], title: (text: string, s: number, e: number) => [number, number]): void {
  const p = pathOf(c, ownerAt(c, at));
  parts.forEach(([ps, pe], k) => out.push(emptyItem('finding', [...p.labels, String(k + 1)], p.headings, [ps, pe], title(c.text, ps, pe))));
}

// "但也存在理论学习不够深入、财务管理不够规范等问题。"
const NAMED_PROBLEMS = /(?:存在|发现|指出)(?:了)?([^。；：:！？\n]{8,200}?)等(?:方面(?:的)?)?(?:突出)?问题/g;

/**
 * The last resort of a news summary: problems named in one sentence, 存在A、B等问题 — each item
 * between 、 is a finding (two or more items of at least 4 characters, outside blocked sections).
 */
export function namedProblemItems(c: Ctx, blocked: (pos: number) => boolean): Item[] {
  const out: Item[] = [];
  const { text } = c;
  NAMED_PROBLEMS.lastIndex = c.bodyFrom;
  let m: RegExpExecArray | null;
  while ((m = NAMED_PROBLEMS.exec(text))) {
    const from = m.index + m[0].indexOf(m[1]);
    if (blocked(from)) continue;
    // The list starts after the last comma of its clause ("……能够……，但也存在A、B等问题").
    const comma = Math.max(m[1].lastIndexOf('，'), m[1].lastIndexOf(','));
    let s0 = from + comma + 1;
    // …and after its own verb ("但也存在A、B等问题").
    const verb = /^[^、]{0,8}?(?:存在|发现)了?/.exec(text.slice(s0, from + m[1].length));
    if (verb) s0 += verb[0].length;
    const parts: [number, number][] = [];
    let a = s0;
    for (let i = s0; i <= from + m[1].length; i++) {
      if (i === from + m[1].length || text[i] === '、') {
        const [ps, pe] = trimRange(text, a, i);
        if (pe - ps >= 4) parts.push([ps, pe]);
        a = i + 1;
      }
    }
    if (parts.length < 2) continue;
    pushParts(c, out, from, parts, (_t, ps, pe) => [ps, pe]);
  }
  return out;
}

// "但巡察也发现了一些问题和不足，有的……；有的……；有的……。": the problems of several units, one a clause.
const DISTRIBUTIVE_WORD = '(?:有的|一些|个别|部分)';
/** A clause's opening word (sticky: tested at a clause's start). */
const DISTRIBUTIVE = new RegExp(DISTRIBUTIVE_WORD, 'y');
/** The first clause, after the lead-in's last comma or colon ("……不足，有的A"). */
const FIRST_DISTRIBUTIVE = new RegExp(`[，,：:]${DISTRIBUTIVE_WORD}`);
const DISTRIBUTIVE_CUE = /问题|不足|差距|短板|薄弱|发现|存在|指出/;

/**
 * The last resort of a summary of several units' feedback: a sentence whose clauses, separated by
 * ；, each begin with 有的 (or 一些, 个别, 部分), after a problem cue in the same sentence ("巡察也发现了
 * 一些问题和不足，有的A；有的B。"). Each clause is a finding (its 有的 left out), titled up to its
 * first comma; two or more such clauses, outside blocked sections.
 */
export function distributiveItems(c: Ctx, blocked: (pos: number) => boolean): Item[] {
  const out: Item[] = [];
  const { text } = c;
  let s = c.bodyFrom;
  while (s < text.length) {
    let e = s;
    while (e < text.length && !'。！？\n'.includes(text[e])) e++;
    const parts = distributiveClauses(text, s, e);
    if (parts.length >= 2 && !blocked(parts[0][0])) pushParts(c, out, parts[0][0], parts, clauseTitle);
    s = e + 1;
  }
  return out;
}

/** The clauses of text[s, e) that begin with a distributive word, when a problem cue comes before the first. */
function distributiveClauses(text: string, s: number, e: number): [number, number][] {
  const clauses: [number, number][] = [];
  let a = s;
  for (let i = s; i <= e; i++) {
    if (i < e && text[i] !== '；' && text[i] !== ';') continue;
    // The first clause starts after the lead-in's last comma ("……不足，有的A").
    let from = a;
    if (!clauses.length) {
      const lead = text.slice(a, i);
      const at = lead.search(FIRST_DISTRIBUTIVE);
      if (at < 0 || !DISTRIBUTIVE_CUE.test(lead.slice(0, at))) {
        a = i + 1;
        continue;
      }
      from = a + at + 1;
    }
    const [ps, pe] = trimRange(text, from, i);
    DISTRIBUTIVE.lastIndex = ps;
    if (!DISTRIBUTIVE.test(text)) break;
    const start = text.startsWith('有的', ps) ? ps + 2 : ps;
    if (pe - start >= 6) clauses.push([start, pe]);
    a = i + 1;
  }
  return clauses;
}

/** Only spaces between `from` and the next line end (or `to`). */
function endsLine(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t' || text[i] === '　')) i++;
  return i >= to || text[i] === '\n';
}

// A paragraph that ends a list of problem paragraphs: the team's requests, a speaker's answer
// ("李振华表示", "周明远就抓好巡视整改提出了意见建议"), the handling of leads, the public's contact.
const PARA_CLOSER = /^(?:巡[察视]组?(?:还|也|同时)?(?:提出|要求|强调|建议|指出|收到|将)|同时|此外|对此|针对|下一步|欢迎|根据|[\u4e00-\u9fa5]{2,4}(?:同志)?(?:就|表示|强调))/;
const PARA_NOT = /意见建议|整改要求|整改意见|问题线索|已按(?:照)?有关规定|联系(?:电话|方式)/;

/**
 * The paragraphs after an announcing sentence, each a problem: a first sentence of at most 80
 * characters that is not a closer. The list ends at the first other paragraph (blank lines are skipped).
 */
function problemParagraphs(text: string, from: number, to: number): { parts: [number, number][]; end: number } {
  const parts: [number, number][] = [];
  let end = from;
  for (const [ls, le] of linesBelow(text, from, to)) {
    if (le - ls < 12 || closesList(text.slice(ls, Math.min(le, ls + 40)))) break;
    let t = ls;
    while (t < le && !'。！？；'.includes(text[t])) t++;
    if (t - ls > 80) break;
    parts.push(trimTrailing(text, ls, le, '；;，,、'));
    end = le;
  }
  return { parts, end };
}

// A paragraph after the problems: the team's verdict on them ("上面这些问题，……"), requests, contacts.
const BLOCK_CLOSER = /^(?:上面|上述|以上|这些问题|针对(?:上述|以上|这些))/;

/**
 * The blocks after a colon that ends its line, when each is a title line (wrapped whole in 【】, or
 * short without sentence punctuation) over one or more paragraphs: where the block starts, its title
 * (without the 【】) and where it ends. Empty unless every block has a paragraph; the list ends at a closer.
 */
function titledBlocks(text: string, from: number, to: number): { start: number; title: [number, number]; end: number }[] {
  const blocks: { start: number; title: [number, number]; end: number; paras: number }[] = [];
  for (const [ls, le] of linesBelow(text, from, to)) {
    const head = text.slice(ls, Math.min(le, ls + 40));
    if (BLOCK_CLOSER.test(head) || closesList(head)) break;
    const title = bracketed(text, ls, le);
    if (title[0] !== ls || isTitleLine(text, ls, le)) {
      if (blocks.length && !blocks[blocks.length - 1].paras) return [];
      blocks.push({ start: ls, title, end: le, paras: 0 });
    } else {
      if (!blocks.length) return [];
      blocks[blocks.length - 1].end = le;
      blocks[blocks.length - 1].paras++;
    }
  }
  return blocks.every((b) => b.paras) ? blocks : [];
}

// The end of a clause that states a problem: 不够深入, 有差距, 落实不到位, 仍然存在, 时有发生, 存在短板.
const PROBLEM_END = /(?:不到位|不到底|不彻底|不及时|不严格|不力|不够[\u4e00-\u9fa5]{0,4}|不严|不实|不深|不全|不规范|不完善|不健全|不充分|不高|不强|不足|缺乏|缺失|薄弱|滞后|有差距|存在差距|打折扣|(?:仍然|依然|仍|还)?存在|时有发生|屡禁不止|(?:较为|比较)?突出|短板|弱项|偏软|偏弱|偏松)$/;

/**
 * The comma-separated clauses of the sentence after text[colon], and of the sentences of its
 * paragraph that go on with 同时，, when every clause is short (at most 40 characters) and ends by
 * stating a problem. Fewer than three: nothing.
 */
function problemClauses(text: string, colon: number, to: number): { parts: [number, number][]; end: number } {
  const parts: [number, number][] = [];
  let end = colon + 1;
  let s = colon + 1;
  const lim = Math.min(to, colon + 3000);
  for (let i = colon + 1; i <= lim; i++) {
    const ch = i < lim ? text[i] : '\n';
    if (ch !== '，' && ch !== ',' && ch !== '。' && ch !== '\n') continue;
    let [ps, pe] = trimRange(text, s, i);
    const cont = /^(?:同时|此外|另外)[，,]?$/.exec(text.slice(ps, pe));
    if (cont && ch !== '。' && ch !== '\n') {
      s = i + 1;
      continue;
    }
    if (pe - ps > 40 || pe - ps < 4 || !PROBLEM_END.test(text.slice(ps, pe))) return parts.length >= 3 && text[end] === '。' ? { parts, end } : { parts: [], end: colon };
    parts.push([ps, pe]);
    end = i;
    s = i + 1;
    if (ch === '\n') break;
    // A sentence ends: the list goes on only into a sentence opening with 同时/此外.
    if (ch === '。' && !GOES_ON.test(text.slice(i + 1, i + 4))) break;
  }
  return parts.length >= 3 ? { parts, end } : { parts: [], end: colon };
}

/** The non-empty lines of the document's body, trimmed, outside blocked sections. */
function* bodyLines(c: Ctx, blocked: (pos: number) => boolean): Generator<[number, number]> {
  for (let li = lineIndexAt(c.lines, c.bodyFrom); li < c.lines.length; li++) {
    if (c.lines[li].start < c.bodyFrom) continue;
    const [s, e] = trimRange(c.text, c.lines[li].start, c.lines[li].end);
    if (s < e && !blocked(s)) yield [s, e];
  }
}

/** The non-empty lines below the one holding `from`, up to `to`, trimmed. */
function* linesBelow(text: string, from: number, to: number): Generator<[number, number]> {
  let i = text.indexOf('\n', from);
  while (i >= 0 && i < to) {
    const nl = text.indexOf('\n', i + 1);
    const lineEnd = nl < 0 ? to : Math.min(to, nl);
    const [ls, le] = trimRange(text, i + 1, lineEnd);
    i = nl < 0 ? -1 : lineEnd;
    if (ls < le) yield [ls, le];
  }
}

/** A paragraph that ends a list of problems: requests, a speaker's answer, leads, contacts, the closing words. */
const closesList = (head: string): boolean => PARA_CLOSER.test(head) || PARA_NOT.test(head) || CLOSING_HEAD.test(head) || CLOSING_ANY.test(head);

/** The clauses (or sentences) of a list after text[colon], up to its sentence's (or paragraph's) end. */
function listParts(text: string, colon: number, to: number, sentences: boolean): { parts: [number, number][]; end: number } {
  let end = colon + 1;
  const lim = Math.min(to, colon + 3000);
  while (end < lim && text[end] !== '\n' && (sentences || text[end] !== '。')) end++;
  const parts: [number, number][] = [];
  let s = colon + 1;
  const sep = sentences ? '。' : '；;';
  for (let i = colon + 1; i <= end; i++) {
    if (i === end || sep.includes(text[i])) {
      const [ps, pe] = trimTrailing(text, s, i, '；;，,、。');
      if (sentences && LIST_CLOSER.test(text.slice(ps, ps + 8))) break;
      if (pe - ps >= 6) parts.push([ps, pe]);
      s = i + 1;
    }
  }
  return { parts, end };
}

const BULLETS = '◆◇●○■□▶►▸▪•·★☆※➤❖';

/**
 * The lines after a colon that ends its line, when each starts with the same bullet character:
 * their texts without the bullet (and without closing punctuation), and where the last ends.
 * Blank lines between them are allowed; the list ends at the first other line.
 */
function bulletLines(text: string, from: number, to: number): { parts: [number, number][]; end: number } {
  const parts: [number, number][] = [];
  let i = text.indexOf('\n', from);
  if (!endsLine(text, from, to) || i < 0 || i >= to) return { parts, end: from };
  let bullet = '';
  let end = from;
  while (i < to) {
    const nl = text.indexOf('\n', i + 1);
    const lineEnd = nl < 0 ? to : Math.min(to, nl);
    const [ls, le] = trimRange(text, i + 1, lineEnd);
    i = lineEnd;
    if (ls >= le) continue;
    const b = text[ls];
    if (!BULLETS.includes(b) || (bullet && b !== bullet)) break;
    bullet = b;
    const [ps, pe] = trimTrailing(text, ...trimRange(text, ls + 1, le), '；;，,、。');
    if (pe - ps >= 6) parts.push([ps, pe]);
    end = le;
  }
  return { parts, end };
}

// A sentence that states one problem in a news text: "存在……的问题，……。", "有的处室会议多、发文多……。"
// (after the reporter's "巡察组同时指出，").
const SENTENCE_INTRO = new RegExp(`^(?:${TEAM_REPORTS}|巡[察视]组?认为)[，,：:]`);
const SENTENCE_PROBLEM = /^(?:存在|有的|个别|部分|一些)/;
const SENTENCE_CUE = /指出|发现/;

/**
 * The last resort of a news text that states its problems as sentences inside the reporter's
 * paragraphs: in a paragraph whose words before it report findings (巡察组指出, 发现), each sentence
 * opening with 存在 or a distributive word (有的, 个别, 部分, 一些) is a finding, with the sentences
 * after it that open otherwise as its details. "存在A的问题，……" is titled A; the others up to their
 * first comma. Two or more such sentences in the document, outside blocked sections.
 */
export function problemSentenceItems(c: Ctx, blocked: (pos: number) => boolean): Item[] {
  const { text } = c;
  const found: { start: number; end: number; title: [number, number] }[] = [];
  for (const [ps, pe] of bodyLines(c, blocked)) {
    let cued = false;
    let open: { start: number; end: number; title: [number, number] } | null = null;
    for (let s = ps; s < pe; ) {
      let e = s;
      while (e < pe && !'。！？'.includes(text[e])) e++;
      let [ss, se] = trimRange(text, s, e);
      const intro = SENTENCE_INTRO.exec(text.slice(ss, ss + 12));
      if (intro) ss += intro[0].length;
      if (intro) cued = true;
      if (cued && se - ss >= 10 && SENTENCE_PROBLEM.test(text.slice(ss, ss + 2))) {
        if (open) found.push(open);
        open = { start: ss, end: se, title: sentenceTitle(text, ss, se) };
      } else if (open) {
        // A requirement or another closer ends the list; other sentences are the details.
        if (LIST_CLOSER.test(text.slice(ss, ss + 8)) || PARA_CLOSER.test(text.slice(ss, ss + 12))) {
          found.push(open);
          open = null;
          cued = false;
        } else open.end = se;
      }
      if (!cued && (intro || SENTENCE_CUE.test(text.slice(s, e)))) cued = true;
      s = e + 1;
    }
    if (open) found.push(open);
  }
  if (found.length < 2) return [];
  const out: Item[] = [];
  const byOwner = new Map<OutlineNode | null, number>();
  for (const f of found) {
    const owner = ownerAt(c, f.start);
    const k = (byOwner.get(owner) ?? 0) + 1;
    byOwner.set(owner, k);
    const p = pathOf(c, owner);
    out.push(emptyItem('finding', [...p.labels, String(k)], p.headings, [f.start, f.end], f.title));
  }
  return out;
}

// A paragraph that reports one problem: "巡视发现，……。", "巡视还发现，……。", "同时，巡视指出，……。"
const REPORT_PARAGRAPH = new RegExp(`^(?:${GOES_ON_WORDS})?${TEAM_REPORTS}[，,：:]`);

/**
 * The last resort of a text that gives each problem a paragraph opened by the team's finding
 * ("巡视发现，市委……不够有力，……。" / "巡视还发现，……" / "同时，巡视指出，……"): each such paragraph is
 * one finding, titled by its first sentence without the opening words. Two or more, or nothing
 * (a single such paragraph is usually an enumeration, read elsewhere).
 */
export function reportParagraphItems(c: Ctx, blocked: (pos: number) => boolean): Item[] {
  const out: Item[] = [];
  for (const [s, e] of bodyLines(c, blocked)) {
    const m = REPORT_PARAGRAPH.exec(c.text.slice(s, s + 16));
    if (!m) continue;
    const [ts, te] = trimTrailing(c.text, s + m[0].length, e, '。；;');
    if (te - ts < 8) continue;
    const p = pathOf(c, ownerAt(c, s));
    for (const [a, b] of problemSentences(c.text, ts, te)) out.push(emptyItem('finding', [...p.labels, String(out.length + 1)], p.headings, [a, b], titleRange(c.text, a, b)));
  }
  return out.length >= 2 ? out : [];
}

/** Opens a sentence that details the one before it rather than stating a problem of its own. */
const DETAIL_OPENER = /^(?:如|例如|比如|其中|具体|主要表现|表现在|特别是|尤其是|部分|个别|有关|对此|为此|同时|此外)/;

/**
 * The problems of one paragraph: each of its sentences when there are two or more and every one
 * states a problem of its own (巡视还发现，A不够有效……。B整改不够彻底……。C担当作为不够……。), else the
 * paragraph as one.
 */
function problemSentences(text: string, s: number, e: number): [number, number][] {
  const out: [number, number][] = [];
  let from = s;
  for (let i = s; i <= e; i++) {
    if (i < e && text[i] !== '。') continue;
    const [a, b] = trimRange(text, from, i);
    if (b > a) out.push([a, b]);
    from = i + 1;
  }
  const own = (r: [number, number]) => {
    const t = text.slice(...r);
    const head = t.split(/[，,；;]/)[0] + '，';
    return !DETAIL_OPENER.test(t) && (CRITICAL.test(head) || /有待(?:加强|提高|提升|改进)|短板|违规/.test(head));
  };
  return out.length >= 2 && out.every(own) ? out : [[s, e]];
}

/** The sentence up to its first comma, without an opening 存在 and a closing 的问题 ("存在A的问题，……" → A). */
function sentenceTitle(text: string, s: number, e: number): [number, number] {
  if (!text.startsWith('存在', s)) return clauseTitle(text, s, e);
  const [ts, te] = clauseTitle(text, s + 2, e);
  return text.slice(te - 3, te) === '的问题' && te - ts > 5 ? [ts, te - 3] : [ts, te];
}

const QUESTION = /^问\s*[：:]/;
const ANSWER = /^答\s*[：:]/;
// The problem a question names: quoted after 指出 ("巡察反馈指出“……”"), or as 针对/关于/对于……的问题.
const QUOTED = /“((?:[^“”]|“[^“”]*”){4,200}?)”/;

/**
 * A rectification report written as questions and answers ("问：巡察反馈指出“……”，目前整改进展如何？"
 * / "答：……"): each question that names a problem is a finding, its answer the measures. Questions
 * that name none (how the work was organised, what comes next) are not. Two or more, or nothing.
 */
export function qaItems(c: Ctx, blocked: (pos: number) => boolean): Item[] {
  const out: Item[] = [];
  const qs: { s: number; e: number; q: number }[] = [];
  for (const [s, e] of bodyLines(c, blocked)) {
    const m = QUESTION.exec(c.text.slice(s, s + 4));
    if (m) qs.push({ s, e, q: s + m[0].length });
  }
  qs.forEach(({ s, e, q }, k) => {
    const next = k + 1 < qs.length ? qs[k + 1].s : c.text.length;
    let title: [number, number] | null = null;
    const quoted = QUOTED.exec(c.text.slice(q, e));
    if (quoted) title = [q + quoted.index + 1, q + quoted.index + 1 + quoted[1].length];
    else {
      const from = c.text.startsWith('对于', q) ? q + 2 : q;
      const ph = problemHeading(c.text, from, e, true);
      if (ph) title = [ph.titleStart, ph.titleEnd];
    }
    if (!title) return;
    let a = -1;
    for (const [ls] of linesBelow(c.text, e, next)) {
      const m = ANSWER.exec(c.text.slice(ls, ls + 4));
      if (m) { a = ls + m[0].length; break; }
    }
    const p = pathOf(c, ownerAt(c, s));
    const it = emptyItem('finding', [...p.labels, String(out.length + 1)], p.headings, title, title);
    out.push(a >= 0 ? withMeasures(c, it, a, next) : it);
  });
  return out.length >= 2 ? out : [];
}
