/** Document metadata: title, kind, unit, inspector, inspection type and dates. */
import type { DocumentMeta } from './types.js';
import type { Line } from './lines.js';
import { trimRange } from './lines.js';
import { detectKind } from './kind.js';
import { findDates, findPeriod } from './dates.js';
import { normalizeUnit, orgFromOpening, orgFromSignature, orgFromTitle, resolveUnit, type OrgName } from './unit.js';

/** Lines that precede or decorate a title on web pages (发布日期, 来源, breadcrumbs). */
const META_LINE = /^(?:发布(?:日期|时间)|发表(?:日期|时间)|日期|时间|来源|作者|编辑|责任编辑|字号|浏览|点击|阅读|分享|打印|关闭|当前位置|您的位置|首页|【)/;

/**
 * The fields of a government information-disclosure page (政府信息公开), as labels ending with a
 * colon; group 1: the field that holds the document's title.
 */
const DISCLOSURE_FIELD = /^(?:(文件名称|标题|名称)|信息索引号|索引号|发布机构|发文机关|发文机构|成文日期|发布日期|公开方式|公开范围|公开时限|主题分类|体裁分类|组配分类|文号|发文字号|生效日期|有效性|所属机构|信息来源|关键词)\s*[:：]/;
const BULLET = '•·●▪◆■-*';

function nextNonEmpty(text: string, lines: Line[], from: number): number {
  for (let j = from; j < Math.min(lines.length, from + 3); j++) {
    const [s, e] = trimRange(text, lines[j].start, lines[j].end);
    if (s < e) return j;
  }
  return -1;
}

export interface TitleInfo { title: string | null; lineIndex: number }

/** How the title of a report ends (反馈意见, 通报, 整改情况的报告 …). */
const TITLE_END = /(?:意见|通报|报告|情况|通知|公告|方案)$/;

/** The title: the first non-empty line that is not web-page chrome (with its wrapped second line). */
export function findTitle(text: string, lines: Line[]): TitleInfo {
  const limit = Math.min(lines.length, 40);
  for (let i = 0; i < limit; i++) {
    let [s, e] = trimRange(text, lines[i].start, lines[i].end);
    while (s < e && BULLET.includes(text[s])) s++;
    [s, e] = trimRange(text, s, e);
    if (s >= e) continue;
    const head = text.slice(s, Math.min(e, s + 40));
    // A government disclosure page's table (• 信息索引号： … • 文件名称： 中共…的通报 • 发布机构： …):
    // the title is the 文件名称 (or 标题) field; every other field and its value is skipped.
    const field = DISCLOSURE_FIELD.exec(head);
    if (field) {
      const rest = trimRange(text, s + field[0].length, e);
      const valueLine = rest[0] < rest[1] ? i : nextNonEmpty(text, lines, i + 1);
      if (field[1] && valueLine >= 0) {
        const [vs, ve] = valueLine === i ? rest : trimRange(text, lines[valueLine].start, lines[valueLine].end);
        return { title: text.slice(vs, Math.min(ve, vs + 300)), lineIndex: valueLine };
      }
      if (valueLine > i) i = valueLine;
      continue;
    }
    if (META_LINE.test(head)) continue;
    const title = text.slice(s, Math.min(e, s + 300));
    // A title wrapped onto a second line (a PDF, a narrow column): "…关于巡察县自然资源局党组" + "的反馈意见".
    if (i + 1 < lines.length && !TITLE_END.test(title)) {
      const [ns, ne] = trimRange(text, lines[i + 1].start, lines[i + 1].end);
      const next = text.slice(ns, ne);
      if (ne - ns > 0 && ne - ns <= 24 && TITLE_END.test(next) && !/[。；;！？]/.test(next)) return { title: title + next, lineIndex: i + 1 };
    }
    return { title, lineIndex: i };
  }
  return { title: null, lineIndex: -1 };
}

// The inspection team: 县委第一巡察组, 省委第五巡视组, 中央第三巡视组, 校党委第二巡察组, and the team of a
// system's own Party committee with its name, 市税务局党委第二巡察组, 市烟草专卖局（公司）党组第二巡察组,
// 云岭分行党委第二巡察组.
const INSPECTOR_RE = /(中央|[省市县区州盟旗]委|(?:[省市县区州][\u4e00-\u9fa5]{1,8}?[局厅院](?:[（(][\u4e00-\u9fa5]{1,6}[）)])?|[\u4e00-\u9fa5]{2,8}?(?:分行|支行|银行|公司|集团|大学|学院)|[校院局厅]|公司|集团)?党[委组])?(第[一二三四五六七八九十\d]{1,3})?(?:巡察|巡视)(?:工作)?组/g;

