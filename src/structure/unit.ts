/**
 * The inspected unit. Written forms vary (县检察院党组, 县人民检察院, 中共深圳市人民检察院党组,
 * 市检察院党组); the normalized unit strips the Party body suffix and the leading 中共, restores the
 * 人民 of courts and procuratorates, and resolves a short form (市人民检察院) to the full name found
 * in the document (深圳市人民检察院).
 */

const ORG_SUFFIX = /(党组|党委|党支部|党工委|党总支|党组织|领导班子)$/;
const LEAD = /^(?:中共|中国共产党)/;

export interface OrgName {
  /** Normalized unit. */
  unit: string;
  /** Party body suffix as written (党组…), or null. */
  suffix: string | null;
}

export function normalizeUnit(raw: string): OrgName | null {
  let s = raw.trim().replace(/^[“”"'‘’《》\s]+|[“”"'‘’《》\s]+$/g, '');
  s = s.replace(LEAD, '');
  const m = ORG_SUFFIX.exec(s);
  const suffix = m ? m[1] : null;
  if (m) s = s.slice(0, s.length - m[1].length);
  s = s.replace(LEAD, '');
  // 检察院 / 法院 without 人民 → 人民检察院 / 人民法院 (县检察院 → 县人民检察院, 中级法院 → 中级人民法院).
  s = s.replace(/(?<!人民)检察院/g, '人民检察院').replace(/(?<!人民)法院/g, '人民法院');
  if (s.length < 2) return null;
  return { unit: s, suffix };
}

/**
 * Pick the unit from candidates (best first). A candidate that is a short form of a longer one
 * (市人民检察院 inside 深圳市人民检察院) resolves to the longer one.
 */
export function resolveUnit(cands: OrgName[]): OrgName | null {
  if (!cands.length) return null;
  const first = cands[0];
  let unit = first.unit;
  for (const c of cands) {
    if (c.unit.length > unit.length && c.unit.endsWith(unit)) unit = c.unit;
  }
  const suffix = cands.find((c) => c.suffix)?.suffix ?? null;
  return { unit, suffix };
}

// A unit name: CJK characters (and a few name characters), bounded length.
// A unit name never contains 巡察/巡视/关于/反馈/整改 (those belong to the surrounding phrase:
// "…开展巡察整改“回头看”情况的反馈意见").
const NAME = '(?:(?!巡[察视]|关于|反馈|整改|意见)[\\u4e00-\\u9fff·“”]){2,30}?';
const SUFFIX_OPT = '(?:党组|党委|党支部|党工委|党总支|领导班子)?';

/** Title "…关于巡察X的反馈意见" / "巡视X的反馈意见". */
const TITLE_FEEDBACK = new RegExp(`(?:巡察|巡视)(?!组|办|工作|期间|情况)(?:了)?(${NAME}${SUFFIX_OPT})(?:的)?(?:反馈意见|反馈情况|情况反馈|反馈)`);
/** Title "关于对X党组巡察的反馈意见" / "对X开展巡察的反馈意见" / "关于对X党委巡视情况的反馈意见". */
const TITLE_FEEDBACK_DUI = new RegExp(`对(${NAME}${SUFFIX_OPT})(?:开展|进行)?(?:的)?(?:常规|专项|机动|提级)?(?:巡察|巡视)(?:情况)?(?:的)?(?:反馈意见|情况反馈|反馈)`);
/** Title "关于X党组落实…巡察反馈意见整改情况的报告" (a rectification report named after its unit). */
const TITLE_ABOUT = new RegExp(`^关于(${NAME}(?:党组|党委|党支部|党工委|党总支))(?:落实|关于|对|巡察|巡视)`);
/** Title "中共X党组关于…" (the author of a rectification report). */
const TITLE_AUTHOR = new RegExp(`^((?:中共|中国共产党)?${NAME})关于`);
/** Title "X党组召开……" (news of the unit's own meeting). */
const TITLE_CONVENES = new RegExp(`^(${NAME}(?:党组|党委|党支部|党工委|党总支))(?:召开|举行)`);
/** "…向X反馈" (news). */
const TO_UNIT = new RegExp(`向(${NAME}${SUFFIX_OPT})(?:反馈|进行反馈|召开)`);
/** Opening: "巡察组对X开展了/进行了…巡察". */
// "对县住房和城乡建设局（以下简称县住建局）党组开展": the short name and the Party body may follow.
const OPENING = new RegExp(`(?:巡察组|巡视组|工作组)(?:[^，。；]{0,20}?)对(${NAME})(?:（[^）]{0,20}）${SUFFIX_OPT})?(?:开展|进行|实施)`);
const OPENING_LOOSE = new RegExp(`对(${NAME})(?:（[^）]{0,20}）${SUFFIX_OPT})?(?:开展|进行|实施)了?[^，。；]{0,12}?(?:巡察|巡视)`);
const INSPECTOR_LIKE = /巡[察视](?:工作)?组$|巡[察视]办$/;

export function orgFromTitle(title: string, kind: string): string | null {
  let m: RegExpExecArray | null;
  if (kind === 'feedback-news' && (m = TO_UNIT.exec(title))) return m[1];
  if (kind !== 'rectification' && (m = TITLE_FEEDBACK_DUI.exec(title) ?? TITLE_FEEDBACK.exec(title))) return m[1];
  if ((m = TITLE_ABOUT.exec(title))) return m[1];
  if ((m = TITLE_AUTHOR.exec(title)) && !INSPECTOR_LIKE.test(m[1])) return m[1];
  if ((m = TO_UNIT.exec(title))) return m[1];
  if ((m = TITLE_FEEDBACK.exec(title))) return m[1];
  if ((m = TITLE_CONVENES.exec(title))) return m[1];
  return null;
}

export function orgFromOpening(opening: string): string | null {
  const m = OPENING.exec(opening) ?? OPENING_LOOSE.exec(opening) ?? TO_UNIT.exec(opening);
  return m ? m[1] : null;
}

/** A signature line at the end: a short line naming a Party body (中共…党组). */
export function orgFromSignature(lastLines: string[]): string | null {
  for (const l of lastLines) {
    const t = l.trim();
    if (t.length >= 4 && t.length <= 30 && /^[\u4e00-\u9fff]+$/.test(t) && ORG_SUFFIX.test(t)) return t;
  }
  return null;
}
