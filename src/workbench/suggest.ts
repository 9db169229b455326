/**
 * `suggest`: words a person might add to the rules, and a second opinion — it never changes rules.
 *
 * 1. Which findings need help: TARGETS are findings the rules tag `none` or weakly (the primary's
 *    score below threshold + margin). The others are CONFIDENT.
 * 2. Training labels: a finding's gold label when a gold file gives one (this is how a category the
 *    rules no longer produce — or never did — gets examples), otherwise the rules' primary of a
 *    confident finding. Targets without a gold label are not training data.
 * 3. Candidate words per category, from the training findings' WORDS (our segmenter's tokens, plus the
 *    sub-words of compounds of three or more characters, as the rules' word boundaries see them).
 *    Kept: Han or Latin letters only, at least 2 characters, not a rule term already, not a generic
 *    word of finding prose (SUGGEST_STOPWORDS). Scored with natural's TfIdf (one document per training
 *    finding, token arrays):
 *        score(w, c) = mean over c's findings of tfidf(w, d)  ×  purity,
 *        purity      = df_c(w) / (df_c(w) + df_elsewhere(w))      ("rare elsewhere")
 *    and kept when df_c(w) ≥ minCount (default 2; 1 for a category with fewer than 4 findings) and
 *    purity ≥ minPurity (default 0.6). Each word shows which targets it would reach.
 * 4. Second opinion: natural's BayesClassifier on token arrays, trained on the training findings,
 *    classifies every finding; a training finding is classified HELD OUT (k-fold, default 5 folds:
 *    the classifier that scores it never saw it). Listed: where it disagrees with the rules' primary.
 */
import type { TaggedFinding } from '../model/records.js';
import { NONE, type RuleSet } from '../rules/types.js';
import { tokenize, type Segmenter } from '../segment/index.js';
import type { GoldLabels } from './gold.js';
import { newBayes, newTfIdf } from './natural.js';
import { fmt3, oneLine, table, truncate } from './text.js';

/** Generic words of finding prose: never suggested (they say "a problem", not which one). */
export const SUGGEST_STOPWORDS: ReadonlySet<string> = new Set(
  (
    '问题 存在 部分 工作 情况 方面 现象 一些 个别 有的 没有 未能 进一步 仍然 还有 以及 其中 进行 通过 相关 有关 及时 ' +
    '不够 不足 不到位 不规范 不严 不严格 不及时 不强 不高 不全 不全面 不深入 不健全 不完善 不力 不准确 不明确 不细 不实 ' +
    '较多 较大 较少 薄弱 缺乏 滞后 混乱 缺失 差距 有差距 明显 严重 主要 有待 加强 落实 开展 要求 单位 领导 人员 我们 他们 ' +
    '对于 等等 一是 二是 三是 四是 五是 时有发生 有所 不够到位 未按 按照 根据 以上 以下 已经 目前 当前 关于 使用 规范 ' +
    '全面 有效 不够规范 不够及时 不紧 不细致 不扎实 不彻底 不严肃 不认真 不经常 较为 比较 一定 一般 一直 长期 多次 少数 部分人'
  ).split(/\s+/),
);

export interface SuggestOptions {
  labels?: GoldLabels;
  /** Only this category. */
  category?: string;
  /** Words per category (default 10). */
  top?: number;
  /** Weak = primary score < threshold + margin (default 2). */
  margin?: number;
  minCount?: number;
  /** Share of a word's training findings that must be in the category (default 0.6). */
  minPurity?: number;
  /** k of the k-fold held-out classification (default 5). */
  folds?: number;
  /** Vocabulary cap of the classifier (most frequent words, default 1500). */
  vocabulary?: number;
}

export interface WordSuggestion {
  word: string;
  score: number;
  /** Training findings of the category with the word / all training findings of the category. */
  in_category: number;
  category_size: number;
  /** Training findings of other labels with the word. */
  elsewhere: number;
  /** Targets (none or weak) whose text has the word. */
  reaches: string[];
}

export interface CategorySuggestions {
  category: string;
  label: string;
  /** Training findings of this category, by where their label came from. */
  training: { gold: number; rules: number };
  words: WordSuggestion[];
}

export interface SecondOpinion {
  id: string;
  title: string;
  target: boolean;
  rules: string;
  rules_score: number;
  classifier: string | null;
  /** The classifier's normalized probability of its label. */
  confidence: number | null;
  held_out: boolean;
  gold: string | null;
  also: string | null;
}

