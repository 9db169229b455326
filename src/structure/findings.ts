/**
 * Which outline nodes are findings. Sections are chosen by their headings (存在的主要问题,
 * 反馈问题整改落实情况…), never by position; inside them a node with numbered children and a
 * heading-like first line is a category (（一）…方面) and the search descends; any other node is a
 * finding. Rectification reports use their problem headings (针对…的问题, 问题1：) when they
 * have them. Documents without numbered problems fall back to prose enumerations (一是…二是…).
 */
import type { OutlineNode } from './outline.js';
import { hasNumberedChildren } from './outline.js';
import { lineEndAt, trimRange, trimTrailing } from './lines.js';
import { classifySection, CRITICAL, NON_PROBLEM, type SectionClass } from './sections.js';
import { titleRange, type Item } from './items.js';
import { problemHeading, findLabel, MEASURES_LABEL, PROGRESS_LABEL } from './rectification.js';
import type { ProseContext } from './news.js';
import { append, closingCut, emptyItem, ownerAt, pathOf, type Ctx } from './context.js';
import { withMeasures } from './measures.js';
import { bracketStatus, classifyProgress } from './progress.js';
import { numeralValue } from './numerals.js';
import { announcedListItems, bulletItems, clauseTitle, distributiveItems, inlineProblemItems, namedProblemItems, paragraphItems, paragraphProblemItems, problemSentenceItems, proseItems, proseProblemItems, qaItems, reportParagraphItems } from './fallbacks.js';
import { tableItems } from './table.js';

export type { Ctx } from './context.js';

const nodeLine = (c: Ctx, nd: OutlineNode) => c.text.slice(nd.contentStart, Math.min(nd.lineEnd, nd.contentStart + 120));

function sectionClassOf(c: Ctx, nd: OutlineNode): SectionClass {
  return classifySection(nodeLine(c, nd));
}

// A heading that names an area rather than a problem: "组织建设方面", "存在的问题：".
const AREA_HEADING = /(?:方面|领域|问题|情况)[：:]?$|[：:]$/;

/**
 * A category heading: short first line without a sentence in it (（一）…方面, 二、存在的主要问题),
 * with numbered children — or with 一是-lines when the heading names an area.
 */
function isCategory(c: Ctx, nd: OutlineNode): boolean {
  if (!nd.children.length) return false;
  const line = headingLine(c, nd, '。！？；');
  if (!line) return false;
  const [s, e] = line;
  if (!hasNumberedChildren(c.nodes, nd) && !AREA_HEADING.test(c.text.slice(s, e))) return false;
  // "1.学习不深入。" with (1)(2) below is a finding with sub-items, not a category.
  if (nd.rank >= 3 && c.text[e - 1] === '。') return false;
  // "（一）……有差距" over "表现在：" and 1. 2. 3.: a problem and its details, not a category.
  if (detailsLeadIn(c, nd)) return false;
  return true;
}

const DETAILS_LEAD_IN = /^(?:主要|具体)?(?:表现在|表现为|体现在|体现为)[：:]$/;

/** The node's own text, between its heading line and its first child, is only a lead-in to details ("表现在："). */
function detailsLeadIn(c: Ctx, nd: OutlineNode): boolean {
  const [s, e] = trimRange(c.text, nd.lineEnd, c.nodes[nd.children[0]].lineStart);
  return e - s <= 8 && DETAILS_LEAD_IN.test(c.text.slice(s, e));
}

/** A node's first line when it reads as a heading: at most 60 characters, none of `stops` before its last. */
function headingLine(c: Ctx, nd: OutlineNode, stops: string): [number, number] | null {
  const [s, e] = trimRange(c.text, nd.contentStart, nd.lineEnd);
  if (e - s > 60) return null;
  for (let i = s; i < e - 1; i++) if (stops.includes(c.text[i])) return null;
  return [s, e];
}

// The area may end with a colon, a comma or a full stop: "（一）在……方面。一是……；二是……".
const INLINE_AREA = /^[^。；！？]{1,40}?(?:方面|领域|问题)[：:，,。]?(?:一是)/;

