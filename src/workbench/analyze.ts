/**
 * `rules analyze`: how each rule behaves on a corpus, after Snorkel's labeling-function analysis
 * (LFAnalysis.lf_summary). A rule FIRES on a finding when it has evidence there (in any field).
 * A rule "votes" for its category; a not-a-finding cue (category `none`) votes for `none`.
 *
 *  - coverage:  findings it fires on (count, and share of ALL findings, as in Snorkel);
 *  - overlaps:  findings where it fires together with at least one other rule (count, share of all);
 *  - conflicts: findings where it fires together with a rule of ANOTHER category (a `none` cue
 *               firing with any category's rule, or the reverse, is a conflict too);
 *  - primary:   findings where its category became the primary (its vote won);
 *  - with gold labels: empirical accuracy = share of its firings on labelled findings where its
 *    category is the gold label or the `also` label; the wrong firings are listed.
 * Then: rules that never fire; categories whose coverage (findings where any of their rules
 * fires) is below a share (default: half of an even split, 0.5 / number of categories); and findings
 * no rule of a real category covers.
 */
import type { EvidenceField, TaggedFinding } from '../model/records.js';
import { NONE, type RuleSet } from '../rules/types.js';
import type { GoldLabels } from './gold.js';
import { fmt3, oneLine, pct, table, truncate } from './text.js';

export interface WrongFiring {
  id: string;
  title: string;
  gold: string;
  also: string | null;
  primary: string;
  words: string[];
}

export interface RuleStats {
  id: string;
  category: string;
  kind: 'any' | 'all' | 'regex';
  weight: number;
  fires: number;
  coverage: number;
  fields: Record<EvidenceField, number>;
  overlaps: number;
  overlap_share: number;
  conflicts: number;
  conflict_share: number;
  /** Firings where the rule's category became the primary. */
  primary: number;
  /** The rules it most often fires with, and how often. */
  top_overlaps: { rule: string; n: number }[];
  top_conflicts: { rule: string; category: string; n: number }[];
  /** Firings on labelled findings; null without gold labels. */
  labelled: number | null;
  correct: number | null;
  accuracy: number | null;
  wrong: WrongFiring[];
}

export interface CategoryCoverage {
  id: string;
  label: string;
  rules: number;
  /** Findings where at least one of its rules fires. */
  covered: number;
  share: number;
  /** Findings where it is the primary category. */
  primary: number;
  low: boolean;
}

export interface Analysis {
  rules: { name: string; hash: string };
  findings: number;
  labelled: number;
  per_rule: RuleStats[];
  never_fire: string[];
  low_share: number;
  categories: CategoryCoverage[];
  low_coverage: string[];
  uncovered: { id: string; number: string; title: string; primary: string }[];
}

