/**
 * What a section heading announces. Only headings decide which sections hold problems; position
 * in the document never does.
 */

export type SectionClass = 'problem' | 'evaluation' | 'recommendation' | 'next' | 'organisation' | 'procedure' | 'neutral';

/** Sections that never hold findings. */
export const NON_PROBLEM: ReadonlySet<SectionClass> = new Set(['evaluation', 'recommendation', 'next', 'organisation', 'procedure']);

// Checked in this order; the first that matches wins. Patterns run on a short heading (≤ 60 chars).
const RULES: [SectionClass, RegExp][] = [
  ['evaluation', /整体评价|总体评价|基本评价|总体印象|总体情况|基本情况|主要成效|取得的成效|工作成效|肯定的成绩|主要成绩|工作开展情况|巡[察视]工作(?:开展)?情况|巡[察视]工作的?基本情况/],
  ['next', /下一步|下步|后续工作|今后工作|巩固整改|整改长效|长效机制建设|持续深化整改|工作打算/],
  ['organisation', /提高思想认识|提高政治站位|加强组织领导|强化组织领导|压实整改责任|整改工作(?:的)?(?:组织|开展|部署|推进)|整改工作总体|整改的?主要做法|整改工作做法|高度重视|组织实施|工作举措/],
  ['procedure', /问题线索|信访举报|移交|巡[察视](?:工作)?程序/],
  ['problem', /(?:存在|发现|反馈|指出|突出|主要|具体|巡[察视])的?(?:主要|突出|具体)?问题|问题(?:清单|整改|及整改|的整改)|整改落实情况|反馈意见整改|存在的?(?:主要)?不足|^问题$/],
];

/**
 * Critical predicates: a heading that says something is wrong is a problem statement (a finding or
 * a category of findings), never a section announcement, whatever other words it contains.
 */
export const CRITICAL = /不到位|不到底|不彻底|不及时|不严格|整改不实|虚假整改|不力|不够|不严|不实|不深|不全|不规范|不完善|不健全|不充分|不高|不强|不足[，。；]|缺乏|缺失|薄弱|滞后|偏差|弱化|乏力|走过场|形式主义|官僚主义|有差距|存在差距|空乏|宽松软|打折扣/;

/** Recommendation headings: short, and about suggestions rather than problems. */
const RECOMMENDATION = /^(?:[^，。；]{0,8}的)?(?:几点|有关|主要|巡[察视]|整改|工作){0,2}(?:意见建议|意见和建议|建议|意见|要求)(?:[：:])?$/;

/** The heading text that classification looks at: the first clause of the line, at most 60 chars. */
export function headingKey(line: string): string {
  let s = line.slice(0, 60);
  const cut = s.search(/[。；！？]/);
  if (cut >= 0) s = s.slice(0, cut);
  return s.trim();
}

export function classifySection(line: string): SectionClass {
  const key = headingKey(line);
  if (!key) return 'neutral';
  if (CRITICAL.test(key)) return 'neutral';
  if (RECOMMENDATION.test(key.replace(/[，,]/g, ''))) return 'recommendation';
  // A heading such as "存在的主要问题" or "反馈问题整改落实情况" is a problem section even when it
  // would also match an organisation cue; "意见建议" is checked first above.
  // "第四部分 落实巡视、审计等监督发现问题整改方面" names an area like the other parts: it announces
  // no section of problems that would make the others not searched.
  const area = /方面[：:]?$/.test(key);
  for (const [cls, re] of RULES) if (re.test(key) && !(area && cls === 'problem')) return cls;
  return 'neutral';
}

/**
 * An unnumbered line that is itself a section heading ("存在的主要问题", "意见建议：").
 * Only short lines without sentence punctuation qualify.
 */
const UNNUMBERED = /^(?:巡[察视](?:组)?)?(?:发现的|存在的|反馈的|指出的)?(?:主要|突出|具体)?问题(?:清单|及整改情况|整改情况)?[：:]?$|^(?:意见建议|意见和建议|整改建议|整改要求|整改意见|巡[察视](?:整改)?(?:建议|意见建议|要求)|工作要求|总体评价|整体评价|基本情况|下一步工作(?:打算|安排)?)[：:]?$/;

export function isUnnumberedSectionHeading(line: string): boolean {
  if (line.length > 18 || line.length < 2) return false;
  return UNNUMBERED.test(line);
}
