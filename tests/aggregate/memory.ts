/**
 * Synthetic documents for the builder's memory test: ~15 KB of UTF-8 text each (about 5,000 CJK
 * characters), 10 findings of ~120 characters, a feedback and a rectification report per unit, made
 * one at a time from a seeded PRNG, with a fast stand-in segmenter (words are separated by 、 in
 * the generated text), so that the test measures what the builder keeps, not jieba.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { ReportBuilder } from '../../src/aggregate/builder.js';
import type { DocumentRecord, TaggedFinding } from '../../src/model/records.js';
import type { Segmenter } from '../../src/segment/segmenter.js';
import { prng } from './corpus.js';
import { CATEGORIES } from './helpers.js';

const CHARS = '政治建设作风纪律组织财务资产管理责任落实监督检查制度执行整改问题干部党员学习教育廉政风险防控采购资金项目审批程序规范台账会议决策部署基层服务群众意识形态主体监督考核选人用人档案公务接待车辆报销票据';

/** A vocabulary of `n` two- to four-character words from CHARS (seeded). */
function vocabulary(n: number, seed: number): string[] {
  const r = prng(seed);
  const out = new Set<string>();
  while (out.size < n) {
    const len = 2 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < len; i++) w += CHARS[Math.floor(r() * CHARS.length)];
    out.add(w);
  }
  return [...out];
}

export const fastSegmenter: Segmenter = {
  name: 'test-split',
  cut: (text) => text.split(/([、。\n])/).filter((w) => w !== ''),
  subwords: (w) => [w],
  addWords: () => undefined,
  dictionaryHash: () => 'test',
};

const WORDS = vocabulary(20000, 99);
const FILLER = Array.from({ length: 3000 }, (_, i) => WORDS[(i * 7919) % WORDS.length]).join('、');

/** Document i (feedback when i is even, rectification when odd; unit i >> 1) and its findings. */
export function syntheticDocument(i: number): { doc: DocumentRecord; records: TaggedFinding[] } {
  const r = prng(1000 + i);
  // Zipf-like: small indexes much more often.
  const word = () => WORDS[Math.floor(WORDS.length * r() ** 3)];
  const kind = i % 2 === 0 ? 'feedback' : 'rectification';
  const id = `doc-${String(i).padStart(6, '0')}.txt`;
  // Unit, region and progress text are slices of the text, as the extractor makes them: kept as
  // they are, each would keep the whole text alive.
  const unitName = `中共第${i >> 1}号县级机关单位党组`;
  const regionName = `${['北', '南', '东'][i % 3]}部片区巡察协作区域`;
  const progressText = '已完成整改并建立长效机制防止问题反弹';
  let text = `关于巡察${unitName}的${kind === 'feedback' ? '反馈意见' : '整改情况通报'}（${regionName}）\n反馈的10个问题，已完成整改8个\n${progressText}\n`;

  const spans: Array<[number, number, number, string]> = [];
  for (let k = 0; k < 10; k++) {
    const title = Array.from({ length: 4 }, word).join('、');
    const body = Array.from({ length: 36 }, word).join('、');
    const start = text.length;
    text += `${title}。${body}。\n`;
    spans.push([start, start + title.length, text.length - 1, title]);
  }
  // The rest of ~15 KB: filler, different for each document.
  const off = Math.floor(r() * 1000);
  text += FILLER.slice(off, off + 5000 - text.length) + `\n${i}\n`;
  // (sliced from the finished text, as the extractor would)
  const slice = (s: string) => text.slice(text.indexOf(s), text.indexOf(s) + s.length);
  const unit = slice(unitName);
  const region = slice(regionName);
  const progress = slice(progressText);
  const doc: DocumentRecord = {
    id, path: id, format: 'txt', encoding: 'utf-8', sha256: '0'.repeat(64), bytes: Buffer.byteLength(text), chars: text.length,
    kind, kind_cue: null, title: null, unit, inspected_org: null, inspector: null, inspection_type: null,
    period_start: null, period_end: null, feedback_date: null, published: null, finding_count: 10,
    meta: { region }, text,
  };
  const records = spans.map(([s, te, e, title], k): TaggedFinding => {
    const cat = CATEGORIES[Math.floor(r() * CATEGORIES.length)].id;
    return {
      id: `${id}#${k + 1}`, doc_id: id, seq: k + 1, number: String(k + 1), number_path: [String(k + 1)], heading_path: [],
      title, text: text.slice(s, e), span: [s, e], title_span: [s, te],
      measures: kind === 'rectification' ? `一是${word()}；二是${word()}。` : null, measures_span: null,
      progress: kind === 'rectification' ? 'done' : null, progress_text: kind === 'rectification' ? progress : null,
      record_kind: 'finding', unit, doc_kind: kind, meta: doc.meta,
      categories: [cat], primary: cat, scores: { [cat]: 3 },
      evidence: [{ category: cat, rule: `${cat}.x`, field: 'title', weight: 2, terms: [title.slice(0, 2)], words: [text.slice(s, s + 2)], spans: [[s, s + 2]] }],
      heading_decided: false,
    };
  });
  return { doc, records };
}

let gcFn: (() => void) | null | undefined;
/** global.gc, exposed at run time when node was started without --expose-gc. */
export function gc(): (() => void) | null {
  if (gcFn !== undefined) return gcFn;
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return (gcFn = g);
  try {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  } catch {
    gcFn = null;
  }
  return gcFn;
}

/** Heap in use plus memory held outside it (array buffers, external strings), after a full GC. */
export function usedHeap(): number {
  const g = gc();
  if (g) {
    g();
    g();
  }
  const h = v8.getHeapStatistics();
  return h.used_heap_size + h.external_memory;
}

export interface Measured {
  documents: number;
  findings: number;
  /** UTF-8 bytes of all texts */
  textBytes: number;
  /** heap kept by the builder (after a full GC), or null without a GC */
  retained: number | null;
  /** JSON.stringify(builder.toJSON()).length */
  partialChars: number;
  builder: ReportBuilder;
}

export function measure(n: number, drillDownLimit?: number): Measured {
  const before = usedHeap();
  const builder = new ReportBuilder({ categories: CATEGORIES, rulesetHash: 'h', version: 'v', segmenter: fastSegmenter, drillDownLimit });
  let textBytes = 0;
  let findings = 0;
  for (let i = 0; i < n; i++) {
    const { doc, records } = syntheticDocument(i);
    textBytes += doc.bytes;
    findings += records.length;
    builder.add(doc, records);
  }
  const after = usedHeap();
  return { documents: n, findings, textBytes, retained: gc() ? after - before : null, partialChars: JSON.stringify(builder.toJSON()).length, builder };
}
