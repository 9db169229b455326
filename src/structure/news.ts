/**
 * Prose enumerations "一是……；二是……；三是……" (or "其一，……；其二，……") — the findings of news summaries of feedback
 * meetings (and of sections that list problems in prose). Each clause from one marker to the next
 * is an item; the words just before "一是" tell problems (指出/存在/表现在) from requirements
 * (要求/建议).
 */

export type ProseContext = 'problem' | 'recommendation' | 'unknown';

export interface Clause {
  label: string;
  /** Clause text range (normalized offsets, marker excluded). */
  start: number;
  end: number;
}

export interface Sequence { clauses: Clause[]; context: ProseContext }

// A marker follows a clause boundary (start, line break or punctuation): 一是, or 其一， (its comma
// part of the marker).
const MARKER = /(?<=^|[\n：:；;。，,、！？!?\s（(])(?:([一二三四五六七八九十]{1,3})是(?![否的])|其([一二三四五六七八九十]{1,3})[，,、：:])/g;
const CN_VAL: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
function val(s: string): number {
  if (s.length === 1) return CN_VAL[s] ?? 0;
  if (s.length === 2 && s[0] === '十') return 10 + (CN_VAL[s[1]] ?? 0);
  if (s.length === 2 && s[1] === '十') return (CN_VAL[s[0]] ?? 0) * 10;
  if (s.length === 3 && s[1] === '十') return (CN_VAL[s[0]] ?? 0) * 10 + (CN_VAL[s[2]] ?? 0);
  return 0;
}

const PROBLEM_CUE = /问题|不足|差距|短板|薄弱|指出|发现|表现在|表现为|存在/g;
const REC_CUE = /要求|建议|强调|希望|提出|下一步|整改措施|整改情况|采取/g;
const LEAD_VERB = /^[^，。：]{0,8}?(?:(指出|认为|发现|反馈了?[^，。]{0,6}问题)|(要求|建议|强调|希望))/;
// A sentence that closes the last clause: the team's requirements, the meeting, follow-up.
const CLOSER = /(?<=[。；])(?:巡[察视]组(?:要求|强调|建议|指出)|针对|对此|会上|会议|要求|下一步|同时，巡)/;

// An area phrase, "在落实……和省委工作要求方面，": it names a field, so its words are no cue (up to
// 120 characters: "在贯彻落实党中央决策部署和省委工作要求、落实全面从严治党战略部署、……方面").
export const AREA_PHRASE = /在[^，。；：]{1,120}?方面[，,：:]?/g;

function lastCue(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let last = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) last = m.index;
  return last;
}

/** The nearest cue before a sequence decides its context. */
function contextBefore(text: string, at: number, floor: number): ProseContext {
  const from = Math.max(floor, at - 200);
  let pre = text.slice(from, at);
  const stop = Math.max(pre.lastIndexOf('。'), pre.lastIndexOf('\n'));
  // Look at the sentence the enumeration belongs to; if it is empty, at the sentence before.
  // An area phrase ("在落实……和市委工作要求方面，") names a field, not a requirement: its words are no cue.
  const sentence = (pre.slice(stop + 1).trim().length > 2 ? pre.slice(stop + 1) : pre).replace(AREA_PHRASE, '');
  // The sentence's own verb decides first ("巡察组要求，针对发现的问题……：一是").
  const lead = LEAD_VERB.exec(sentence.trimStart().slice(0, 14));
  if (lead) return lead[1] ? 'problem' : 'recommendation';
  const p = lastCue(PROBLEM_CUE, sentence);
  const r = lastCue(REC_CUE, sentence);
  if (p < 0 && r < 0) return 'unknown';
  return p > r ? 'problem' : 'recommendation';
}

/** All enumerations (two or more clauses) in text[from, to). */
export function findSequences(text: string, from: number, to: number): Sequence[] {
  const region = text.slice(from, to);
  const seqs: { marks: { label: string; v: number; s: number; e: number }[] }[] = [];
  let cur: (typeof seqs)[number] | null = null;
  MARKER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MARKER.exec(region))) {
    const v = val(m[1] ?? m[2]);
    const mk = { label: m[1] ? m[0] : `其${m[2]}`, v, s: from + m.index, e: from + m.index + m[0].length };
    if (v === 1) { cur = { marks: [mk] }; seqs.push(cur); }
    else if (cur && v === cur.marks[cur.marks.length - 1].v + 1) cur.marks.push(mk);
  }
  const out: Sequence[] = [];
  for (const sq of seqs) {
    if (sq.marks.length < 2) continue;
    const clauses: Clause[] = [];
    for (let i = 0; i < sq.marks.length; i++) {
      const mk = sq.marks[i];
      let end: number;
      if (i + 1 < sq.marks.length) end = sq.marks[i + 1].s;
      else {
        // The last clause runs to the end of its paragraph (at most 2000 chars, so that a huge
        // single-line text stays linear), or to a closing sentence.
        const lim = Math.min(to, mk.e + 2000);
        let nl = mk.e;
        while (nl < lim && text.charCodeAt(nl) !== 10) nl++;
        end = nl;
        const rest = text.slice(mk.e, nl);
        const c = CLOSER.exec(rest);
        if (c) end = mk.e + c.index;
      }
      // Punctuation typed after the marker ("五是：……", "九是，……") is not the clause's.
      let start = mk.e;
      while (start < end && '：:，,、 \t　'.includes(text[start])) start++;
      clauses.push({ label: mk.label, start, end });
    }
    out.push({ clauses, context: contextBefore(text, sq.marks[0].s, from) });
  }
  return out;
}