/** A first line that only names an area ("（一）政治建设方面存在的问题"): short, no sentence in it. */
function namesArea(c: Ctx, nd: OutlineNode): boolean {
  const line = headingLine(c, nd, '。！？；，');
  if (!line) return false;
  const head = c.text.slice(...line);
  // "2.落实……部署不够有力：" over its details states a problem; it names no area.
  if (/[：:]$/.test(head) && CRITICAL.test(head)) return false;
  return AREA_HEADING.test(head);
}

/** A numbered node that is a finding (or recommendation); several when it enumerates inline. */
function nodeItem(c: Ctx, nd: OutlineNode, kind: Item['record_kind']): Item[] {
  const p = pathOf(c, nd);
  const labels = p.labels;
  const headings = p.headings.slice(0, -1);
  const rect = c.kind === 'rectification' && kind === 'finding';
  let end = rect ? nd.end : closingCut(c, nd, nd.end);
  let s = nd.contentStart;
  [s, end] = trimRange(c.text, s, end);
  // "1.问题：……" — the label names the line as the problem; the statement follows it.
  const label = PROBLEM_LABEL.exec(c.text.slice(s, s + 8));
  if (label) [s, end] = trimRange(c.text, s + label[0].length, end);
  if (s >= end) return [];
  if (!rect) {
    // "（三）组织建设方面：一是……；二是……" — an area heading with its problems enumerated inline.
    const lead = INLINE_AREA.exec(c.text.slice(s, Math.min(end, s + 50)));
    if (lead) {
      const prose = proseItems(c, s, end, nd, ['problem', 'unknown'], kind);
      if (prose.length && prose[0].text[0] === s + lead[0].length) return prose;
    }
    // "（一）在作风建设方面。A……。B……。": after the area, each sentence of the paragraph is a problem.
    if (kind === 'finding' && !nd.children.length) {
      const area = areaSentences(c, s, end);
      if (area.sentences.length >= 2) {
        const heading = c.text.slice(nd.lineStart, area.areaEnd);
        return area.sentences.map((r, k) => emptyItem(kind, [...labels, String(k + 1)], [...headings, heading], r, titleRange(c.text, ...r)));
      }
    }
    // "（一）政治建设方面存在的问题" over unnumbered paragraphs: each paragraph is a problem.
    if (kind === 'finding' && !nd.children.length && namesArea(c, nd)) {
      const paras = paragraphItems(c, nd, 1);
      if (paras.length) return paras;
    }
    // A 一是/二是 line is titled like a 一是 clause of prose: up to its first comma.
    const title = nd.style === 'shi' ? clauseTitle(c.text, ...titleRange(c.text, s, end)) : titleRange(c.text, s, end);
    return [{ ...emptyItem(kind, labels, headings, [s, end], title), numbered: nd.style !== 'shi' }];
  }

  const ph = problemHeading(c.text, s, nd.lineEnd, true);
  if (ph && nd.style !== 'problem') {
    const [ts, te] = trimTrailing(c.text, s, ph.statementEnd, '，,。：:；');
    const it = emptyItem(kind, labels, headings, [ts, te], [ph.titleStart, ph.titleEnd]);
    return [withMeasures(c, it, ph.statementEnd, end)];
  }
  // The statement runs to the first measures label (or the end of the first line for 问题1： lists).
  const lab = findLabel(c.text, MEASURES_LABEL, s, end);
  let stEnd = lab ? lab.start : end;
  // (The line the statement starts on: the next one when the marker stands alone, 问题1 over its text.)
  if (nd.style === 'problem' || ph) stEnd = Math.min(stEnd, s < nd.lineEnd ? nd.lineEnd : lineEndAt(c.text, s));
  // "1、……推进慢，……没有开工。" over an unlabelled paragraph: the paragraph answers the problem.
  if (!lab && !hasNumberedChildren(c.nodes, nd) && stEnd === end) {
    const le = lineEndAt(c.text, s);
    const first = c.text.slice(s, le).trimEnd();
    if (le < end && (/[。；]$/.test(first) || bracketStatus(first)) && trimRange(c.text, le, end)[0] < end) stEnd = le;
  }
  const prog = findLabel(c.text, PROGRESS_LABEL, s, stEnd);
  if (prog) stEnd = prog.start;
  const [ts, te] = trimRange(c.text, s, stEnd);
  if (ts >= te) return [];
  const it = emptyItem(kind, labels, headings, [ts, te], titleRange(c.text, ts, te));
  return [withMeasures(c, it, stEnd, end)];
}

