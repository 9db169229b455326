/**
 * Test helpers: hand-made DocumentRecords and TaggedFindings, with truthful spans and evidence.
 * Used by tests/aggregate, tests/render and tests/browser until the lead's pipeline produces the
 * records (then the browser sample switches to the real run).
 */
import { createHash } from 'node:crypto';
import type { DocumentKind, DocumentRecord, Evidence, Progress, TaggedFinding } from '../../src/model/records.js';
import { normalize, toOriginal } from '../../src/normalize/index.js';

export const CATEGORIES = [
  { id: 'political', label: '政治建设与决策部署落实' },
  { id: 'conduct', label: '作风建设' },
  { id: 'two_responsibility', label: '“两个责任”与廉政风险' },
  { id: 'party_building', label: '党的建设与组织建设' },
  { id: 'finance', label: '财务与资产管理' },
];

/** A few signals per category from /work/shared/taxonomy.md (for synthetic evidence only). */
export const SIGNALS: Record<string, string[]> = {
  political: ['习近平新时代中国特色社会主义思想', '决策部署', '贯彻落实', '意识形态', '履职尽责', '营商环境', '乡村振兴', '脱贫攻坚', '高质量发展', '请示报告', '耕地保护'],
  conduct: ['作风', '形式主义', '官僚主义', '八项规定', '服务群众', '担当作为', '工作纪律'],
  two_responsibility: ['主体责任', '监督责任', '全面从严治党', '一岗双责', '第一责任人', '党风廉政建设', '廉政风险', '风险防控', '警示教育', '以案促改', '问责'],
  party_building: ['基层党组织', '党支部', '民主集中制', '三重一大', '三会一课', '组织生活', '民主生活会', '批评和自我批评', '党员', '党费', '人才', '干部队伍'],
  finance: ['财务', '报销', '公务卡', '票据', '白条', '资金', '专项资金', '资产', '固定资产', '采购'],
};

export function makeDoc(p: { id: string; text: string; kind: DocumentKind; unit: string | null; meta?: Record<string, string>; title?: string | null }): DocumentRecord {
  return {
    id: p.id,
    path: p.id,
    format: 'txt',
    encoding: 'utf-8',
    sha256: createHash('sha256').update(p.text).digest('hex'),
    bytes: Buffer.byteLength(p.text),
    chars: p.text.length,
    kind: p.kind,
    kind_cue: null,
    title: p.title ?? p.text.split('\n')[0] ?? null,
    unit: p.unit,
    inspected_org: p.unit ? `${p.unit}党组` : null,
    inspector: null,
    inspection_type: null,
    period_start: null,
    period_end: null,
    feedback_date: null,
    published: null,
    finding_count: 0,
    meta: p.meta ?? {},
    text: p.text,
  };
}

/** Evidence for `cats` found in original text [start, end) of `doc` (signals searched in the normalized text). */
export function evidenceIn(doc: DocumentRecord, start: number, end: number, titleEnd: number, cats: string[]): Evidence[] {
  const n = normalize(doc.text);
  const out: Evidence[] = [];
  // normalized positions covering [start, end)
  let ns = -1;
  let ne = -1;
  for (let i = 0; i < n.text.length; i++) {
    if (n.starts[i] >= start && ns < 0) ns = i;
    if (n.ends[i] <= end) ne = i + 1;
  }
  if (ns < 0 || ne <= ns) return out;
  const seg = n.text.slice(ns, ne);
  for (const cat of cats) {
    for (const term of SIGNALS[cat] ?? []) {
      const spans: Array<[number, number]> = [];
      for (let at = seg.indexOf(term); at >= 0; at = seg.indexOf(term, at + term.length)) spans.push(toOriginal(n, ns + at, ns + at + term.length));
      if (!spans.length) continue;
      const field = spans[0][0] < titleEnd ? 'title' : 'body';
      out.push({ category: cat, rule: `${cat}.signals`, field, weight: field === 'title' ? 2 : 1, terms: [term], words: spans.map(([a, b]) => doc.text.slice(a, b)), spans });
    }
  }
  return out;
}

