/** Rectification progress: 已完成 → done, 正在整改 → in-progress, 长期坚持 → long-term. */
import type { Progress } from '../model/records.js';

const STATUS: [Progress, RegExp][] = [
  ['in-progress', /正在整改|正在推进|正在[\u4e00-\u9fa5]{1,6}中|正在落实|正在进行|持续整改|整改中|推进中|进行中|落实中|基本完成|部分完成|阶段性完成|尚未完成|未完成|持续推进/],
  ['long-term', /长期坚持|长期推进|长期整改|长期任务|长期落实|常态化推进|长期/],
  ['done', /已完成|已整改到位|完成整改|整改完成|已整改|整改到位|已办结|已销号|已落实|整改完毕|已全部完成|立行立改[，、]?已/],
];

const LONG_TERM = /长期(?:坚持|任务|性任务|整改任务|整改事项|推进)|需长期|久久为功|常抓不懈/;

/** The status the words state; the earliest match wins ("已完成整改，长期坚持" → done). */
export function classifyProgress(words: string): Progress | null {
  let best: Progress | null = null;
  let at = Infinity;
  const s = words.slice(0, 200);
  let first = '';
  for (const [p, re] of STATUS) {
    const m = re.exec(s);
    if (m && m.index < at) { at = m.index; best = p; first = m[0]; }
  }
  // "持续推进，……需长期坚持": a continuing task the words call long-term is long-term.
  if (best === 'in-progress' && /^持续(?:推进|整改)$/.test(first) && LONG_TERM.test(s)) return 'long-term';
  // "已完成线索复核63条，……此项工作需长期坚持": 已完成 with an object reports part of the work; a
  // status stated after it decides.
  // So does "疑点抽查复核已完成，……办法正在修订，预计……前印发": a part done, the rest of the sentence still going.
  if (best === 'done' && first === '已完成') {
    const after = s.slice(at + 3);
    const objectAfter = /^[\u4e00-\u9fa5]/.test(after) && !/^(?:整改|全部|了)/.test(after);
    const objectBefore = at > 0 && /[\u4e00-\u9fa5]$/.test(s.slice(0, at)) && /^[，,]/.test(after);
    if (objectAfter || objectBefore) {
      const rest = objectAfter ? after : after.split('。')[0];
      if (LONG_TERM.test(rest)) return 'long-term';
      if (STATUS[0][1].test(rest) || INLINE[1][1].test(rest)) return 'in-progress';
    }
  }
  return best;
}

// Without a 整改进度 label only unmistakable statements count, and only in the last sentence.
const INLINE: [Progress, RegExp][] = [
  ['done', /(?:已|均已|全部)(?:整改到位|完成整改|整改完成|整改完毕)|整改已(?:全部)?完成|已于[^，。；]{0,16}?(?:整改完毕|整改到位|完成整改|整改完成)|(?:整改|验收并?)销号/],
  ['in-progress', /正在(?:持续|加快)?(?:推进)?整改|正在[^，。；]{0,16}?(?:持续|加快)推进|(?:持续)?整改中|正在[^，。；]{0,8}?推进|尚未完成整改|正在(?:依法|逐[件项个笔])?(?:追缴|追回|清理|整治|办理|实施|进行|建设|核查|核对|处置|处理|修订|制定|起草|编制)|(?:计划|预计)于?[^，。；]{0,16}?前?(?:全部|全面)?(?:完(?:成|工)|建成|上线|投用|投入使用|办结|印发|出台)|尚未(?:全部)?完成|(?:正|仍|还|尚)在[\u4e00-\u9fa5]{1,6}中|(?:仍|还)在(?:持续)?(?:推进|整改)/],
  ['long-term', /长期坚持|长期推进|需长期|长期(?:整改|性)?(?:任务|事项)|一项长期(?:性)?工作|常抓不懈|久久为功|持之以恒|常态化(?:推进|开展)/],
];

/**
 * A status in brackets closing a text ("……用地保障不够及时（已整改）", "……提醒谈话（已完成）。"): its
 * progress, its words, and how many characters the brackets take from the end (with a closing 。 or ；).
 */