export interface AnalyzeOptions {
  labels?: GoldLabels;
  /** A category is low when its coverage share is below this (default 0.5 / number of categories). */
  lowShare?: number;
  /** How many overlapping/conflicting rules to keep per rule (default 3). */
  top?: number;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function analyzeRules(tagged: readonly TaggedFinding[], rs: RuleSet, opts: AnalyzeOptions = {}): Analysis {
  const findings = tagged.filter((f) => f.record_kind === 'finding');
  const N = findings.length;
  const share = (n: number) => (N ? round(n / N) : 0);
  const top = opts.top ?? 3;
  const labels = opts.labels;
  const categoryOf = new Map(rs.rules.map((r) => [r.id, r.category]));
  // rule id → the findings it fires on, with their firing rules
  const firedBy = new Map<string, { f: TaggedFinding; rules: Set<string>; words: string[]; fields: Set<EvidenceField> }[]>();
  for (const f of findings) {
    const rules = new Set(f.evidence.map((e) => e.rule));
    for (const r of rules) {
      const ev = f.evidence.filter((e) => e.rule === r);
      const list = firedBy.get(r) ?? [];
      list.push({ f, rules, words: [...new Set(ev.flatMap((e) => (e.words.length ? e.words : e.terms)))], fields: new Set(ev.map((e) => e.field)) });
      firedBy.set(r, list);
    }
  }
  const perRule: RuleStats[] = rs.rules.map((rule) => {
    const hits = firedBy.get(rule.id) ?? [];
    const fields: Record<EvidenceField, number> = { title: 0, body: 0, heading: 0 };
    const with_ = new Map<string, number>();
    let overlaps = 0;
    let conflicts = 0;
    let primary = 0;
    let labelled = 0;
    let correct = 0;
    const wrong: WrongFiring[] = [];
    for (const h of hits) {
      for (const fl of h.fields) fields[fl]++;
      const others = [...h.rules].filter((r) => r !== rule.id);
      if (others.length) overlaps++;
      if (others.some((r) => (categoryOf.get(r) ?? r) !== rule.category)) conflicts++;
      for (const o of others) with_.set(o, (with_.get(o) ?? 0) + 1);
      if (h.f.primary === rule.category) primary++;
      const g = labels?.get(h.f.id);
      if (g) {
        labelled++;
        if (g.gold === rule.category || g.also === rule.category) correct++;
        else wrong.push({ id: h.f.id, title: h.f.title, gold: g.gold, also: g.also, primary: h.f.primary, words: h.words });
      }
    }
    const ranked = [...with_].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return {
      id: rule.id,
      category: rule.category,
      kind: rule.matcher.kind,
      weight: rule.weight,
      fires: hits.length,
      coverage: share(hits.length),
      fields,
      overlaps,
      overlap_share: share(overlaps),
      conflicts,
      conflict_share: share(conflicts),
      primary,
      top_overlaps: ranked.slice(0, top).map(([r, n]) => ({ rule: r, n })),
      top_conflicts: ranked
        .filter(([r]) => (categoryOf.get(r) ?? r) !== rule.category)
        .slice(0, top)
        .map(([r, n]) => ({ rule: r, category: categoryOf.get(r) ?? '?', n })),
      labelled: labels ? labelled : null,
      correct: labels ? correct : null,
      accuracy: labels && labelled ? round(correct / labelled) : null,
      wrong,
    };
  });
  const realCats = rs.categories;
  const lowShare = opts.lowShare ?? (realCats.length ? 0.5 / realCats.length : 0);
  const categories: CategoryCoverage[] = realCats.map((c) => {
    const covered = findings.filter((f) => f.evidence.some((e) => e.category === c.id && e.weight > 0)).length;
    return {
      id: c.id,
      label: c.label,
      rules: rs.rules.filter((r) => r.category === c.id).length,
      covered,
      share: share(covered),
      primary: findings.filter((f) => f.primary === c.id).length,
      low: share(covered) < lowShare,
    };
  });
  const uncovered = findings
    .filter((f) => !f.evidence.some((e) => e.category !== NONE && e.weight > 0))
    .map((f) => ({ id: f.id, number: f.number, title: f.title, primary: f.primary }));
  return {
    rules: { name: rs.name, hash: rs.hash },
    findings: N,
    labelled: labels ? findings.filter((f) => labels.has(f.id)).length : 0,
    per_rule: perRule,
    never_fire: perRule.filter((r) => r.fires === 0).map((r) => r.id),
    low_share: round(lowShare),
    categories,
    low_coverage: categories.filter((c) => c.low).map((c) => c.id),
    uncovered,
  };
}

export function formatAnalysis(a: Analysis, opts: { maxWrong?: number } = {}): string {
  const out: string[] = [];
  const gold = a.labelled > 0;
  out.push(`rules ${a.rules.name} ${a.rules.hash.slice(0, 12)} · ${a.findings} findings${gold ? ` · ${a.labelled} with gold labels` : ''}`);
  out.push('shares are of all findings (as in Snorkel); overlaps = fires with another rule, conflicts = with a rule of another category');
  out.push('');
  const head = ['rule', 'category', 'kind', 'w', 'fires', 'cover', 'overlap', 'conflict', 'primary', ...(gold ? ['acc', 'wrong'] : []), 'fires most with'];
  const rows: string[][] = [head];
  for (const r of a.per_rule) {
    rows.push([
      r.id,
      r.category,
      r.kind,
      String(r.weight),
      String(r.fires),
      pct(r.coverage),
      pct(r.overlap_share),
      pct(r.conflict_share),
      String(r.primary),
      ...(gold ? [r.labelled ? `${fmt3(r.accuracy)} (${r.correct}/${r.labelled})` : '–', String(r.wrong.length)] : []),
      r.top_overlaps.map((o) => `${o.rule} ${o.n}`).join(', '),
    ]);
  }
  out.push(...table(rows, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', ...(gold ? (['right', 'right'] as const) : []), 'left']));
  out.push('');
  out.push(`rules that never fire (${a.never_fire.length})${a.never_fire.length ? ': ' + a.never_fire.join(', ') : ''}`);
  out.push('');
  out.push(`categories (low coverage: below ${pct(a.low_share)} of the findings)`);
  out.push(
    ...table(
      [['category', 'label', 'rules', 'covered', 'share', 'primary', ''], ...a.categories.map((c) => [c.id, c.label, String(c.rules), String(c.covered), pct(c.share), String(c.primary), c.low ? 'LOW' : ''])],
      ['left', 'left', 'right', 'right', 'right', 'right', 'left'],
    ).map((l) => '  ' + l),
  );
  out.push('');
  out.push(`findings no rule covers (${a.uncovered.length})`);
  for (const u of a.uncovered) out.push(`  ${u.id}  ${truncate(oneLine(u.title), 50)}`);
  if (gold) {
    const max = opts.maxWrong ?? 5;
    const withWrong = a.per_rule.filter((r) => r.wrong.length);
    out.push('');
    out.push(`wrong firings (the rule's category is neither the gold nor the also label)${withWrong.length ? '' : ': none'}`);
    for (const r of withWrong) {
      out.push(`  ${r.id} (${r.category}): ${r.wrong.length}`);
      for (const w of r.wrong.slice(0, max)) out.push(`    ${w.id}  gold ${w.gold}${w.also ? `/${w.also}` : ''}, primary ${w.primary}  words ${w.words.join('/') || '—'}  ${truncate(oneLine(w.title), 30)}`);
      if (r.wrong.length > max) out.push(`    … ${r.wrong.length - max} more (--json lists all)`);
    }
  }
  return out.join('\n') + '\n';
}