// An area named as a sentence of its own: "在落实全面从严治党“两个责任”方面。"
const AREA_SENTENCE = /^在[^。；！？\n]{1,60}?方面[。：:]/;
// A sentence that illustrates the one before it: "如，所属某公司……"
const EXAMPLE_SENTENCE = /^(?:如|例如|比如|譬如)[，,：:]/;

/**
 * The sentences after an area sentence on the node's first line ("在作风建设方面。A。B。"), each a
 * problem, an example sentence (如，……) joined to the one before, and where the area ends; no
 * sentences when the line does not open with an area sentence.
 */
function areaSentences(c: Ctx, s: number, end: number): { areaEnd: number; sentences: [number, number][] } {
  const m = AREA_SENTENCE.exec(c.text.slice(s, s + 70));
  if (!m) return { areaEnd: s, sentences: [] };
  const lineEnd = lineEndAt(c.text, s);
  const out: [number, number][] = [];
  let a = s + m[0].length;
  for (let i = a; i <= lineEnd && i <= end; i++) {
    if (i < lineEnd && !'。！？'.includes(c.text[i])) continue;
    const [ps, pe] = trimRange(c.text, a, i);
    if (pe - ps >= 6) {
      if (out.length && EXAMPLE_SENTENCE.test(c.text.slice(ps, ps + 3))) out[out.length - 1][1] = pe;
      else out.push([ps, pe]);
    }
    a = i + 1;
  }
  return { areaEnd: s + m[0].length - 1, sentences: out };
}

// "针对第3个问题，……": the problem is named by its place in a list given earlier.
const REFERENCE = /^第([一二三四五六七八九十]{1,3}|\d{1,3})(?:个|项|条)(?:问题)?$/;

/**
 * A problem named only by its number ("（一）针对第1个问题。……"), in a report that lists its problems
 * first (一、巡察反馈问题清单 1.…… 2.……) and answers them after: its title and text become the listed
 * problem's (the last numbered line of that number before it, in another top-level section).
 */
function resolveReference(c: Ctx, it: Item): void {
  const m = REFERENCE.exec(c.text.slice(it.title[0], it.title[1]));
  if (!m) return;
  const n = numeralValue(m[1]);
  const own = ownerAt(c, it.text[0]);
  const ownRoot = own ? rootOf(c, own) : -1;
  const listed = c.nodes.filter((nd) => nd.value === n && !nd.children.length && nd.lineStart < it.text[0] && rootOf(c, nd) !== ownRoot).pop();
  if (!listed) return;
  const [s, e] = trimTrailing(c.text, ...trimRange(c.text, listed.contentStart, listed.lineEnd), '。；;');
  if (e - s < 4) return;
  it.text = [s, e];
  it.title = titleRange(c.text, s, e);
}

/** The index of the top-level node a node lies in. */
function rootOf(c: Ctx, nd: OutlineNode): number {
  let r = nd;
  while (r.parent >= 0) r = c.nodes[r.parent];
  return r.index;
}

/** Where the first attachment line (附件：, 附表) of the body starts, or -1. */
function attachmentLine(c: Ctx): number {
  const att = c.lines.find((l) => l.start >= c.bodyFrom && ATTACHMENT.test(c.text.slice(l.start, Math.min(l.end, l.start + 12))));
  return att ? att.start : -1;
}

/** Walk a node: categories descend, everything else is an item. */
function collectNode(c: Ctx, nd: OutlineNode, kind: Item['record_kind'], out: Item[]): void {
  if (nd.style === 'section' || isCategory(c, nd)) collectSection(c, nd, kind, out);
  else append(out, nodeItem(c, nd, kind));
}

// The document's problem tables, found once (a document of many sections asks for them in each).
const tableMemo = new WeakMap<Ctx, Item[]>();
function tablesOf(c: Ctx): Item[] {
  let t = tableMemo.get(c);
  if (!t) tableMemo.set(c, (t = tableItems(c)));
  return t;
}