export interface Suggestions {
  rules: { name: string; hash: string; threshold: number };
  margin: number;
  findings: number;
  confident: number;
  targets: { id: string; title: string; primary: string; score: number }[];
  training: { gold: number; rules: number };
  categories: CategorySuggestions[];
  /** Every finding the classifier could label, where it disagrees with the rules' primary. */
  disagreements: SecondOpinion[];
  /** Held-out agreement of the classifier with the training labels (a sanity figure for the second opinion). */
  classifier_accuracy: number | null;
}

const WORD = /^[\p{Script=Han}A-Za-z]+$/u;
const isCandidate = (w: string): boolean => [...w].length >= 2 && WORD.test(w) && !SUGGEST_STOPWORDS.has(w);

/** The words of a text as the rules see them: tokens, plus the sub-words of compounds (≥ 3 characters). */
export function suggestTokens(seg: Segmenter, text: string, ruleTerms: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const t of tokenize(seg, text)) {
    if (isCandidate(t.text)) out.push(t.text);
    // The pieces of a rule term (三重|一大 of 三重一大) are not new words: the rule already has the whole.
    if ([...t.text].length >= 3 && !ruleTerms.has(t.text)) {
      const subs = seg.subwords(t.text);
      if (subs.length > 1) for (const s of subs) if (isCandidate(s)) out.push(s);
    }
  }
  return out;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const primaryScore = (f: TaggedFinding) => (f.primary === NONE ? 0 : f.scores[f.primary] ?? 0);