export function bracketStatus(text: string): { progress: Progress; text: string; length: number } | null {
  const m = /[（(]([^（）()\n]{2,12})[）)][。；]?$/.exec(text.trimEnd().slice(-20));
  const p = m && classifyProgress(m[1]);
  return p ? { progress: p, text: m![1], length: m![0].length } : null;
}

/** Progress stated in the last sentence of a measures text (or by a first sentence that is only a status), with the clause that states it. */
export function inlineProgress(measures: string): { progress: Progress; text: string } | null {
  // "……。下一步，集团将持续加强……": what comes next is no status; the sentence before may state it.
  const next = /[。；]\s*下一步[，,][^。；\n]*[。；]?\s*$/.exec(measures);
  if (next && next.index > 0) {
    const before = inlineProgress(measures.slice(0, next.index + 1));
    if (before) return before;
  }
  const tail = measures.slice(-300).replace(/[。；\s]+$/, '');
  const lastStop = Math.max(tail.lastIndexOf('。'), tail.lastIndexOf('；'), tail.lastIndexOf('\n'));
  const sentence = tail.slice(lastStop + 1).trim();
  // A status in brackets opening the last line: "【已完成】", "【持续推进】该项整改需长期坚持" (the
  // whole line is classified, so that a continuing task it calls long-term is long-term).
  const lastLine = tail.slice(tail.lastIndexOf('\n') + 1).trim();
  const br = /^【([^】]{2,12})】/.exec(lastLine);
  if (br && classifyProgress(br[1])) return { progress: classifyProgress(lastLine)!, text: br[1] };
  // A first sentence that is only a status: "已整改。清理了全部过期资料……"; or one that states it in
  // so many words, opening the measures or their last paragraph ("整改成效：该问题已整改到位。……",
  // "已于2023年10月底前整改完毕。……").
  const first = /^\s*([^。；\n]{2,8})[。；\n]/.exec(measures);
  const fp = first && classifyProgress(first[1]);
  if (fp) return { progress: fp, text: first![1].trim() };
  const lastPara = measures.slice(measures.lastIndexOf('\n') + 1).replace(/^\s*[^：:\n]{2,6}[：:]/, '');
  for (const opening of [measures, lastPara]) {
    const s = /^\s*([^。；\n]{2,24})[。；\n]/.exec(opening);
    if (!s) continue;
    for (const [p, re] of INLINE) if (p !== 'long-term' && re.test(s[1])) return { progress: p, text: s[1].trim() };
  }
  // A last sentence that is only a status: "……修订公务接待制度。已完成。"
  if (sentence.length <= 8) {
    const whole = classifyProgress(sentence);
    if (whole) return { progress: whole, text: sentence };
  }
  // A status in brackets closing the sentence: "……进行提醒谈话（已完成）".
  const bs = bracketStatus(sentence);
  if (bs) return { progress: bs.progress, text: bs.text };
  for (const [p, re] of INLINE) {
    const m = re.exec(sentence);
    // "……正在按计划推进，将把……作为一项长期任务": a task still going on that the sentence calls long-term is long-term.
    if (m && p === 'in-progress' && LONG_TERM.test(sentence.slice(m.index + m[0].length))) {
      return { progress: 'long-term', text: sentence.slice(Math.max(sentence.lastIndexOf('，', m.index) + 1, 0)) };
    }
    if (m) {
      const from = Math.max(sentence.lastIndexOf('，', m.index) + 1, 0);
      let to = sentence.indexOf('，', m.index + m[0].length);
      if (to < 0) to = sentence.length;
      return { progress: p, text: sentence.slice(from, to) };
    }
  }
  // A last paragraph that only adds to the measures ("同时，建立……台账"): the status may close the one before.
  const para = measures.replace(/\s+$/, '').lastIndexOf('\n');
  if (para > 0 && ADDED_MEASURE.test(measures.slice(para + 1).trimStart())) return inlineProgress(measures.slice(0, para));
  return null;
}

const ADDED_MEASURE = /^(?:同时|此外|另外|另一方面|与此同时)[，,]/;
