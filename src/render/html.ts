/**
 * report.html: one self-contained page, in Chinese, that works offline and makes no network
 * request of any kind. Guarantees (tested):
 *  - no external script, style, font or image; charts are inline SVG rendered on the server by
 *    ECharts (charts.ts), the script and style are inline;
 *  - a Content-Security-Policy meta: default-src 'none'; style-src 'unsafe-inline';
 *    script-src 'sha256-…' (the hash of the one inline script); img-src data:; base-uri 'none';
 *    form-action 'none' — so even a tag that slipped through escaping could neither run nor load;
 *  - every text from documents and metadata is HTML-escaped; the findings travel as JSON in a
 *    <script type="application/json"> block with <, >, & escaped, and the script builds the
 *    drill-down with textContent only;
 *  - deterministic: the same summary and findings give the same bytes (no dates, no random ids).
 * The drill-down may be limited (the streaming builder keeps the first `drillDownLimit` findings):
 * the page then says so, and the script says how many findings of a selection are not listed.
 */
import { createHash } from 'node:crypto';
import { own } from '../aggregate/compact.js';
import { kindLabel, PROGRESS_LABELS, unitOf } from '../aggregate/labels.js';
import type { Association, Grouping, KeyWordGroup, Summary, UnitLinkage } from '../aggregate/schema.js';
import { cmpStr } from '../aggregate/stats.js';
import type { DocumentRecord, TaggedFinding } from '../model/records.js';
import { barsChart, categoryColor, FONT_STACK, heatmapChart } from './charts.js';
import { CLIENT_SCRIPT } from './client.js';
import { escapeHtml as h, jsonForScript, pct, signed } from './escape.js';
import { renderWhole, withoutUnits, type ReportStream } from './stream.js';
import { describeTest, progressLine, statedKindLabel, statusLabel } from './text.js';

export interface HtmlOptions {
  title?: string;
}

/**
 * What report.html needs: the summary, and either the documents and the counted findings (see
 * countedFindings), or the drill-down records already made from them (`drill`, see drillSource;
 * the streaming builder keeps at most a limited number). When `drill` holds fewer findings than
 * the summary counts, the page says that the list is limited; charts and tables count everything.
 */
export type HtmlInput =
  | { summary: Summary; documents: DocumentRecord[]; findings: TaggedFinding[] }
  | { summary: Summary; drill: DrillSource[] };

export const SCRIPT_HASH = `sha256-${createHash('sha256').update(CLIENT_SCRIPT, 'utf8').digest('base64')}`;
export const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

const FIELD_LABELS: Record<string, string> = { title: '标题', body: '正文', heading: '小标题' };

/** Drill-down record embedded as JSON (short keys keep big reports small). */
interface DrillFinding {
  id: string;
  /** unit index */ u: number;
  /** global order (document id, then seq) */ o: number;
  /** number */ n: string;
  /** document kind label and document id */ k: string;
  /** title */ ti: string;
  /** text shown: the finding as it stands in the document */ t: string;
  /** highlight ranges in t: [start, end, category index] */ m: Array<[number, number, number]>;
  /** primary category index */ p: number;
  /** every category index */ c: number[];
  /** evidence: [category index, "words（field，rule）"] */ ev: Array<[number, string]>;
  /** progress label */ pr: string | null;
  /** measures text */ ms: string | null;
}

