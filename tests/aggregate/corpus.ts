/**
 * A seeded random corpus of hand-made records for the builder tests: several units (one without a
 * recognised unit), every document kind, metadata with missing and blank values, feedback and
 * rectification pairs that answer each other (so the linkage has links), recommendations, findings
 * tagged "none" and with a category the rule set does not know, and completion figures.
 */
import type { DocumentRecord, Progress, TaggedFinding } from '../../src/model/records.js';
import { makeDoc, SIGNALS, synthDoc, type SynthItem } from './helpers.js';

/** mulberry32: small deterministic PRNG (never Math.random in tests). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNITS = ['县甲局', '县乙局', '县丙局', '市丁委', '区戊办', '镇己所'];
const SUFFIX = ['落实不到位', '执行不严格', '存在漏洞', '流于形式', '监管不力', '整改不彻底', '制度不健全'];
const BODY = ['部分干部对此认识不足', '台账记录不完整', '个别环节审批把关不严', '相关制度长期未修订', '检查发现多处问题', '群众反映较为强烈'];
const CATS = Object.keys(SIGNALS);

export interface Corpus {
  documents: DocumentRecord[];
  findings: TaggedFinding[];
}

export function randomCorpus(seed: number, nUnits = 6): Corpus {
  const r = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const documents: DocumentRecord[] = [];
  const findings: TaggedFinding[] = [];
  const push = (x: { doc: DocumentRecord; findings: TaggedFinding[] }) => {
    documents.push(x.doc);
    findings.push(...x.findings);
  };
  let n = 0;
  const title = (cat: string) => `${pick(SIGNALS[cat])}${pick(SUFFIX)}第${++n}项`;
  for (let u = 0; u < nUnits; u++) {
    const unit = UNITS[u % UNITS.length] + (u >= UNITS.length ? String(u) : '');
    const meta = (): Record<string, string> => {
      const m: Record<string, string> = {};
      const x = r();
      if (x < 0.7) m.region = pick(['北区', '南区', '东区']);
      else if (x < 0.8) m.region = '  ';
      if (r() < 0.6) m.year = pick(['2021', '2022', '2023']);
      return m;
    };
    const fbItems: SynthItem[] = Array.from({ length: 2 + Math.floor(r() * 7) }, () => {
      const x = r();
      const primary = x < 0.06 ? 'none' : x < 0.1 ? 'brand_new' : pick(CATS);
      const cat = primary === 'none' || primary === 'brand_new' ? pick(CATS) : primary;
      return {
        title: title(cat),
        body: `${pick(BODY)}，${pick(SIGNALS[cat])}方面${pick(BODY)}。`,
        primary,
        also: r() < 0.3 ? [pick(CATS.filter((c) => c !== primary))] : [],
        record_kind: r() < 0.08 ? 'recommendation' : 'finding',
      };
    });
    const kind = r() < 0.2 ? 'feedback-news' : 'feedback';
    push(synthDoc({ id: `u${u}/feedback.txt`, unit, kind, meta: meta(), items: fbItems }));
    if (r() < 0.75) {
      const rcItems: SynthItem[] = fbItems
        .filter(() => r() < 0.8)
        .map((it) => {
          const progress: Progress | null = r() < 0.85 ? pick(['done', 'in-progress', 'long-term'] as const) : null;
          return {
            title: `${it.title}整改`,
            primary: it.primary,
            also: it.also,
            measures: r() < 0.5 ? `一是${pick(BODY)}；二是${pick(BODY)}。` : `（1）${pick(BODY)}；（2）${pick(BODY)}；（3）${pick(BODY)}。`,
            progressText: progress ? { done: '已完成', 'in-progress': '正在整改', 'long-term': '长期坚持' }[progress] : undefined,
            progress,
          };
        });
      const done = rcItems.filter((i) => i.progress === 'done').length;
      rcItems.push({ title: title(pick(CATS)), primary: pick(CATS), measures: `一是${pick(BODY)}。`, progress: null });
      push(
        synthDoc({
          id: `u${u}/rectification.txt`,
          unit,
          kind: 'rectification',
          meta: meta(),
          header: `关于巡察${unit}整改情况的通报。反馈的${fbItems.length}个问题，已完成整改${done}个，整改完成率${Math.round((done / fbItems.length) * 100)}%`,
          items: rcItems,
        }),
      );
    }
  }
  // A document without a recognised unit, one of unknown kind, and one with no finding.
  push(synthDoc({ id: 'misc/no-unit.txt', unit: null, kind: 'feedback', items: [{ title: title('finance'), primary: 'finance' }, { title: title('conduct'), primary: 'conduct' }] }));
  push(synthDoc({ id: 'misc/notice.txt', unit: UNITS[0], kind: 'unknown', meta: { region: '北区', 来源: '网站' }, items: [{ title: title('political'), primary: 'political' }] }));
  const empty = makeDoc({ id: 'misc/empty.txt', text: '某单位巡察整改情况通报\n（无具体问题）\n', kind: 'rectification', unit: UNITS[1] });
  documents.push(empty);
  return { documents, findings };
}

/** Group records by document (the order of `documents`). */
export function byDocument(c: Corpus): Array<{ doc: DocumentRecord; records: TaggedFinding[] }> {
  const m = new Map<string, TaggedFinding[]>();
  for (const f of c.findings) {
    if (!m.has(f.doc_id)) m.set(f.doc_id, []);
    m.get(f.doc_id)!.push(f);
  }
  return c.documents.map((doc) => ({ doc, records: m.get(doc.id) ?? [] }));
}

/** A seeded shuffle (Fisher–Yates). */
export function shuffled<T>(xs: T[], seed: number): T[] {
  const r = prng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
