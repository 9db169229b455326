/**
 * `rules eval`: the rules' primary category against gold labels.
 *
 * Each labelled finding has a gold category `g`, maybe an acceptable second label `a` (`also`),
 * and the rules' primary `p`. The finding is CORRECT when p = g or p = a.
 *
 * How `also` enters precision, recall and F1 — one policy, applied before any counting:
 *   the prediction is first RESOLVED: r = g when p = a (an accepted `also` is scored exactly as if
 *   the rules had said the gold category), otherwise r = p. Then, per category c:
 *     TP_c = findings with g = c and r = c
 *     FP_c = findings with r = c and g ≠ c
 *     FN_c = findings with g = c and r ≠ c
 *   so a finding predicted as its `also` is one TP of its gold category and NOT a false positive of
 *   the `also` category; support (= findings with g = c) never depends on the predictions.
 *   P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2PR/(P+R); a ratio with a zero denominator is 0.
 *
 * `none` (not a finding / nothing matched) is a row and a column of the confusion matrix and gets its
 * own line, but the micro and macro averages are over the real categories only: micro sums TP, FP
 * and FN over them (a finding with g = none and r = c is a false positive of c, one with g = c and
 * r = none a false negative of c); macro is the unweighted mean over the real categories that occur
 * in the gold labels or the predictions. Accuracy (correct / labelled) counts every finding, `none`
 * included.
 *
 * The confusion matrix has gold categories as rows and RESOLVED predictions as columns (so accepted
 * `also` predictions lie on the diagonal); `confusion_raw` in eval.json has the unresolved ones.
 */
import type { Evidence, TaggedFinding } from '../model/records.js';
import { NONE } from '../rules/types.js';
import type { GoldLabel, GoldLabels } from './gold.js';