/** A section announced as holding problems (or recommendations): take what is inside it. */
function collectSection(c: Ctx, sec: OutlineNode, kind: Item['record_kind'], out: Item[]): void {
  if (sec.children.length) {
    // Areas that state problems ("（二）落实全面从严治党责任有差距") over title lines with their
    // paragraphs: when two or more areas read so, each pair is a problem, and an area holding
    // 一是……；二是…… clauses instead gives one problem a clause.
    const kids = sec.children.map((i) => c.nodes[i]);
    const plain = (nd: OutlineNode) => kind === 'finding' && nd.style !== 'section' && !isCategory(c, nd) && !hasNumberedChildren(c.nodes, nd);
    // (Or over lines that each open with a dash or bullet: "——老旧小区改造推进不力。……".)
    const pairs = kids.map((nd) => {
      if (!plain(nd)) return [];
      const bullets = bulletItems(c, nd);
      return bullets.length ? bullets : paragraphItems(c, nd, 2, true);
    });
    const areas = pairs.filter((p) => p.length).length >= 2;
    kids.forEach((nd, k) => {
      if (areas && pairs[k].length) return append(out, pairs[k]);
      const prose = areas && plain(nd) ? proseItems(c, nd.lineEnd, nd.end, nd, ['problem', 'unknown'], kind) : [];
      if (prose.length >= 2) append(out, prose);
      else collectNode(c, nd, kind, out);
    });
    return;
  }
  const accept: ProseContext[] = kind === 'finding' ? ['problem', 'unknown'] : ['recommendation', 'unknown'];
  const prose = proseItems(c, sec.lineEnd, sec.end, sec, accept, kind);
  if (prose.length) append(out, prose);
  else if (kind === 'finding') {
    // A problem table under the heading (问题清单, then 序号 | 问题类别 | 问题描述) before its cells as paragraphs.
    const rows = tablesOf(c).filter((it) => it.text[0] >= sec.lineEnd && it.text[1] <= sec.end);
    append(out, rows.length ? rows : paragraphItems(c, sec));
  }
}

const ATTACHMENT = /^\s*附[件表]\s*[一二三四五六七八九十\d]*\s*(?:[：:]|$)/;

/** A title that says something is wrong (不到位, 不规范, 问题 …). */
function statesProblem(c: Ctx, it: Item): boolean {
  return problemWords(c.text.slice(...it.title));
}
const problemWords = (t: string): boolean => CRITICAL.test(t) || /问题|违规|违反|不足|差距|短板/.test(t);

/**
 * In a rectification report, a 一是/二是 item that states no problem is one of its measures ("二是
 * 坚持立行立改，确保整改实效"), not an answered problem; 针对/关于…的问题 clauses state theirs.
 */
function isMeasureClause(c: Ctx, it: Item): boolean {
  return /^[一二三四五六七八九十]+是$/.test(it.labels[it.labels.length - 1] ?? '') &&
    !/^(?:针对|关于)/.test(c.text.slice(it.text[0], it.text[0] + 2)) && !statesProblem(c, it);
}

/**
 * A rectification report's findings without the 一是/二是 items that are its measures. When all the
 * 一是 lines under a numbered problem are measures ("2.生态环境保护责任落实不到位。" over "一是全面落实
 * 河长制……；二是……"), the problem itself is the finding, answered by them.
 */
function withoutMeasureClauses(c: Ctx, findings: Item[]): Item[] {
  const kept = findings.filter((f) => !isMeasureClause(c, f));
  const keyOf = (labels: readonly string[]) => labels.join('\u0000');
  const restored: Item[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    if (kept.includes(f) || f.labels.length < 2) continue;
    const parent = f.labels.slice(0, -1);
    const key = keyOf(parent);
    if (seen.has(key)) continue;
    seen.add(key);
    if (kept.some((k) => keyOf(k.labels.slice(0, parent.length)) === key)) continue;
    const nd = c.nodes.find((n) => n.style !== 'shi' && n.style !== 'section' && keyOf(pathOf(c, n).labels) === key);
    if (!nd || classifySection(c.text.slice(nd.contentStart, nd.lineEnd)) !== 'neutral') continue;
    for (const it of nodeItem(c, nd, 'finding')) if (statesProblem(c, it)) restored.push(it);
  }
  return restored.length ? [...kept, ...restored].sort((a, b) => a.text[0] - b.text[0]) : kept;
}