export interface ItemSpec {
  title: string;
  /** The finding's number; default: the numbering before the title on its line. */
  number?: string;
  primary: string;
  also?: string[];
  progress?: Progress | null;
  record_kind?: 'finding' | 'recommendation';
}

/**
 * Findings located in a document's text by their titles (titles as in the normalized text).
 * The finding text runs from the title to the end of its line; for rectification documents the
 * following 整改情况/整改措施 line is the measures and a 整改进度 line the progress text.
 */
export function findingsFromText(doc: DocumentRecord, specs: ItemSpec[]): TaggedFinding[] {
  const n = normalize(doc.text);
  let from = 0;
  const out = specs.map((spec, i): TaggedFinding => {
    const at = n.text.indexOf(spec.title, from);
    if (at < 0) throw new Error(`title not found in ${doc.id}: ${spec.title}`);
    const lineStart = n.text.lastIndexOf('\n', at) + 1;
    let lineEnd = n.text.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = n.text.length;
    from = lineEnd;
    const prefix = n.text.slice(lineStart, at);
    const number = spec.number ?? (/^\s*((?:[(（][一二三四五六七八九十]+[)）])?\d*|问题\d+)/.exec(prefix)?.[1] || String(i + 1)).replace(/（/g, '(').replace(/）/g, ')');
    let measures: string | null = null;
    let measuresSpan: [number, number] | null = null;
    let progressText: string | null = null;
    let next = lineEnd + 1;
    while (next < n.text.length) {
      let e = n.text.indexOf('\n', next);
      if (e < 0) e = n.text.length;
      const line = n.text.slice(next, e);
      if (/^(?:整改情况|整改措施)[：:]/.test(line)) {
        measures = line;
        measuresSpan = toOriginal(n, next, e);
      } else if (/^整改进度[：:]/.test(line)) {
        progressText = line.replace(/^整改进度[：:]/, '').replace(/。$/, '');
      } else break;
      from = e;
      next = e + 1;
    }
    const span = toOriginal(n, at, lineEnd);
    const titleSpan = toOriginal(n, at, at + spec.title.length);
    const cats = [spec.primary, ...(spec.also ?? [])].filter((c) => c !== 'none');
    const evidence = evidenceIn(doc, span[0], span[1], titleSpan[1], cats);
    return {
      id: `${doc.id}#${i + 1}`,
      doc_id: doc.id,
      seq: i + 1,
      number,
      number_path: [number],
      heading_path: [],
      title: spec.title,
      text: n.text.slice(at, lineEnd),
      span,
      title_span: titleSpan,
      measures,
      measures_span: measuresSpan,
      progress: spec.progress ?? null,
      progress_text: progressText,
      record_kind: spec.record_kind ?? 'finding',
      unit: doc.unit,
      doc_kind: doc.kind,
      meta: doc.meta,
      categories: spec.primary === 'none' ? ['none'] : [spec.primary, ...(spec.also ?? [])],
      primary: spec.primary,
      scores: Object.fromEntries(cats.map((c, k) => [c, k === 0 ? 3 : 1.5])),
      evidence,
      heading_decided: false,
    };
  });
  doc.finding_count = out.filter((f) => f.record_kind === 'finding').length;
  return out;
}

export interface SynthItem extends ItemSpec {
  body?: string;
  measures?: string;
  progressText?: string;
}

/** A whole synthetic document: "N.title。body" lines (plus 整改情况/整改进度 lines), and its findings. */
export function synthDoc(p: { id: string; unit: string | null; kind: DocumentKind; meta?: Record<string, string>; items: SynthItem[]; header?: string }): { doc: DocumentRecord; findings: TaggedFinding[] } {
  const lines = [p.header ?? `关于巡察${p.unit ?? '某单位'}党组的${p.kind === 'rectification' ? '整改情况通报' : '反馈意见'}`, '二、存在的主要问题'];
  p.items.forEach((it, i) => {
    lines.push(`${i + 1}.${it.title}。${it.body ?? ''}`);
    if (it.measures) lines.push(`整改情况：${it.measures}`);
    if (it.progressText) lines.push(`整改进度：${it.progressText}`);
  });
  const doc = makeDoc({ id: p.id, text: `${lines.join('\n')}\n`, kind: p.kind, unit: p.unit, meta: p.meta });
  return { doc, findings: findingsFromText(doc, p.items) };
}