export interface CategoryMetrics {
  category: string;
  label: string;
  /** Findings whose gold category is this one. */
  support: number;
  /** Findings whose resolved prediction is this one. */
  predicted: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Averages {
  precision: number;
  recall: number;
  f1: number;
}

export interface Misclassified {
  id: string;
  doc_id: string;
  number: string;
  title: string;
  gold: string;
  also: string | null;
  predicted: string;
  categories: string[];
  scores: Record<string, number>;
  /** Evidence as "rule field words" items: which rules fired and on which words. */
  evidence: { rule: string; category: string; field: Evidence['field']; weight: number; words: string[] }[];
}

export interface EvalReport {
  rules: { name: string; hash: string };
  /** Labelled findings evaluated. */
  n: number;
  /** Findings of the inputs without a gold label (not evaluated). */
  unlabelled: number;
  correct: number;
  /** Correct because the prediction equals `also` (included in `correct`). */
  correct_via_also: number;
  accuracy: number;
  /** Per category, in rule-set order, then gold-only categories, then `none`. */
  categories: CategoryMetrics[];
  micro: Averages;
  macro: Averages;
  /** Row/column order of the confusion matrices. */
  labels: string[];
  /** confusion[i][j] = findings with gold labels[i] and resolved prediction labels[j]. */
  confusion: number[][];
  confusion_raw: number[][];
  misclassified: Misclassified[];
}

export interface EvalItem {
  finding: TaggedFinding;
  gold: GoldLabel;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The prediction after the `also` policy: the gold category when the prediction is the accepted `also`. */
export function resolvePrediction(predicted: string, g: GoldLabel): string {
  return g.also !== null && predicted === g.also ? g.gold : predicted;
}

export function isCorrect(predicted: string, g: GoldLabel): boolean {
  return predicted === g.gold || (g.also !== null && predicted === g.also);
}

/** Pair tagged findings with their labels; the rest are unlabelled. */
export function evalItems(tagged: readonly TaggedFinding[], labels: GoldLabels): { items: EvalItem[]; unlabelled: number } {
  const items: EvalItem[] = [];
  let unlabelled = 0;
  for (const f of tagged) {
    if (f.record_kind !== 'finding') continue;
    const g = labels.get(f.id);
    if (g) items.push({ finding: f, gold: g });
    else unlabelled++;
  }
  return { items, unlabelled };
}

/**
 * Score the items. `categories` gives the order and labels of the rule set's categories; gold or
 * predicted categories the rule set does not declare are added after them (label empty).
 */
export function evaluate(
  items: readonly EvalItem[],
  categories: readonly { id: string; label: string }[],
  opts: { unlabelled?: number; rules?: { name: string; hash: string } } = {},
): EvalReport {
  const labelOf = new Map(categories.map((c) => [c.id, c.label]));
  const order = categories.map((c) => c.id).filter((c) => c !== NONE);
  for (const it of items) {
    for (const c of [it.gold.gold, it.gold.also, it.finding.primary]) {
      if (c && c !== NONE && !order.includes(c)) order.push(c);
    }
  }
  const labels = [...order, NONE];
  const index = new Map(labels.map((c, i) => [c, i]));
  const zero = () => labels.map(() => labels.map(() => 0));
  const confusion = zero();
  const confusionRaw = zero();
  let correct = 0;
  let viaAlso = 0;
  const misclassified: Misclassified[] = [];
  for (const { finding: f, gold: g } of items) {
    const r = resolvePrediction(f.primary, g);
    confusion[index.get(g.gold)!][index.get(r)!]++;
    confusionRaw[index.get(g.gold)!][index.get(f.primary)!]++;
    if (isCorrect(f.primary, g)) {
      correct++;
      if (f.primary !== g.gold) viaAlso++;
    } else {
      misclassified.push({
        id: f.id,
        doc_id: f.doc_id,
        number: f.number,
        title: f.title,
        gold: g.gold,
        also: g.also,
        predicted: f.primary,
        categories: f.categories,
        scores: f.scores,
        evidence: f.evidence.map((e) => ({ rule: e.rule, category: e.category, field: e.field, weight: e.weight, words: e.words.length ? e.words : e.terms })),
      });
    }
  }
  const metrics: CategoryMetrics[] = labels.map((c, i) => {
    const tp = confusion[i][i];
    const support = confusion[i].reduce((s, x) => s + x, 0);
    const predicted = confusion.reduce((s, row) => s + row[i], 0);
    const fp = predicted - tp;
    const fn = support - tp;
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    return { category: c, label: labelOf.get(c) ?? '', support, predicted, tp, fp, fn, precision: round(precision), recall: round(recall), f1: round(f1of(precision, recall)) };
  });
  const real = metrics.filter((m) => m.category !== NONE);
  const TP = real.reduce((s, m) => s + m.tp, 0);
  const FP = real.reduce((s, m) => s + m.fp, 0);
  const FN = real.reduce((s, m) => s + m.fn, 0);
  const microP = ratio(TP, TP + FP);
  const microR = ratio(TP, TP + FN);
  const present = real.filter((m) => m.support > 0 || m.predicted > 0);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  return {
    rules: opts.rules ?? { name: '', hash: '' },
    n: items.length,
    unlabelled: opts.unlabelled ?? 0,
    correct,
    correct_via_also: viaAlso,
    accuracy: round(ratio(correct, items.length)),
    categories: metrics,
    micro: { precision: round(microP), recall: round(microR), f1: round(f1of(microP, microR)) },
    macro: {
      precision: round(mean(present.map((m) => m.precision))),
      recall: round(mean(present.map((m) => m.recall))),
      f1: round(mean(present.map((m) => m.f1))),
    },
    labels,
    confusion,
    confusion_raw: confusionRaw,
    misclassified,
  };
}

/** What changed between two evaluations of the same labelled findings (for --watch). */
export interface EvalDelta {
  accuracy: [number, number];
  micro_f1: [number, number];
  macro_f1: [number, number];
  /** Categories whose F1 changed. */
  categories: { category: string; f1: [number, number]; tp: [number, number]; fp: [number, number]; fn: [number, number] }[];
  /** Findings that became correct / wrong. */
  fixed: string[];
  broken: string[];
}

export function evalDelta(before: EvalReport, after: EvalReport): EvalDelta {
  const wrongBefore = new Set(before.misclassified.map((m) => m.id));
  const wrongAfter = new Set(after.misclassified.map((m) => m.id));
  const cats: EvalDelta['categories'] = [];
  for (const a of after.categories) {
    const b = before.categories.find((x) => x.category === a.category);
    const pb = b ?? { f1: 0, tp: 0, fp: 0, fn: 0 };
    if (pb.f1 !== a.f1 || pb.tp !== a.tp || pb.fp !== a.fp || pb.fn !== a.fn) {
      cats.push({ category: a.category, f1: [pb.f1, a.f1], tp: [pb.tp, a.tp], fp: [pb.fp, a.fp], fn: [pb.fn, a.fn] });
    }
  }
  return {
    accuracy: [before.accuracy, after.accuracy],
    micro_f1: [before.micro.f1, after.micro.f1],
    macro_f1: [before.macro.f1, after.macro.f1],
    categories: cats,
    fixed: [...wrongBefore].filter((id) => !wrongAfter.has(id)).sort(),
    broken: [...wrongAfter].filter((id) => !wrongBefore.has(id)).sort(),
  };
}