export function suggest(tagged: readonly TaggedFinding[], rs: RuleSet, seg: Segmenter, opts: SuggestOptions = {}): Suggestions {
  const margin = opts.margin ?? 2;
  const top = opts.top ?? 10;
  const minPurity = opts.minPurity ?? 0.6;
  const folds = Math.max(2, opts.folds ?? 5);
  const labels = opts.labels ?? new Map();
  const findings = tagged.filter((f) => f.record_kind === 'finding');
  const confident = (f: TaggedFinding) => f.primary !== NONE && primaryScore(f) >= rs.threshold + margin;
  const ruleTerms = new Set([...rs.terms]);
  const tokens = new Map(findings.map((f) => [f.id, suggestTokens(seg, f.text, ruleTerms)]));
  const sets = new Map([...tokens].map(([k, v]) => [k, new Set(v)]));
  // training labels
  const train: { f: TaggedFinding; label: string; from: 'gold' | 'rules' }[] = [];
  for (const f of findings) {
    const g = labels.get(f.id);
    if (g) train.push({ f, label: g.gold, from: 'gold' });
    else if (confident(f)) train.push({ f, label: f.primary, from: 'rules' });
  }
  const targets = findings.filter((f) => !confident(f));

  // categories to report: the rule set's, then gold-only ones
  const cats = rs.categories.map((c) => ({ id: c.id, label: c.label }));
  for (const t of train) if (t.label !== NONE && !cats.some((c) => c.id === t.label)) cats.push({ id: t.label, label: '' });
  const wanted = opts.category ? cats.filter((c) => c.id === opts.category) : cats;
  if (opts.category && !wanted.length) wanted.push({ id: opts.category, label: '' });

  // TF-IDF over the training findings, one document each
  const tfidf = newTfIdf();
  train.forEach((t) => tfidf.addDocument(tokens.get(t.f.id)!, t.f.id));
  const df = new Map<string, Map<string, number>>(); // word → label → findings
  for (const t of train) {
    for (const w of sets.get(t.f.id)!) {
      let m = df.get(w);
      if (!m) df.set(w, (m = new Map()));
      m.set(t.label, (m.get(t.label) ?? 0) + 1);
    }
  }
  const categories: CategorySuggestions[] = wanted.map((c) => {
    const mine = train.map((t, i) => ({ t, i })).filter((x) => x.t.label === c.id);
    const n = mine.length;
    const minCount = opts.minCount ?? (n < 4 ? 1 : 2);
    const words: WordSuggestion[] = [];
    for (const [w, byLabel] of df) {
      const dfc = byLabel.get(c.id) ?? 0;
      if (!dfc || dfc < minCount || ruleTerms.has(w)) continue;
      const elsewhere = [...byLabel].reduce((s, [l, k]) => s + (l === c.id ? 0 : k), 0);
      const purity = dfc / (dfc + elsewhere);
      if (purity < minPurity) continue;
      const mean = mine.reduce((s, x) => s + tfidf.tfidf([w], x.i), 0) / n;
      words.push({
        word: w,
        score: round(mean * purity),
        in_category: dfc,
        category_size: n,
        elsewhere,
        reaches: targets.filter((f) => sets.get(f.id)!.has(w)).map((f) => f.id),
      });
    }
    words.sort((a, b) => b.score - a.score || b.reaches.length - a.reaches.length || b.in_category - a.in_category || [...b.word].length - [...a.word].length || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
    return {
      category: c.id,
      label: c.label,
      training: { gold: mine.filter((x) => x.t.from === 'gold').length, rules: mine.filter((x) => x.t.from === 'rules').length },
      words: words.slice(0, top),
    };
  });

  // second opinion: naive Bayes on token arrays, held out for training findings
  const opinions = secondOpinion(findings, train, sets, { folds, vocabulary: opts.vocabulary ?? 1500 });
  let agree = 0;
  let judged = 0;
  const trainLabel = new Map(train.map((t) => [t.f.id, t.label]));
  const disagreements: SecondOpinion[] = [];
  for (const f of findings) {
    const o = opinions.get(f.id);
    if (!o) continue;
    const tl = trainLabel.get(f.id);
    if (tl !== undefined && o.label !== null) {
      judged++;
      if (o.label === tl) agree++;
    }
    if (o.label === null || o.label === f.primary) continue;
    if (opts.category && o.label !== opts.category && f.primary !== opts.category) continue;
    const g = labels.get(f.id);
    disagreements.push({
      id: f.id,
      title: f.title,
      target: !confident(f),
      rules: f.primary,
      rules_score: primaryScore(f),
      classifier: o.label,
      confidence: o.confidence,
      held_out: o.heldOut,
      gold: g?.gold ?? null,
      also: g?.also ?? null,
    });
  }
  disagreements.sort((a, b) => Number(b.target) - Number(a.target) || (b.confidence ?? 0) - (a.confidence ?? 0) || (a.id < b.id ? -1 : 1));
  return {
    rules: { name: rs.name, hash: rs.hash, threshold: rs.threshold },
    margin,
    findings: findings.length,
    confident: findings.length - targets.length,
    targets: targets.map((f) => ({ id: f.id, title: f.title, primary: f.primary, score: primaryScore(f) })),
    training: { gold: train.filter((t) => t.from === 'gold').length, rules: train.filter((t) => t.from === 'rules').length },
    categories,
    disagreements,
    classifier_accuracy: judged ? round(agree / judged) : null,
  };
}

interface Opinion {
  label: string | null;
  confidence: number | null;
  heldOut: boolean;
}

function secondOpinion(
  findings: readonly TaggedFinding[],
  train: { f: TaggedFinding; label: string }[],
  sets: Map<string, Set<string>>,
  opts: { folds: number; vocabulary: number },
): Map<string, Opinion> {
  const out = new Map<string, Opinion>();
  if (new Set(train.map((t) => t.label)).size < 2) return out; // nothing to choose between
  // vocabulary: words in ≥ 2 training findings, most frequent first (keeps natural's dense features small)
  const dfAll = new Map<string, number>();
  for (const t of train) for (const w of sets.get(t.f.id)!) dfAll.set(w, (dfAll.get(w) ?? 0) + 1);
  const vocab = new Set(
    [...dfAll]
      .filter(([, n]) => n >= 2)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, opts.vocabulary)
      .map(([w]) => w),
  );
  const feats = (id: string) => [...sets.get(id)!].filter((w) => vocab.has(w)).sort();
  // k-fold over the training findings (deterministic: by id order)
  const sorted = [...train].sort((a, b) => (a.f.id < b.f.id ? -1 : a.f.id > b.f.id ? 1 : 0));
  const k = Math.min(opts.folds, sorted.length);
  for (let fold = 0; fold < k; fold++) {
    const held = sorted.filter((_, i) => i % k === fold);
    const rest = sorted.filter((_, i) => i % k !== fold);
    if (new Set(rest.map((t) => t.label)).size < 2) continue;
    const model = trainModel(rest, feats);
    for (const h of held) out.set(h.f.id, { ...model(h.f.id), heldOut: true });
  }
  const inTrain = new Set(train.map((t) => t.f.id));
  const rest = findings.filter((f) => !inTrain.has(f.id));
  if (rest.length) {
    const model = trainModel(train, feats);
    for (const f of rest) out.set(f.id, model(f.id));
  }
  return out;
}