/** An unnumbered problem label: 问题： / 存在问题： (numbered ones are 问题1：, 问题一：). */
const PROBLEM_LABEL = /^\s*(?:存在|主要|反馈|巡察反馈|巡视反馈)?问题(?:描述|表现)?[：:]/;
/** An item whose text opens with an answer's label or a measure word: an answer, not a problem. */
const OWN_LABEL_FIRST = /^(?:【|整改|完成|措施|进展|进度|落实情况|主要做法)/;

/** Problem headings of a rectification report, innermost only, outside non-problem sections. */
function rectificationItems(c: Ctx, roots: OutlineNode[], classes: SectionClass[]): Item[] {
  // 针对/关于…的问题, 问题1：, and the quoted bare form “……”问题(的整改情况).
  const isPattern = c.nodes.map((nd) => nd.style === 'problem' || !!problemHeading(c.text, nd.contentStart, nd.lineEnd, c.text[nd.contentStart] === '“'));
  // Below a problem heading ("一、关于政治建设方面的问题"), a bare "1.……的问题" is one too.
  c.nodes.forEach((nd, i) => {
    if (!isPattern[i] && nd.parent >= 0 && isPattern[nd.parent]) isPattern[i] = !!problemHeading(c.text, nd.contentStart, nd.lineEnd, true);
  });
  // So are bare heading lines "（二）落实意识形态工作责任制不到位的问题" when they are at least two and
  // half of their siblings: a series of problem headings, not a measure that mentions a problem.
  const bareLine = c.nodes.map((nd) => {
    const ph = problemHeading(c.text, nd.contentStart, nd.lineEnd, true);
    return !!ph && trimTrailing(c.text, nd.contentStart, nd.lineEnd, '。：:；')[1] <= ph.titleEnd + 3;
  });
  // And so are headings whose own text, before their first numbered child, opens the answer with a
  // label ("（一）……不够有力" / "整改目标：……" / "整改措施：" over 1. 2. 3. measures).
  const answered = c.nodes.map((nd) => {
    if (!nd.children.length) return false;
    const first = c.nodes[nd.children[0]].lineStart;
    const lab = findLabel(c.text, MEASURES_LABEL, nd.lineEnd, first);
    return !!lab && lab.start < first;
  });
  // And so are headings that close with their status ("（一）服务乡村振兴……力度不够（已完成）") when at
  // least two and half of their siblings do: then every sibling of theirs without children is one.
  const withStatus = c.nodes.map((nd) => !!bracketStatus(c.text.slice(nd.contentStart, nd.lineEnd)));
  const siblings = new Map<number, number[]>();
  c.nodes.forEach((nd, i) => { const k = siblings.get(nd.parent); if (k) k.push(i); else siblings.set(nd.parent, [i]); });
  for (const kids of siblings.values()) {
    const bare = kids.filter((i) => bareLine[i]);
    if (bare.length >= 2 && 2 * bare.length >= kids.length) for (const i of bare) isPattern[i] = true;
    const ans = kids.filter((i) => answered[i]);
    if (ans.length >= 2 && 2 * ans.length >= kids.length) for (const i of ans) isPattern[i] = true;
    const st = kids.filter((i) => withStatus[i]);
    if (st.length >= 2 && 2 * st.length >= kids.length) for (const i of kids) if (!c.nodes[i].children.length && c.nodes[i].style === c.nodes[st[0]].style) isPattern[i] = true;
  }
  // Below problem headings ("一、关于……的问题" over "（一）推进乡村振兴战略措施不够有力。" and its
  // 整改措施：), items that state a problem and carry their own answer label are the problems, when
  // the report has at least two of them: the headings group the problems.
  const ownAnswer = c.nodes.map((nd, i) => {
    if (nd.children.length || nd.parent < 0 || !isPattern[nd.parent] || isPattern[i]) return false;
    const title = c.text.slice(nd.contentStart, lineEndAt(c.text, nd.contentStart));
    if (OWN_LABEL_FIRST.test(title) || !problemWords(title.split(/[。；：:]/u)[0])) return false;
    return !!findLabel(c.text, MEASURES_LABEL, nd.contentStart, nd.end);
  });
  if (ownAnswer.filter(Boolean).length >= 2) ownAnswer.forEach((v, i) => { if (v) isPattern[i] = true; });
  const hasPatternBelow = new Array<boolean>(c.nodes.length).fill(false);
  c.nodes.forEach((nd, i) => {
    if (!isPattern[i]) return;
    for (let p = nd.parent; p >= 0 && !hasPatternBelow[p]; p = c.nodes[p].parent) hasPatternBelow[p] = true;
  });
  const excluded = new Set<number>();
  roots.forEach((r, i) => { if (NON_PROBLEM.has(classes[i])) excluded.add(r.index); });
  const pick = (skipExcluded: boolean) => c.nodes.filter((nd, i) => isPattern[i] && !hasPatternBelow[i] && !(skipExcluded && excluded.has(rootOf(c, nd))));
  let chosen = pick(true);
  if (!chosen.length) chosen = pick(false);
  return chosen.flatMap((nd) => {
    const items = nodeItem(c, nd, 'finding');
    // "（一）落实乡村振兴战略不够有力" over "存在问题：……" / "整改措施：……": the numbered line titles
    // the problem its unnumbered 存在问题： line states.
    const parent = nd.parent >= 0 ? c.nodes[nd.parent] : null;
    if (nd.style === 'problem' && PROBLEM_LABEL.test(c.text.slice(nd.lineStart, nd.contentStart)) && parent?.label && parent.children[0] === nd.index) {
      const line = headingLine(c, parent, '。！？；');
      if (line) {
        for (const it of items) {
          it.title = trimTrailing(c.text, line[0], line[1], '，,。：:；');
          it.text = [line[0], it.text[1]];
          it.heading_path = it.heading_path.slice(0, -1);
          it.labels = pathOf(c, parent).labels;
        }
      }
    }
    return items;
  });
}

