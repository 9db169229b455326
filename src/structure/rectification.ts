/**
 * Rectification reports: problem headings ("针对…的问题", "关于“…”问题的整改", "问题1：…") and
 * the measures and progress that answer them (整改情况：/整改措施：/整改进度：).
 */

export interface ProblemHeading {
  /** End of the problem statement (normalized offset, exclusive). */
  statementEnd: number;
  /** The short title inside the statement. */
  titleStart: number;
  titleEnd: number;
}

const DEMONSTRATIVE = /^(?:上述|以上|这些|这个|该|此类|此|相关|有关|存在的|各类|下列|如下)$/;
// What may follow "问题" in a heading: nothing, "的整改（情况）", "整改落实情况", or a comma and more.
const TAIL_OK = /^(?:的)?(?:整改(?:落实)?(?:情况|措施|进展情况|工作)?|情况)?(?:[，,]|$)/;
// "巡察反馈指出的" and similar openers before the quoted problem.
const OPENER = /^(?:巡[察视](?:组)?)?(?:反馈|指出|发现)(?:指出)?的/;

/**
 * Recognise a problem heading whose content starts at `s` (line ends at `lineEnd`).
 * `bareOk` also accepts "…的问题" without 针对/关于 (used in rectification reports only).
 */
export function problemHeading(text: string, s: number, lineEnd: number, bareOk: boolean): ProblemHeading | null {
  const seg0 = text.slice(s, Math.min(lineEnd, s + 240));
  const cut = seg0.search(/[。：:；]/);
  const seg = cut >= 0 ? seg0.slice(0, cut) : seg0;
  let p = 0;
  if (seg.startsWith('针对') || seg.startsWith('关于')) p = 2;
  else if (!bareOk) return null;
  const om = OPENER.exec(seg.slice(p));
  if (om) p += om[0].length;
  for (let idx = seg.indexOf('问题', p); idx >= 0; idx = seg.indexOf('问题', idx + 2)) {
    const tail = seg.slice(idx + 2);
    if (!TAIL_OK.test(tail)) continue;
    // The bare form takes no tail ("…的问题，" aside), but for "“X”问题的整改情况".
    const quoted = seg[0] === '“' && seg[idx - 1] === '”';
    if (p === 0 && tail.length > 0 && !/^[，,]/.test(tail) && !quoted) continue;
    let xs = p;
    let xe = idx;
    while (xe > xs && (seg[xe - 1] === '的' || seg[xe - 1] === '等')) xe--;
    // The bare form must read "…的问题" or "“…”问题".
    if (p === 0 && !seg.slice(0, idx).endsWith('的') && !(seg[0] === '“' && seg[idx - 1] === '”')) continue;
    const x = seg.slice(xs, xe);
    if (x.length < 2 || DEMONSTRATIVE.test(x)) continue;
    // "对……群众反映强烈的问题，相关部门相互推脱": the problems are the object; the statement goes on.
    if (p === 0 && x.startsWith('对')) continue;
    // "（一）办公室牵头整改的问题": a group of problems by who answers them, not a problem.
    if (/(?:牵头|负责)(?:整改)?$/.test(x)) continue;
    // "“X”" alone (optionally followed by 方面) → X.
    const q = /^“([^“”]+)”(?:方面)?$/.exec(x);
    if (q) { xs += 1; xe = xs + q[1].length; }
    const commaIdx = tail.search(/[，,]/);
    const statementEnd = s + (commaIdx >= 0 ? idx + 2 + commaIdx : seg.length);
    return { statementEnd, titleStart: s + xs, titleEnd: s + xe };
  }
  // "关于形式主义官僚主义问题仍有表现的整改情况": the statement runs to 的整改情况.
  if (p >= 2) {
    const m = /的?整改(?:落实)?(?:情况|措施|进展情况|工作)$/.exec(seg);
    if (m && m.index - p >= 4) {
      let [xs, xe] = [p, m.index];
      const q = /^“([^“”]+)”$/.exec(seg.slice(xs, xe));
      if (q) { xs += 1; xe = xs + q[1].length; }
      return { statementEnd: s + seg.length, titleStart: s + xs, titleEnd: s + xe };
    }
  }
  return null;
}

/**
 * A label: its words with a colon ("整改情况："), in brackets (【整改措施】), or alone on their line
 * ("整改情况" over the answer, as bold run-in headings come out of Word).
 */
const label = (words: string): RegExp => new RegExp(`【?(?:${words})(?:[：:]|】[：:]?)|(?<=^|\n)[ \t　]*(?:${words})[ \t　]*(?=\n)`, 'g');
// Labels that introduce the measures answering a problem (整改： too, in a short report's paragraph).
export const MEASURES_LABEL = label('整改(?:情况|措施|举措|落实情况|进展情况|成效|做法|目标)?|落实情况|主要做法|采取(?:的)?措施');
// Labels that introduce the stated progress.
export const PROGRESS_LABEL = label('整改进度|整改进展|整改状态|整改结果|完成情况|完成进度|目前进度|进展|进度|状态');

export interface LabelHit { start: number; end: number }

/** First match of a /g label regex in text[s, e), in normalized offsets. */
export function findLabel(text: string, re: RegExp, s: number, e: number): LabelHit | null {
  const region = text.slice(s, e);
  re.lastIndex = 0;
  const m = re.exec(region);
  return m ? { start: s + m.index, end: s + m.index + m[0].length } : null;
}