function heatColor(v: number, max: number): string {
  // Same scale as the chart: #f3f7fc → #9ecae1 → #2166ac.
  const stops: Array<[number, number, number]> = [[0xf3, 0xf7, 0xfc], [0x9e, 0xca, 0xe1], [0x21, 0x66, 0xac]];
  const x = max > 0 ? Math.min(1, v / max) : 0;
  const seg = x <= 0.5 ? 0 : 1;
  const t = seg === 0 ? x / 0.5 : (x - 0.5) / 0.5;
  const a = stops[seg];
  const b = stops[seg + 1];
  const c = a.map((ai, i) => Math.round(ai + (b[i] - ai) * t));
  return `#${c.map((n) => n.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * What the drill-down keeps of one finding, made while its document's text is at hand: the finding
 * as it stands in the original text, the highlight ranges in it, and the labels shown. Categories
 * are ids here; they become column indexes when the page is rendered. Holds no reference to the
 * document (every string is an own copy).
 */
export interface DrillSource {
  id: string;
  doc_id: string;
  seq: number;
  /** unitOf(document); without the document, the finding's unit. */
  unit: string;
  number: string;
  /** document kind label and document id */
  kind: string;
  title: string;
  /** the finding as it stands in the document (its normalized text when the span is unusable) */
  text: string;
  /** highlight ranges in `text`: [start, end, category id], every evidence category */
  marks: Array<[number, number, string]>;
  primary: string;
  /** primary first, then the other categories, without repeats */
  categories: string[];
  /** [category id, "words（field，rule）"] per evidence */
  evidence: Array<[string, string]>;
  /** progress label */
  progress: string | null;
  /** measures as they stand in the document */
  measures: string | null;
}

/** The drill-down record of a finding; `doc` is its document (with its text), when known. */
export function drillSource(f: TaggedFinding, doc: DocumentRecord | undefined): DrillSource {
  const [s0, s1] = f.span;
  const original = doc && s1 <= doc.text.length && s0 < s1 ? doc.text.slice(s0, s1) : null;
  const t = original ?? f.text;
  const marks: Array<[number, number, string]> = [];
  for (const e of f.evidence) {
    if (original !== null) {
      for (const [a, b] of e.spans) if (a >= s0 && b <= s1 && a < b) marks.push([a - s0, b - s0, own(e.category)]);
    } else {
      for (const w of new Set([...e.terms, ...e.words])) {
        if (!w) continue;
        for (let at = t.indexOf(w); at >= 0; at = t.indexOf(w, at + w.length)) marks.push([at, at + w.length, own(e.category)]);
      }
    }
  }
  const evidence = f.evidence.map((e): [string, string] => [
    own(e.category),
    own(`${[...new Set(e.words.length ? e.words : e.terms)].join('、')}（${FIELD_LABELS[e.field] ?? e.field}，规则 ${e.rule}）`),
  ]);
  const measures = doc && f.measures_span && f.measures_span[1] <= doc.text.length ? doc.text.slice(f.measures_span[0], f.measures_span[1]) : f.measures;
  return {
    id: own(f.id),
    doc_id: own(f.doc_id),
    seq: f.seq,
    unit: own(doc ? unitOf(doc) : (f.unit ?? '')),
    number: own(f.number),
    kind: own(`${kindLabel(f.doc_kind)} · ${f.doc_id}`),
    title: own(f.title),
    text: own(t),
    marks,
    primary: own(f.primary),
    categories: [...new Set([f.primary, ...f.categories])].map((c) => own(c)),
    evidence,
    progress: own(f.progress ? PROGRESS_LABELS[f.progress] + (f.progress_text ? `（${f.progress_text}）` : '') : f.progress_text),
    measures: own(measures ?? null),
  };
}

/** Drill-down order: document id (code points), then seq, then id. */
export function compareDrill(a: Pick<DrillSource, 'doc_id' | 'seq' | 'id'>, b: Pick<DrillSource, 'doc_id' | 'seq' | 'id'>): number {
  return cmpStr(a.doc_id, b.doc_id) || a.seq - b.seq || cmpStr(a.id, b.id);
}

function drillFindings(s: Summary, sources: DrillSource[]): DrillFinding[] {
  const colIndex = new Map(s.categories.map((c, i) => [c.id, i]));
  const units = s.groupings.find((g) => g.key === 'unit')!.groups.map((g) => g.value);
  const unitIndex = new Map(units.map((u, i) => [u, i]));
  const sorted = [...sources].sort(compareDrill);
  return sorted.map((f, o) => {
    const marks: Array<[number, number, number]> = [];
    for (const [a, b, cat] of f.marks) {
      const ci = colIndex.get(cat);
      if (ci !== undefined) marks.push([a, b, ci]);
    }
    marks.sort((a, b) => a[0] - b[0] || b[1] - a[1] || a[2] - b[2]);
    const m: Array<[number, number, number]> = [];
    let end = 0;
    for (const mk of marks) {
      if (mk[0] >= end) {
        m.push(mk);
        end = mk[1];
      }
    }
    return {
      id: f.id,
      u: unitIndex.get(f.unit) ?? 0,
      o,
      n: f.number,
      k: f.kind,
      ti: f.title,
      t: f.text,
      m,
      p: colIndex.get(f.primary) ?? 0,
      c: f.categories.filter((id) => colIndex.has(id)).map((id) => colIndex.get(id)!),
      ev: f.evidence.filter(([c]) => colIndex.has(c)).map(([c, text]) => [colIndex.get(c)!, text]),
      pr: f.progress,
      ms: f.measures,
    };
  });
}

function th(labels: string[]): string {
  return `<thead><tr>${labels.map((l) => `<th scope="col" tabindex="0">${l}</th>`).join('')}</tr></thead>`;
}

function countsTable(s: Summary, g: Grouping, clickable: boolean): string {
  const max = Math.max(1, ...g.groups.flatMap((gr) => gr.categories.map((c) => c.primary)));
  const head = th([h(g.label), '文件数', '问题数', ...s.categories.map((c) => h(c.label))]);
  const rows = g.groups
    .map((gr, r) => {
      const cells = gr.categories
        .map((c, j) => {
          const style = `background:${heatColor(c.primary, max)};color:${c.primary / max > 0.6 ? '#fff' : '#111'}`;
          const content = clickable
            ? `<button type="button" class="xc-cellbtn" data-xc-cell="${r},${j}" aria-pressed="false" title="${h(`${gr.label} × ${c.label}：查看 ${c.primary} 条问题`)}">${c.primary}</button>`
            : String(c.primary);
          return `<td class="xc-num${clickable ? ' xc-hm' : ''}" data-v="${c.primary}" style="${style}">${content}</td>`;
        })
        .join('');
      return `<tr><th scope="row" data-v="${h(gr.label)}">${h(gr.label)}</th><td class="xc-num">${gr.documents}</td><td class="xc-num">${gr.findings}</td>${cells}</tr>`;
    })
    .join('\n');
  const totals = s.categories.map((_, j) => g.groups.reduce((t, gr) => t + gr.categories[j].primary, 0));
  const foot = `<tfoot><tr><th scope="row">合计</th><td class="xc-num">${g.groups.reduce((t, gr) => t + gr.documents, 0)}</td><td class="xc-num">${g.groups.reduce((t, gr) => t + gr.findings, 0)}</td>${totals.map((t) => `<td class="xc-num">${t}</td>`).join('')}</tr></tfoot>`;
  return `<div class="xc-scroll"><table class="xc-sortable xc-counts" data-grouping="${h(g.key)}">${head}<tbody>\n${rows}\n</tbody>${foot}</table></div>`;
}

function sharesTable(s: Summary, g: Grouping): string {
  const head = th(['单位', ...s.categories.map((c) => h(c.label))]);
  const rows = g.groups
    .filter((gr) => gr.findings > 0)
    .map((gr) => `<tr><th scope="row">${h(gr.label)}</th>${gr.categories.map((c) => `<td class="xc-num" data-v="${c.primary_share}">${pct(c.primary_share)}<span class="xc-muted">（${pct(c.any_share)}）</span></td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="xc-scroll"><table class="xc-sortable">${head}<tbody>\n${rows}\n</tbody></table></div>`;
}

function residualTable(s: Summary, g: Grouping, a: Association): string {
  const label = (id: string) => s.categories.find((c) => c.id === id)?.label ?? id;
  const head = th([h(g.label), ...a.columns.map((c) => h(label(c)))]);
  const rows = a.rows
    .map((row) => {
      const cells = a.columns
        .map((col) => {
          const c = a.cells.find((x) => x.row === row && x.column === col)!;
          const cls = c.significant ? (c.direction === 'over' ? 'xc-over' : 'xc-under') : c.small_expected ? 'xc-small' : '';
          const arrow = c.significant ? (c.direction === 'over' ? ' ↑' : ' ↓') : '';
          const tip = `观察 ${c.observed}，期望 ${c.expected.toFixed(2)}${c.small_expected ? '（期望频数小于 5，仅供参考）' : ''}`;
          return `<td class="xc-num ${cls}" data-v="${c.residual}" title="${h(tip)}">${signed(c.residual)}${arrow}${c.small_expected ? ' †' : ''}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${h(g.key === 'kind' ? kindLabel(row) : row)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="xc-scroll"><table class="xc-sortable xc-residuals">${head}<tbody>\n${rows}\n</tbody></table></div>`;
}

function testBlock(s: Summary, g: Grouping): string {
  const a = g.association;
  if (a.status !== 'ok') return `<p class="xc-note">不作检验：${h(g.label)}少于两组有问题，或问题只落在一个类别，无法比较。</p>`;
  const parts = [
    `<p class="xc-test">${h(describeTest(a, g.label))}</p>`,
    '<p class="xc-note">表中为调整标准化残差（Haberman 1973）：≥ 1.96 表示该类别在该组中明显偏多（↑，红），≤ −1.96 表示明显偏少（↓，蓝），约相当于单元格 p &lt; 0.05。',
    `标注 † 的单元格期望频数小于 5（共 ${a.small_expected_cells}/${a.cells_total} 格），残差只作参考，不判为显著。</p>`,
  ];
  if (!a.approximation_ok) parts.push('<p class="xc-warn">注意：期望频数小于 5 的单元格超过 20%（或有小于 1 的），卡方近似不可靠，p 值仅供参考。</p>');
  parts.push(residualTable(s, g, a));
  return parts.join('\n');
}

function keywordsTable(groups: KeyWordGroup[], head: string): string {
  if (!groups.length) return '<p class="xc-note">（无）</p>';
  const rows = groups
    .map((g) => {
      const words = g.words.length
        ? g.words
            .map((w) => `<span class="xc-word${w.significant ? ' xc-sig' : ''}" title="${h(`组内 ${w.count} 次，其余 ${w.rest_count} 次，出现于 ${w.findings} 条问题${w.g2 !== null ? `，G² = ${w.g2.toFixed(2)}` : ''}`)}">${h(w.word)}<small>${w.count}${w.g2 !== null ? ` · ${w.g2.toFixed(1)}` : ''}</small></span>`)
            .join(' ')
        : '<span class="xc-muted">（出现 2 次以上的相对高频词不足）</span>';
      return `<tr><th scope="row">${h(g.label)}</th><td>${words}</td></tr>`;
    })
    .join('\n');
  return `<div class="xc-scroll"><table class="xc-keywords"><thead><tr><th scope="col">${h(head)}</th><th scope="col">特征词（组内次数 · G²；加粗为 p &lt; 0.05）</th></tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function linkageBlock(u: UnitLinkage): string {
  const out: string[] = [`<details class="xc-link" open><summary><strong>${h(u.unit)}</strong> <span class="xc-badge xc-${u.status}">${statusLabel(u.status)}</span></summary>`];
  const docs = [...u.feedback_documents.map((d) => `反馈：${h(d)}`), ...u.rectification_documents.map((d) => `整改：${h(d)}`)];
  out.push('<ul>');
  out.push(`<li>文件：${docs.join('；')}</li>`);
  if (u.status === 'both') {
    out.push(`<li>反馈问题 <b>${u.problems_raised}</b> 个，已找到对应整改条目 <b>${u.answered}</b> 个（${pct(u.answered_share ?? 0)}），未见整改回应 <b>${u.unanswered.length}</b> 个；整改通报中找不到对应反馈问题的条目 <b>${u.unmatched_answers.length}</b> 个。</li>`);
  } else if (u.status === 'feedback-only') {
    out.push(`<li>反馈问题 <b>${u.problems_raised}</b> 个；未提供该单位的整改情况通报，无法判断各问题是否得到整改回应。</li>`);
  } else {
    out.push(`<li>整改条目 <b>${u.rectification_items}</b> 个；未提供该单位的巡察反馈意见，无法核对是否逐条回应。</li>`);
  }
  if (u.rectification_items !== null) out.push(`<li>整改进度（文件逐条所述）：${progressLine(u.progress)}</li>`);
  if (u.stated.length) out.push(`<li>文件所述完成情况：${u.stated.map((s) => `“${h(s.text)}”（${statedKindLabel(s.kind)}）`).join('；')}</li>`);
  else if (u.rectification_items !== null) out.push('<li>文件所述完成情况：整改通报未写明完成数量或完成率。</li>');
  out.push('</ul>');
  const prog = (p: string | null) => (p ? (PROGRESS_LABELS as Record<string, string>)[p] ?? p : '未说明');
  if (u.links.length) {
    out.push(
      `<div class="xc-scroll"><table class="xc-sortable">${th(['反馈问题', '整改条目', '相似度', '措施数', '进度'])}<tbody>\n${u.links
        .map((l) => `<tr><td>${h(`${l.feedback.number} ${l.feedback.title}`)}</td><td>${h(`${l.rectification.number} ${l.rectification.title}`)}</td><td class="xc-num" data-v="${l.score}">${l.score.toFixed(2)}</td><td class="xc-num">${l.measures_count ?? '—'}</td><td>${prog(l.progress)}</td></tr>`)
        .join('\n')}\n</tbody></table></div>`,
    );
  }
  if (u.status === 'both') {
    const list = (xs: UnitLinkage['unanswered']) => (xs.length ? `<ul>${xs.map((f) => `<li>${h(`${f.number} ${f.title}`)}</li>`).join('')}</ul>` : '<p class="xc-muted">无</p>');
    out.push(`<h4>未见整改回应的反馈问题</h4>${list(u.unanswered)}`);
    out.push(`<h4>无对应反馈问题的整改条目</h4>${list(u.unmatched_answers)}`);
  }
  if (u.status === 'rectification-only' && u.items.length) {
    out.push(
      `<div class="xc-scroll"><table class="xc-sortable">${th(['整改条目', '措施数', '进度'])}<tbody>\n${u.items
        .map((i) => `<tr><td>${h(`${i.number} ${i.title}`)}</td><td class="xc-num">${i.measures_count ?? '—'}</td><td>${prog(i.progress)}</td></tr>`)
        .join('\n')}\n</tbody></table></div>`,
    );
  }
  out.push('</details>');
  return out.join('\n');
}

function styles(s: Summary): string {
  const catCss = s.categories.map((c, i) => `.xc-c${i}{background:${categoryColor(i, c.id)}33;border-bottom:2px solid ${categoryColor(i, c.id)}}`).join('\n');
  return `
*{box-sizing:border-box}
body{margin:0;font-family:${FONT_STACK};color:#1a1a1a;background:#f6f7f9;line-height:1.6;font-size:15px}
main{max-width:1200px;margin:0 auto;padding:16px 24px 48px;background:#fff}
header h1{font-size:26px;margin:8px 0 4px}
h2{font-size:20px;border-left:5px solid #b22222;padding-left:10px;margin:32px 0 12px}
h3{font-size:17px;margin:20px 0 8px}
h4{font-size:15px;margin:12px 0 4px}
.xc-meta,.xc-muted{color:#666;font-size:13px}
.xc-cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.xc-card{flex:1 1 150px;border:1px solid #e2e5ea;border-radius:6px;padding:10px 14px;background:#fafbfc}
.xc-card b{display:block;font-size:26px;color:#b22222}
.xc-scroll{overflow-x:auto;margin:8px 0}
table{border-collapse:collapse;font-size:14px;min-width:50%}
th,td{border:1px solid #dde1e6;padding:5px 8px;text-align:left;vertical-align:top}
thead th{background:#eef1f5;cursor:pointer;user-select:none;white-space:nowrap}
thead th[aria-sort=ascending]::after{content:" ▲";font-size:10px}
thead th[aria-sort=descending]::after{content:" ▼";font-size:10px}
tfoot td,tfoot th{background:#f7f8fa;font-weight:bold}
.xc-num{text-align:right;font-variant-numeric:tabular-nums}
.xc-hm{padding:0}
.xc-cellbtn{all:unset;display:block;width:100%;padding:5px 8px;text-align:right;cursor:pointer;box-sizing:border-box}
.xc-cellbtn:focus-visible,[data-xc-cell]:focus{outline:2px solid #d62728;outline-offset:-2px}
.xc-cellbtn[aria-pressed=true]{outline:3px solid #d62728;outline-offset:-3px}
.xc-chart{overflow-x:auto;margin:8px 0}
.xc-chart-svg{max-width:100%;height:auto}
.xc-chart-svg text{pointer-events:none}
.xc-chart-svg [data-xc-cell]{cursor:pointer}
.xc-chart-svg [data-xc-cell][aria-pressed=true]{stroke:#d62728;stroke-width:3}
.xc-over{background:#fde0dd}
.xc-under{background:#deebf7}
.xc-small{color:#888;font-style:italic}
.xc-test{font-weight:bold}
.xc-note{color:#444;font-size:14px}
.xc-warn{color:#a94400;font-size:14px}
.xc-word{display:inline-block;margin:2px 6px 2px 0;padding:0 6px;border-radius:3px;background:#f0f2f5}
.xc-word small{color:#777;margin-left:3px}
.xc-sig{font-weight:bold;background:#fff1d6}
.xc-badge{font-size:12px;padding:1px 8px;border-radius:10px;background:#eee;margin-left:6px}
.xc-both{background:#d9f2e3}.xc-feedback-only{background:#fff1d6}.xc-rectification-only{background:#e3ecfa}
.xc-link{border:1px solid #e2e5ea;border-radius:6px;padding:8px 14px;margin:10px 0}
.xc-link summary{cursor:pointer}
.xc-filters{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:center;position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #e2e5ea;z-index:1}
.xc-filters select,.xc-filters button{font:inherit;padding:2px 6px}
#xc-selection{font-weight:bold}
.xc-title{font-weight:bold}
.xc-text{white-space:pre-wrap;margin:4px 0}
.xc-measures{margin:4px 0;color:#234}
.xc-evidence{font-size:13px;margin-top:4px}
.xc-tag{padding:0 4px;border-radius:3px;white-space:nowrap}
.xc-id{font-size:12px;color:#999}
.xc-drill-table td:first-child{min-width:7em}
.xc-drill-table td:nth-child(2){min-width:9em;word-break:break-all}
mark{color:inherit;padding:0 1px}
${catCss}
footer{margin-top:40px;border-top:1px solid #ddd;padding-top:8px;color:#666;font-size:13px}
html:not(.xc-js) .xc-needs-js{display:none}
@media print{.xc-filters{position:static}body{background:#fff}}
`;
}

/** Units drawn in the charts at most; beyond this a heatmap is unreadable and slow to render. */
export const CHART_UNITS = 40;

/** Indices (ascending) of the `limit` units with most findings, or null when all fit. */
export function chartedUnits(findings: number[], limit: number): number[] | null {
  if (findings.length <= limit) return null;
  return findings
    .map((n, i) => [n, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, limit)
    .map(([, i]) => i)
    .sort((a, b) => a - b);
}

export function renderHtml(input: HtmlInput, opts: HtmlOptions = {}): string {
  return renderWhole(htmlStream({ ...input, summary: withoutUnits(input.summary) }, opts), input.summary.linkage.units);
}

/**
 * report.html a unit at a time (see stream.ts): the same bytes as renderHtml. Everything but the
 * linkage's units (charts, tables, the drill-down data) is made at once; each unit's block then
 * comes on its own.
 */
export function htmlStream(input: HtmlInput, opts: HtmlOptions = {}): ReportStream {
  const s = input.summary;
  const title = opts.title ?? '巡察发现问题对比分析报告';
  const units = s.groupings.find((g) => g.key === 'unit')!;
  const others = s.groupings.filter((g) => g.key !== 'unit');
  const rows = units.groups.map((g) => g.label);
  const counts = units.matrix.counts;
  // With many units the charts show the CHART_UNITS units with most findings (in table order); the
  // tables list every unit, and their cells drill down like the chart cells.
  const charted = chartedUnits(units.groups.map((g) => g.findings), CHART_UNITS);
  const chartInput = charted
    ? { rows: charted.map((i) => rows[i]), columns: s.categories, counts: charted.map((i) => counts[i]), rowIndex: charted }
    : { rows, columns: s.categories, counts };
  const chartNote = charted
    ? `<p class="xc-note">共 ${rows.length} 个单位，图中只显示问题数最多的 ${charted.length} 个；全部单位见下表。</p>`
    : '';
  const heat = heatmapChart(chartInput);
  const bars = barsChart(chartInput);
  let sources: DrillSource[];
  if ('drill' in input) sources = input.drill;
  else {
    const docs = new Map(input.documents.map((d) => [d.id, d]));
    sources = input.findings.map((f) => drillSource(f, docs.get(f.doc_id)));
  }
  const drill = drillFindings(s, sources);
  // A limited list (the streaming builder keeps the first findings only): the page says so, and the
  // script gets the full count of every unit × category so that it can say how many are not listed.
  const limited = drill.length < s.totals.findings;
  const data = {
    xuncha_version: s.xuncha_version,
    ruleset_hash: s.ruleset_hash,
    units: rows,
    categories: s.categories.map((c, i) => ({ id: c.id, label: c.label, color: categoryColor(i, c.id) })),
    findings: drill,
    ...(limited
      ? { more: { total: s.totals.findings, units: units.groups.map((g) => [g.findings, g.categories.map((c) => c.primary), g.categories.map((c) => c.any)]) } }
      : {}),
  };

  const kinds = s.totals.documents_by_kind.map((k) => `${h(k.label)} ${k.count}`).join('，');
  const body: string[] = [];
  body.push(`<header><h1>${h(title)}</h1><p class="xc-meta">xuncha ${h(s.xuncha_version)} · 规则集哈希 <code>${h(s.ruleset_hash)}</code></p></header>`);

  body.push('<section id="xc-overview"><h2>一、概览</h2><div class="xc-cards">');
  body.push(`<div class="xc-card"><b>${s.totals.documents}</b>文件${kinds ? `<div class="xc-muted">${kinds}</div>` : ''}</div>`);
  body.push(`<div class="xc-card"><b>${s.totals.units}</b>单位</div>`);
  body.push(`<div class="xc-card"><b>${s.totals.findings}</b>问题（不含意见建议）</div>`);
  body.push(`<div class="xc-card"><b>${s.totals.uncategorized}</b>未归类问题</div>`);
  body.push('</div>');
  body.push(`<p class="xc-note">问题类别（按规则集顺序）：${s.categories.map((c, i) => `<span class="xc-tag xc-c${i}">${h(c.label)}</span>`).join(' ')}</p>`);
  if (s.totals.recommendations_excluded) body.push(`<p class="xc-note">另有意见建议 ${s.totals.recommendations_excluded} 条，未计入问题统计。</p>`);
  if (s.totals.documents_without_findings.length) body.push(`<p class="xc-warn">未提取到问题的文件：${s.totals.documents_without_findings.map(h).join('；')}</p>`);
  body.push('</section>');

  body.push('<section id="xc-matrix"><h2>二、单位 × 类别（按主类别计数）</h2>');
  body.push(
    limited
      ? `<p class="xc-note xc-needs-js">点击热力图或表格中的任一格，可在下方“问题明细”中查看该单位该类别的问题及证据词（明细仅列出前 ${drill.length} 条问题）。</p>`
      : '<p class="xc-note xc-needs-js">点击热力图或表格中的任一格，可在下方“问题明细”中查看该单位该类别的全部问题及证据词。</p>',
  );
  body.push(`<figure class="xc-chart" id="xc-heatmap">${heat.svg}</figure>${chartNote}`);
  body.push(countsTable(s, units, true));
  body.push('</section>');

  body.push('<section id="xc-shares"><h2>三、各单位类别分布</h2>');
  body.push(`<figure class="xc-chart" id="xc-bars">${bars.svg}</figure>${chartNote}`);
  body.push('<p class="xc-note">下表每格为主类别占该单位问题数的比例，括号内为含次要类别的比例（一个问题可属多个类别，括号内各项之和可超过 100%）。</p>');
  body.push(sharesTable(s, units));
  body.push('</section>');

  body.push('<section id="xc-test"><h2>四、类别分布差异检验</h2>');
  body.push(testBlock(s, units));
  body.push('</section>');

  let n = 5;
  const num = () => ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][n++] ?? String(n - 1);
  if (others.length) {
    body.push(`<section id="xc-groupings"><h2>${num()}、按其他维度分组</h2>`);
    for (const g of others) {
      body.push(`<h3>按${h(g.label)}</h3>`);
      body.push(countsTable(s, g, false));
      body.push(testBlock(s, g));
    }
    body.push('</section>');
  }

  body.push(`<section id="xc-keywords"><h2>${num()}、特征词</h2>`);
  body.push(`<p class="xc-note">方法：对数似然比关键词分析（log-likelihood keyness，Dunning G²），每组与其余问题文本比较；分词后去除标点、数字、单字和常用虚词，组内至少出现 ${s.distinctive.min_count} 次，每组最多列 ${s.distinctive.top} 个。只有一组时无参照，按词频列出。</p>`);
  body.push('<h3>按单位</h3>', keywordsTable(s.distinctive.by_unit, '单位'));
  body.push('<h3>按类别（主类别）</h3>', keywordsTable(s.distinctive.by_category, '类别'));
  body.push('</section>');

  body.push(`<section id="xc-linkage"><h2>${num()}、反馈问题与整改回应</h2>`);
  body.push(`<p class="xc-note">方法：对同一单位的反馈意见与整改通报，将每个问题分词后按 TF-IDF 加权计算余弦相似度，相似度不低于 ${s.linkage.threshold} 的按得分从高到低一一配对。进度与完成数以文件所写为准。</p>`);
  // (the units' blocks come here)
  const before = body.splice(0);
  body.push('</section>');

  body.push(`<section id="xc-drill"><h2>${num()}、问题明细</h2>`);
  body.push('<noscript><p class="xc-warn">问题明细与筛选需要启用脚本；以上图表和表格无需脚本即可查看。</p></noscript>');
  if (limited) {
    body.push(
      `<p class="xc-warn" id="xc-limit">明细仅列出前 ${drill.length} 条问题（共 ${s.totals.findings} 条，按文件编号和问题顺序），完整列表见 findings.csv。以上图表和统计表计入全部问题；点击某格时，下方列出该格中位于前 ${drill.length} 条之内的问题，并注明另有多少条未列出。</p>`,
    );
  }
  body.push('<div class="xc-filters xc-needs-js">');
  body.push(`<label>单位 <select id="xc-f-unit"><option value="">全部单位</option>${rows.map((r, i) => `<option value="${i}">${h(r)}</option>`).join('')}</select></label>`);
  body.push(`<label>类别 <select id="xc-f-cat"><option value="">全部类别</option>${s.categories.map((c, i) => `<option value="${i}">${h(c.label)}</option>`).join('')}</select></label>`);
  body.push('<label>匹配 <select id="xc-f-mode"><option value="primary">主类别</option><option value="any">任一类别（含次要）</option></select></label>');
  body.push('<button type="button" id="xc-f-reset">清除筛选</button>');
  body.push('<span id="xc-selection" aria-live="polite"></span> <span id="xc-count" class="xc-muted"></span>');
  body.push('</div>');
  body.push(`<div class="xc-scroll xc-needs-js"><table class="xc-sortable xc-drill-table">${th(['单位', '编号', '问题（证据词高亮）', '主类别', '其他类别', '整改进度'])}<tbody id="xc-list"></tbody></table></div>`);
  body.push('</section>');

  body.push(`<footer>由 xuncha ${h(s.xuncha_version)} 生成 · 规则集哈希 <code>${h(s.ruleset_hash)}</code> · summary 格式版本 ${s.schema_version} · 本页离线可用，不加载任何外部资源。</footer>`);

  const head = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="xuncha ${h(s.xuncha_version)}">
<meta name="xuncha-ruleset-hash" content="${h(s.ruleset_hash)}">
<title>${h(title)}</title>
<style>${styles(s)}</style>
</head>
<body>
<main>
${before.join('\n')}`;
  const tail = `${body.join('\n')}
</main>
<script type="application/json" id="xc-data">${jsonForScript(data)}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
  return {
    head: () => head,
    unit: (u) => `\n${linkageBlock(u)}`,
    tail: (count) => `${count ? '' : '\n<p class="xc-note">没有识别为反馈意见或整改通报的文件。</p>'}\n${tail}`,
  };
}