/**
 * Train natural's BayesClassifier on token arrays, classes balanced by repetition: every class is
 * added as many times over as the largest one (uniform priors). Without this, the smoothing of the
 * underlying apparatus Bayes (an unseen word counts 1 / (class size + 1)) favours the SMALLEST class
 * for any finding with words its class never saw.
 */
function trainModel(members: { f: TaggedFinding; label: string }[], feats: (id: string) => string[]): (id: string) => Opinion {
  const c = newBayes();
  const byLabel = new Map<string, string[][]>();
  for (const m of members) {
    const fx = feats(m.f.id);
    if (!fx.length) continue;
    const list = byLabel.get(m.label) ?? [];
    list.push(fx);
    byLabel.set(m.label, list);
  }
  if (byLabel.size < 2) return () => ({ label: null, confidence: null, heldOut: false });
  const largest = Math.max(...[...byLabel.values()].map((l) => l.length));
  for (const [label, docs] of [...byLabel].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (let i = 0; i < largest; i++) c.addDocument(docs[i % docs.length], label);
  }
  c.train();
  return (id: string) => {
    const x = feats(id);
    if (!x.length) return { label: null, confidence: null, heldOut: false };
    const cls = c.getClassifications(x);
    const total = cls.reduce((s, k) => s + k.value, 0);
    if (!cls.length || !(total > 0)) return { label: null, confidence: null, heldOut: false };
    return { label: cls[0].label, confidence: round(cls[0].value / total), heldOut: false };
  };
}

export function formatSuggestions(s: Suggestions, opts: { maxReach?: number; maxOpinions?: number; allOpinions?: boolean } = {}): string {
  const out: string[] = [];
  const maxReach = opts.maxReach ?? 4;
  out.push(
    `suggest · rules ${s.rules.name} ${s.rules.hash.slice(0, 12)} · ${s.findings} findings: ${s.confident} confidently tagged (score ≥ threshold ${s.rules.threshold} + margin ${s.margin}), ${s.targets.length} none or weak`,
  );
  out.push(`training labels: ${s.training.gold} from gold, ${s.training.rules} from the rules · nothing here changes the rules: review, then edit the rule files yourself`);
  for (const c of s.categories) {
    out.push('');
    const src = [c.training.gold ? `${c.training.gold} gold` : '', c.training.rules ? `${c.training.rules} by the rules` : ''].filter(Boolean).join(' + ') || 'no';
    out.push(`${c.category}${c.label ? ` ${c.label}` : ''} — ${src} training findings`);
    if (!c.words.length) {
      out.push('  (no candidate word)');
      continue;
    }
    const rows = [['word', 'score', 'in category', 'elsewhere', 'reaches none/weak'], ...c.words.map((w) => [w.word, w.score.toFixed(3), `${w.in_category}/${w.category_size}`, String(w.elsewhere), w.reaches.length ? `${w.reaches.length}: ${w.reaches.slice(0, maxReach).join(', ')}${w.reaches.length > maxReach ? ' …' : ''}` : '0'])];
    out.push(...table(rows, ['left', 'right', 'right', 'right', 'left']).map((l) => '  ' + l));
  }
  out.push('');
  const max = opts.maxOpinions ?? 30;
  out.push(
    `second opinion: naive Bayes on words, trained on the training findings (held out when it scores one of them)` +
      `${s.classifier_accuracy !== null ? `; held-out agreement with the training labels ${fmt3(s.classifier_accuracy)}` : ''} — ${s.disagreements.length} disagreements with the rules`,
  );
  const shown = opts.allOpinions ? s.disagreements : s.disagreements.filter((d) => d.target);
  if (shown.length) {
    const rows = [['finding', 'rules', 'classifier', 'gold', 'title'], ...shown.slice(0, max).map((d) => [d.id + (d.target ? ' *' : ''), `${d.rules} ${d.rules_score}`, `${d.classifier} ${fmt3(d.confidence)}`, d.gold ? `${d.gold}${d.also ? `/${d.also}` : ''}` : '', truncate(oneLine(d.title), 30)])];
    out.push(...table(rows).map((l) => '  ' + l));
    out.push('  (* = tagged none or weakly by the rules)');
    if (shown.length > max) out.push(`  … ${shown.length - max} more (--json lists all)`);
  }
  const hidden = s.disagreements.length - shown.length;
  if (hidden) out.push(`  ${hidden} more on confidently tagged findings (--all-opinions or --json lists them)`);
  return out.join('\n') + '\n';
}