export function findInspector(s: string): string | null {
  INSPECTOR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let weak: string | null = null;
  while ((m = INSPECTOR_RE.exec(s))) {
    if (m[1] && m[2]) return m[0];
    if ((m[1] || m[2]) && !weak) weak = m[0];
  }
  return weak;
}

// The inspection type, only when qualified (常规巡察, 专项巡视, 巡察“回头看”); plain 巡察 is no type.
const TYPE_RE = /(?:常规|专项|机动|提级|交叉|联动|延伸|点穴式|下沉式|嵌入式|异地)(?:巡察|巡视)|(?:巡察|巡视)?[“"‘]?回头看[”"’]?/;

export function findInspectionType(s: string): string | null {
  const m = TYPE_RE.exec(s);
  return m ? m[0] : null;
}

export function extractMeta(text: string, lines: Line[], title: TitleInfo): DocumentMeta {
  const titleStr = title.title ?? '';
  const bodyFrom = title.lineIndex >= 0 ? lines[title.lineIndex].end : 0;
  const openTo = Math.min(text.length, bodyFrom + 3000);
  const opening = text.slice(bodyFrom, openTo);
  const { kind, cue } = detectKind(titleStr, opening);

  const inspector = findInspector(titleStr) ?? findInspector(opening);
  const inspection_type = findInspectionType(titleStr) ?? findInspectionType(opening);

  // Dates: the inspection period and the feedback date from the opening.
  const period = findPeriod(text, bodyFrom, openTo);
  let feedback_date: string | null = null;
  for (const d of findDates(text, bodyFrom, openTo)) {
    if (period && d.start >= period.from && d.end <= period.to) continue;
    const after = text.slice(d.end, Math.min(d.end + 60, openTo));
    const sentence = after.split('。')[0];
    const before = text.slice(Math.max(bodyFrom, d.start - 8), d.start);
    if (/反馈/.test(sentence) || /反馈(?:时间|日期)/.test(before)) { feedback_date = d.iso; break; }
  }

  // Published: a 发布日期 line near the top, else a date line at the end.
  let published: string | null = null;
  const head = text.slice(0, Math.min(text.length, bodyFrom + 400));
  const pub = /(?:发布|发表|公布|更新)(?:日期|时间)[：:] ?|(?:^|\n)(?:日期|时间)[：:] ?/.exec(head);
  if (pub) {
    const d = findDates(text, pub.index + pub[0].length, Math.min(text.length, pub.index + pub[0].length + 24))[0];
    if (d && d.start === pub.index + pub[0].length) published = d.iso;
  }
  const lastLines: string[] = [];
  for (let i = lines.length - 1; i >= 0 && lastLines.length < 4 && i > title.lineIndex; i--) {
    const [s, e] = trimRange(text, lines[i].start, lines[i].end);
    if (s < e) lastLines.push(text.slice(s, Math.min(e, s + 80)));
  }
  if (!published) {
    for (const raw of lastLines) {
      const l = raw.replace(/^[（(\s]+|[）)\s]+$/g, '');
      const d = findDates(l)[0];
      if (d && d.start === 0 && l.length - d.end <= 2) { published = d.iso; break; }
    }
  }

  // Unit: title first, then the opening, then a signature line.
  const cands: OrgName[] = [];
  for (const raw of [orgFromTitle(titleStr, kind), orgFromOpening(opening), orgFromSignature(lastLines)]) {
    const o = raw ? normalizeUnit(raw) : null;
    if (o) cands.push(o);
  }
  const org = resolveUnit(cands);

  return {
    kind,
    kind_cue: cue,
    title: title.title,
    unit: org?.unit ?? null,
    inspected_org: org ? org.unit + (org.suffix ?? '') : null,
    inspector,
    inspection_type,
    period_start: period?.start ?? null,
    period_end: period?.end ?? null,
    feedback_date,
    published,
  };
}
