/** `rules eval` output: the printed table, eval.csv / confusion.csv / misclassified.csv, and --watch deltas. */
import { toCsv, type Cell } from '../render/csv.js';
import { NONE } from '../rules/types.js';
import type { EvalDelta, EvalReport, Misclassified } from './metrics.js';
import { fmt3, oneLine, pct, table, truncate } from './text.js';

const signed = (x: number, digits = 3) => (x > 0 ? '+' : x < 0 ? '−' : '±') + Math.abs(x).toFixed(digits);

export function evidenceLine(m: Pick<Misclassified, 'evidence'>): string {
  if (!m.evidence.length) return 'no rule fired';
  return m.evidence.map((e) => `${e.rule} ${e.field} ${e.words.join('/') || '—'} (${e.weight > 0 ? '+' : ''}${e.weight})`).join('; ');
}

export function formatEval(r: EvalReport, opts: { maxErrors?: number } = {}): string {
  const out: string[] = [];
  out.push(
    `rules ${r.rules.name} ${r.rules.hash.slice(0, 12)} · ${r.n} labelled findings` +
      `${r.unlabelled ? ` (${r.unlabelled} without a label, not scored)` : ''} · correct ${r.correct}/${r.n} = ${pct(r.accuracy)}` +
      `${r.correct_via_also ? ` (${r.correct_via_also} by their also label)` : ''}`,
  );
  out.push('');
  const rows: string[][] = [['category', 'label', 'P', 'R', 'F1', 'support', 'predicted', 'TP', 'FP', 'FN']];
  for (const m of r.categories) {
    const empty = m.support === 0 && m.predicted === 0;
    rows.push([m.category, m.label, empty ? '–' : fmt3(m.precision), empty ? '–' : fmt3(m.recall), empty ? '–' : fmt3(m.f1), String(m.support), String(m.predicted), String(m.tp), String(m.fp), String(m.fn)]);
  }
  const real = r.categories.filter((m) => m.category !== NONE);
  rows.push(['micro (without none)', '', fmt3(r.micro.precision), fmt3(r.micro.recall), fmt3(r.micro.f1), String(real.reduce((s, m) => s + m.support, 0)), '', '', '', '']);
  rows.push(['macro (without none)', '', fmt3(r.macro.precision), fmt3(r.macro.recall), fmt3(r.macro.f1), '', '', '', '', '']);
  out.push(...table(rows, ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right']));
  out.push('');
  out.push('confusion matrix: rows gold, columns predicted primary (a prediction equal to `also` counts as the gold category)');
  const cm: string[][] = [['gold \\ predicted', ...r.labels]];
  r.labels.forEach((g, i) => cm.push([g, ...r.confusion[i].map((x) => (x ? String(x) : '.'))]));
  out.push(...table(cm, ['left', ...r.labels.map(() => 'right' as const)]));
  out.push('');
  const max = opts.maxErrors ?? Infinity;
  out.push(`misclassified (${r.misclassified.length})`);
  for (const m of r.misclassified.slice(0, max)) {
    out.push(`  ${m.id}  ${truncate(oneLine(m.title), 40)}`);
    out.push(`    gold ${m.gold}${m.also ? ` (also ${m.also})` : ''} → predicted ${m.predicted}${m.categories.length > 1 ? ` [${m.categories.join(', ')}]` : ''}`);
    out.push(`    evidence: ${evidenceLine(m)}`);
  }
  if (r.misclassified.length > max) out.push(`  … ${r.misclassified.length - max} more (see misclassified.csv with --out)`);
  return out.join('\n') + '\n';
}

/** eval.csv: one row per category, then micro and macro. */
export function evalCsv(r: EvalReport): string {
  const rows: Record<string, Cell>[] = r.categories.map((m) => ({ ...m }));
  rows.push({ category: 'micro', label: 'micro average without none', ...r.micro });
  rows.push({ category: 'macro', label: 'macro average without none', ...r.macro });
  rows.push({ category: 'accuracy', label: `correct ${r.correct} of ${r.n} (${r.correct_via_also} by also)`, precision: r.accuracy, recall: r.accuracy, f1: r.accuracy, support: r.n });
  return toCsv(rows, ['category', 'label', 'precision', 'recall', 'f1', 'support', 'predicted', 'tp', 'fp', 'fn']);
}

/** confusion.csv: gold rows × predicted columns (resolved). */
export function confusionCsv(r: EvalReport): string {
  const rows = r.labels.map((g, i) => Object.fromEntries([['gold', g], ...r.labels.map((p, j) => [p, r.confusion[i][j]])]) as Record<string, Cell>);
  return toCsv(rows, ['gold', ...r.labels]);
}

export function misclassifiedCsv(r: EvalReport): string {
  const rows = r.misclassified.map((m) => ({
    id: m.id,
    doc_id: m.doc_id,
    number: m.number,
    title: m.title,
    gold: m.gold,
    also: m.also,
    predicted: m.predicted,
    categories: m.categories.join(';'),
    rules: [...new Set(m.evidence.map((e) => e.rule))].join(';'),
    evidence: evidenceLine(m),
  }));
  return toCsv(rows, ['id', 'doc_id', 'number', 'title', 'gold', 'also', 'predicted', 'categories', 'rules', 'evidence']);
}

export function evalJson(r: EvalReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

/** The --watch report: what changed since the last run. */
export function formatEvalDelta(d: EvalDelta, titles: ReadonlyMap<string, string> = new Map()): string {
  const out: string[] = [];
  const pair = (name: string, [a, b]: [number, number]) => `${name} ${fmt3(a)} → ${fmt3(b)} (${signed(b - a)})`;
  out.push([pair('accuracy', d.accuracy), pair('micro F1', d.micro_f1), pair('macro F1', d.macro_f1)].join(' · '));
  if (!d.categories.length && !d.fixed.length && !d.broken.length) {
    out.push('no change in the scores');
    return out.join('\n') + '\n';
  }
  for (const c of d.categories) {
    out.push(`  ${c.category}: F1 ${fmt3(c.f1[0])} → ${fmt3(c.f1[1])}  TP ${c.tp[0]}→${c.tp[1]} FP ${c.fp[0]}→${c.fp[1]} FN ${c.fn[0]}→${c.fn[1]}`);
  }
  for (const id of d.fixed) out.push(`  + now correct: ${id}${titles.has(id) ? `  ${truncate(oneLine(titles.get(id)!), 40)}` : ''}`);
  for (const id of d.broken) out.push(`  − now wrong:   ${id}${titles.has(id) ? `  ${truncate(oneLine(titles.get(id)!), 40)}` : ''}`);
  return out.join('\n') + '\n';
}
