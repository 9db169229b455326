/**
 * Content words of a finding, for distinctive words and linkage: the text is segmented with the
 * project segmenter, then punctuation, numbers, one-character tokens, enumerators (一是, 二是…) and
 * a short list of generic function words are dropped.
 */
import type { Segmenter } from '../segment/segmenter.js';

/**
 * Generic words that say nothing about what a finding is about. Kept short on purpose: domain
 * words (主体责任, 公务卡…) must never be here. Documented in docs/reports.md.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  '存在', '问题', '方面', '情况', '进行', '开展', '有关', '相关', '以及', '及其', '其中', '一些', '一个', '部分',
  '个别', '有的', '对于', '关于', '通过', '按照', '根据', '为了', '因为', '所以', '但是', '而且', '并且', '同时',
  '还是', '或者', '以上', '以下', '我们', '他们', '这些', '那些', '这个', '那个', '这种', '那种', '其他', '等等',
  '仍然', '依然', '还有', '没有', '不够', '不到位', '不足', '不强', '不高', '不严', '不实', '不力', '不多', '较为',
  '比较', '有所', '有待', '需要', '进一步', '主要', '工作', '一方面', '另一方面', '现象', '表现', '是否', '如何',
  '什么', '可以', '能够', '已经', '目前', '今年', '以来', '之间', '之一', '之外', '不是', '就是', '只是', '不能',
  '不会', '一定', '一般', '上述', '此外', '另外', '并未', '未能', '尚未', '较多', '较少', '不少', '很多', '许多',
  '特别', '尤其', '其次', '首先', '最后', '以后', '之后', '之前', '以前', '针对', '整改情况', '整改措施', '整改进度',
  '到位', '差距', '严格', '不严格', '不规范', '不完善', '不健全', '不及时', '不深入', '仍需', '还需', '较大', '突出',
  '一是', '二是', '三是', '四是', '五是', '六是', '七是', '八是', '九是', '十是',
]);

const HAS_WORD_CHAR = /[\p{Script=Han}\p{L}]/u;
const ENUMERATOR = /^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十\d]+)$/;

/** Answers of isContentToken by token (tokens repeat a lot; three Unicode regexes per call add up). Emptied when full. */
const contentMemo = new Map<string, boolean>();
const CONTENT_MEMO_CAP = 100_000;

/** True when a segmented token is a content word. */
export function isContentToken(t: string): boolean {
  if (t.length < 2) return false; // the most common tokens (punctuation, 的, 了…), without hashing them
  let v = contentMemo.get(t);
  if (v === undefined) {
    v = contentWord(t);
    if (contentMemo.size >= CONTENT_MEMO_CAP) contentMemo.clear();
    contentMemo.set(t, v);
  }
  return v;
}

function contentWord(t: string): boolean {
  // fewer than 2 code points
  if (t.length < 2 || (t.length === 2 && t.charCodeAt(0) >= 0xd800 && t.charCodeAt(0) <= 0xdbff && t.charCodeAt(1) >= 0xdc00 && t.charCodeAt(1) <= 0xdfff)) return false;
  if (!HAS_WORD_CHAR.test(t)) return false;
  if (/^[\p{N}\p{P}\p{S}\s]+$/u.test(t)) return false;
  if (ENUMERATOR.test(t)) return false;
  return !STOPWORDS.has(t);
}

/** Content words of `text`, in order, with repetitions. */
export function contentTokens(seg: Segmenter, text: string): string[] {
  const out: string[] = [];
  for (const w of seg.cut(text)) {
    const t = w.trim();
    if (t && isContentToken(t)) out.push(t);
  }
  return out;
}