export function selectItems(c: Ctx): Item[] {
  const roots = c.nodes.filter((nd) => nd.parent < 0);
  const classes = roots.map((r) => sectionClassOf(c, r));
  const findings: Item[] = [];
  const recs: Item[] = [];

  // Roots are in document order and do not overlap, so a binary search finds the enclosing one.
  const blocked = roots.filter((_, i) => NON_PROBLEM.has(classes[i]));
  const inBlocked = (pos: number) => {
    let lo = 0;
    let hi = blocked.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (blocked[mid].end <= pos) lo = mid + 1;
      else if (blocked[mid].lineStart > pos) hi = mid - 1;
      else return true;
    }
    return false;
  };

  if (c.kind === 'rectification') {
    // 问题N： markers inside paragraphs are not outline nodes: read them when they give more.
    const outline = rectificationItems(c, roots, classes);
    const inline = inlineProblemItems(c, inBlocked);
    let chosen = inline.length > outline.length ? inline : outline;
    // A problem table attached to the report (附表, one cell a line), whose area rows (一、……方面)
    // and numbered measure cells (1.…… 2.……) read as an outline: the table's rows are the problems.
    // So are a table's numbered measure cells when the table lies in the body (an HTML table).
    const att = attachmentLine(c);
    if (att >= 0 && chosen.length && chosen.every((it) => it.text[0] > att)) {
      const rows = tablesOf(c).filter((it) => it.text[0] > att);
      if (rows.length >= 2) chosen = rows;
    } else if (chosen.length) {
      const rows = tablesOf(c).filter((it) => !inBlocked(it.text[0]));
      const from = rows.length ? rows[0].text[0] : Infinity;
      const to = Math.max(...rows.map((it) => Math.max(it.text[1], it.measures?.[1] ?? 0)));
      if (rows.length >= 2 && chosen.every((it) => it.text[0] > from && it.text[0] < to)) chosen = rows;
    }
    append(findings, chosen);
  }
  // A problem table (序号 | 反馈问题 | 整改措施 | 完成情况) before the paragraph fallbacks, which would
  // read each of its cells as a finding.
  if (!findings.length && c.kind === 'rectification') append(findings, tablesOf(c).filter((it) => !inBlocked(it.text[0])));
  // Questions and answers: "问：巡察反馈指出“……”，……？" / "答：……".
  if (!findings.length && c.kind === 'rectification') append(findings, qaItems(c, inBlocked));
  // Unnumbered "针对“……”的问题，……" paragraphs answer one problem each, even inside a numbered
  // section (二、整改落实情况), which would otherwise give one finding a paragraph without measures.
  if (!findings.length && c.kind === 'rectification') append(findings, paragraphProblemItems(c, inBlocked));
  // "一是针对……的问题，……；二是针对……的问题，……" (a rectification summary in one paragraph).
  if (!findings.length && c.kind === 'rectification') append(findings, proseProblemItems(c, inBlocked));

  if (!findings.length) {
    const problemRoots = roots.filter((_, i) => classes[i] === 'problem');
    if (problemRoots.length) for (const r of problemRoots) collectSection(c, r, 'finding', findings);
    else roots.forEach((r, i) => { if (classes[i] === 'neutral') collectNode(c, r, 'finding', findings); });
    // A rectification report's answered problems carry measures; drop items that do not, if some do.
    if (c.kind === 'rectification' && findings.some((f) => f.measures)) {
      const kept = findings.filter((f) => f.measures);
      findings.length = 0;
      append(findings, kept);
    }
  }
  roots.forEach((r, i) => { if (classes[i] === 'recommendation') collectSection(c, r, 'recommendation', recs); });

  // A table with a problem and a measures column (序号 | 反馈问题 | 整改措施 | 整改进展); a
  // rectification report was searched for one above.
  if (!findings.length && c.kind !== 'rectification') {
    // A problem list attached after the recommendations (附件：…问题清单) is not part of them.
    const att = attachmentLine(c);
    append(findings, tablesOf(c).filter((it) => !inBlocked(it.text[0]) || (att >= 0 && it.text[0] > att)));
  }
  if (!findings.length) {
    // Prose: "巡察组指出……一是……二是……" anywhere outside non-problem sections.
    const accept: ProseContext[] = c.kind === 'feedback-news' || c.kind === 'unknown' ? ['problem', 'unknown'] : ['problem'];
    const items = proseItems(c, c.bodyFrom, c.text.length, null, accept, 'finding');
    append(findings, items.filter((it) => !inBlocked(it.text[0])));
  }
  // Prose without markers: "巡察也发现一些问题：……；……；……。" (not in a rectification report, whose
  // colons announce measures).
  if (!findings.length && c.kind !== 'rectification') append(findings, announcedListItems(c, c.bodyFrom, c.text.length, inBlocked));
  // A news summary naming its problems in one sentence: "但也存在A、B等问题。"
  if (!findings.length && c.kind === 'feedback-news') append(findings, namedProblemItems(c, inBlocked));
  // A summary of several units' feedback: "……发现了一些问题，有的A；有的B；有的C。"
  if (!findings.length && c.kind !== 'rectification') append(findings, distributiveItems(c, inBlocked));
  // A news text stating its problems as sentences: "巡察组同时指出，存在A的问题，……。有的B……。"
  if (!findings.length && c.kind !== 'rectification') append(findings, problemSentenceItems(c, inBlocked));
  // One paragraph a problem, each opened by the team's finding: "巡视发现，……。" / "同时，巡视指出，……。"
  if (!findings.length && c.kind !== 'rectification') append(findings, reportParagraphItems(c, inBlocked));
  const kept = c.kind === 'rectification' ? withoutMeasureClauses(c, findings) : findings;
  if (c.kind === 'rectification') for (const f of kept) {
    if (!f.progress) statusFromHeading(f);
    resolveReference(c, f);
  }
  return [...kept, ...recs];
}

/**
 * A heading that gives the status of the problems under it: 二、已完成整改的问题（7个）,
 * 三、正在整改的问题, 四、需长期坚持整改的问题. Only that shape: a heading that merely mentions a
 * status (二、整改完成情况) says nothing about each problem.
 */
const STATUS_HEADING = /^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、])?\s*((?:已经?|均已)(?:完成|整改到位|整改完成|办结|销号)(?:整改)?|(?:正在|仍在|持续)(?:整改|推进(?:整改)?)|(?:需要?|须)?长期(?:坚持|推进)(?:整改)?|(?:基本完成|尚未完成|未完成|阶段性完成)(?:整改)?)的(?:问题|事项|任务)/;

/** An item without a stated progress takes the status its nearest heading of that shape gives. */
function statusFromHeading(it: Item): void {
  for (let i = it.heading_path.length - 1; i >= 0; i--) {
    const m = STATUS_HEADING.exec(it.heading_path[i]);
    const p = m && classifyProgress(m[1]);
    if (p) {
      it.progress = p;
      it.progress_text = m![1];
      return;
    }
  }
}