function items(n: number, primary: string, title: (i: number) => string, also: string[] = []): SynthItem[] {
  return Array.from({ length: n }, (_, i) => ({ title: title(i + 1), primary, also: i < 2 ? also : [] }));
}

/** Unit 县甲局: 12 political (2 also conduct), 5 conduct, 3 finance, + 1 recommendation; 县乙局: 4, 10, 16. */
export function handMadeSet() {
  const a = synthDoc({
    id: 'a-fb.txt',
    unit: '县甲局',
    kind: 'feedback',
    meta: { region: '北区', year: '2022' },
    items: [
      ...items(12, 'political', (i) => `贯彻落实上级决策部署不到位第${i}项`, ['conduct']),
      ...items(5, 'conduct', (i) => `作风建设存在短板第${i}项`),
      ...items(3, 'finance', (i) => `财务报销审核不严第${i}项`),
      { title: '建议加强理论学习', primary: 'political', record_kind: 'recommendation' },
    ],
  });
  const b = synthDoc({
    id: 'b-fb.txt',
    unit: '县乙局',
    kind: 'feedback',
    meta: { region: '南区', year: '2023' },
    items: [
      ...items(4, 'political', (i) => `意识形态工作责任制落实不到位第${i}项`),
      ...items(10, 'conduct', (i) => `形式主义官僚主义问题突出第${i}项`),
      ...items(16, 'finance', (i) => `专项资金使用管理不规范第${i}项`),
    ],
  });
  const c = makeDoc({ id: 'c-rc.txt', text: '中共县丙局党组关于巡察整改情况的通报\n（正文略）\n', kind: 'rectification', unit: '县丙局' });
  return { documents: [a.doc, b.doc, c], findings: [...a.findings, ...b.findings] };
}

const FIXTURES = new URL('./fixtures/', import.meta.url);

/** The fixture pair: a feedback of 县自然资源局 (6 problems) and its rectification report (6 items, 5 answering). */
export function naturePair(readText: (url: URL) => string) {
  const fb = makeDoc({ id: 'nature/feedback.txt', text: readText(new URL('nature-feedback.txt', FIXTURES)), kind: 'feedback', unit: '县自然资源局' });
  const rc = makeDoc({ id: 'nature/rectification.txt', text: readText(new URL('nature-rectification.txt', FIXTURES)), kind: 'rectification', unit: '县自然资源局' });
  const feedback = findingsFromText(fb, [
    { title: '耕地保护责任落实不到位', primary: 'political' },
    { title: '意识形态工作责任制落实不到位', primary: 'political' },
    { title: '党组主体责任落实不力', primary: 'two_responsibility' },
    { title: '形式主义官僚主义问题依然存在', primary: 'conduct' },
    { title: '“三会一课”制度落实不严格', primary: 'party_building' },
    { title: '财务管理制度执行不严格', primary: 'finance' },
  ]);
  const rectification = findingsFromText(rc, [
    { title: '财务管理制度执行不严格', primary: 'finance', progress: 'done' },
    { title: '耕地保护监管不力', primary: 'political', progress: 'in-progress' },
    { title: '党组落实主体责任不到位', primary: 'two_responsibility', progress: 'done' },
    { title: '服务群众存在形式主义', primary: 'conduct', progress: 'done' },
    { title: '基层党支部组织生活不规范', primary: 'party_building', progress: 'done' },
    { title: '信访举报件办理不及时', primary: 'conduct', progress: 'in-progress' },
  ]);
  return { documents: [fb, rc], findings: [...feedback, ...rectification] };
}

/** The hand-made set plus the nature pair, as report-builder input (render tests). */
export function sampleReportInput(readText: (url: URL) => string, rulesetHash: string) {
  const hm = handMadeSet();
  const pair = naturePair(readText);
  return {
    documents: [...hm.documents, ...pair.documents],
    findings: [...hm.findings, ...pair.findings],
    categories: CATEGORIES,
    rulesetHash,
    version: '0.1.0',
  };
}
