/**
 * Comparing two taggings of the same findings (two rule sets, or one rule set before and after an
 * edit): which findings changed their tags, and which rules are responsible.
 *
 * A finding's TAGS change when its primary, its categories (the list, in order) or any score
 * changes (scores compared to 1e-9). The rules responsible are read off the evidence: rule ids that
 * fired in one tagging and not in the other (`rules_removed` / `rules_added`), and rule ids that
 * fired in both but with different contributions (`rules_changed`: other fields or weights).
 * Findings whose evidence changed but not their tags (e.g. a rule renamed) are kept apart
 * (`evidence_only`). Findings present on one side only are listed by id.
 */
import type { Evidence, TaggedFinding } from '../model/records.js';
import { NONE } from '../rules/types.js';
import { oneLine, table, truncate } from './text.js';

export type ChangeKind = 'primary' | 'categories' | 'scores' | 'evidence';

export interface TagState {
  primary: string;
  categories: string[];
  scores: Record<string, number>;
}

export interface TagChange {
  id: string;
  doc_id: string;
  number: string;
  title: string;
  kinds: ChangeKind[];
  before: TagState;
  after: TagState;
  /** after − before, for every category whose score changed. */
  score_deltas: Record<string, number>;
  rules_removed: string[];
  rules_added: string[];
  rules_changed: string[];
}

export interface CategoryShift {
  category: string;
  gained_primary: number;
  lost_primary: number;
  gained_any: number;
  lost_any: number;
}

export interface TaggedDiff {
  /** Findings compared (present on both sides). */
  compared: number;
  /** Findings whose tags changed (primary, categories or scores). */
  changes: TagChange[];
  /** Findings whose evidence changed but not their tags. */
  evidence_only: TagChange[];
  only_before: string[];
  only_after: string[];
  /** Per category: gained/lost as primary and as any category (in `categories`); only categories that moved. */
  summary: CategoryShift[];
}

const EPS = 1e-9;
const state = (f: TaggedFinding): TagState => ({ primary: f.primary, categories: [...f.categories], scores: { ...f.scores } });

/** rule id → sorted "field:weight" contributions. */
function contributions(ev: readonly Evidence[]): Map<string, string> {
  const m = new Map<string, string[]>();
  for (const e of ev) {
    const list = m.get(e.rule) ?? [];
    list.push(`${e.field}:${e.weight}`);
    m.set(e.rule, list);
  }
  return new Map([...m].map(([k, v]) => [k, v.sort().join(',')]));
}

/** Compare two taggings, matching findings by id. Changes come out in the order of `after`. */
export function diffTagged(before: readonly TaggedFinding[], after: readonly TaggedFinding[]): TaggedDiff {
  const b = new Map(before.map((f) => [f.id, f]));
  const a = new Map(after.map((f) => [f.id, f]));
  const changes: TagChange[] = [];
  const evidenceOnly: TagChange[] = [];
  const shifts = new Map<string, CategoryShift>();
  const shift = (c: string) => {
    let s = shifts.get(c);
    if (!s) shifts.set(c, (s = { category: c, gained_primary: 0, lost_primary: 0, gained_any: 0, lost_any: 0 }));
    return s;
  };
  let compared = 0;
  for (const fa of after) {
    const fb = b.get(fa.id);
    if (!fb) continue;
    compared++;
    const kinds: ChangeKind[] = [];
    if (fa.primary !== fb.primary) kinds.push('primary');
    if (fa.categories.join('\0') !== fb.categories.join('\0')) kinds.push('categories');
    const deltas: Record<string, number> = {};
    for (const c of new Set([...Object.keys(fb.scores), ...Object.keys(fa.scores)])) {
      const d = (fa.scores[c] ?? 0) - (fb.scores[c] ?? 0);
      if (Math.abs(d) > EPS) deltas[c] = Math.round(d * 1e6) / 1e6;
    }
    if (Object.keys(deltas).length) kinds.push('scores');
    const cb = contributions(fb.evidence);
    const ca = contributions(fa.evidence);
    const removed = [...cb.keys()].filter((r) => !ca.has(r)).sort();
    const added = [...ca.keys()].filter((r) => !cb.has(r)).sort();
    const changed = [...ca.keys()].filter((r) => cb.has(r) && cb.get(r) !== ca.get(r)).sort();
    const evidenceChanged = removed.length + added.length + changed.length > 0;
    if (!kinds.length && !evidenceChanged) continue;
    const change: TagChange = {
      id: fa.id,
      doc_id: fa.doc_id,
      number: fa.number,
      title: fa.title,
      kinds: kinds.length ? kinds : ['evidence'],
      before: state(fb),
      after: state(fa),
      score_deltas: deltas,
      rules_removed: removed,
      rules_added: added,
      rules_changed: changed,
    };
    if (!kinds.length) {
      evidenceOnly.push(change);
      continue;
    }
    changes.push(change);
    if (fa.primary !== fb.primary) {
      shift(fa.primary).gained_primary++;
      shift(fb.primary).lost_primary++;
    }
    for (const c of fa.categories) if (!fb.categories.includes(c)) shift(c).gained_any++;
    for (const c of fb.categories) if (!fa.categories.includes(c)) shift(c).lost_any++;
  }
  const order = [...new Set([...after.flatMap((f) => Object.keys(f.scores)), ...before.flatMap((f) => Object.keys(f.scores)), NONE])];
  const summary = [...shifts.values()].sort((x, y) => order.indexOf(x.category) - order.indexOf(y.category));
  return {
    compared,
    changes,
    evidence_only: evidenceOnly,
    only_before: before.filter((f) => !a.has(f.id)).map((f) => f.id),
    only_after: after.filter((f) => !b.has(f.id)).map((f) => f.id),
    summary,
  };
}

const num = (x: number) => String(Math.round(x * 1e6) / 1e6);

function rulesLine(c: TagChange): string {
  const parts: string[] = [];
  if (c.rules_removed.length) parts.push(`− ${c.rules_removed.join(', ')}`);
  if (c.rules_added.length) parts.push(`+ ${c.rules_added.join(', ')}`);
  if (c.rules_changed.length) parts.push(`~ ${c.rules_changed.join(', ')}`);
  return parts.join('  ') || '(no rule fired differently: settings changed)';
}

/** The printed diff: one block per changed finding, then the per-category summary. */
export function formatDiff(d: TaggedDiff, opts: { labels?: { base: string; head: string }; evidenceOnly?: boolean } = {}): string {
  const out: string[] = [];
  const base = opts.labels?.base ?? 'before';
  const head = opts.labels?.head ?? 'after';
  out.push(`${d.changes.length} of ${d.compared} findings change their tags (${base} → ${head})`);
  for (const c of d.changes) {
    out.push('');
    out.push(`${c.id}  ${truncate(oneLine(c.title), 44)}`);
    const prim = c.before.primary === c.after.primary ? `primary ${c.after.primary} (same)` : `primary ${c.before.primary} → ${c.after.primary}`;
    const cats = c.kinds.includes('categories') ? `  categories [${c.before.categories.join(', ')}] → [${c.after.categories.join(', ')}]` : '';
    out.push(`  ${prim}${cats}`);
    const sd = Object.keys(c.score_deltas).map((k) => `${k} ${num(c.before.scores[k] ?? 0)}→${num(c.after.scores[k] ?? 0)}`);
    if (sd.length) out.push(`  scores ${sd.join(', ')}`);
    out.push(`  rules ${rulesLine(c)}`);
  }
  if (d.evidence_only.length) {
    out.push('');
    out.push(`${d.evidence_only.length} more findings changed their evidence but not their tags${opts.evidenceOnly ? ':' : ' (--all lists them)'}`);
    if (opts.evidenceOnly) for (const c of d.evidence_only) out.push(`  ${c.id}  rules ${rulesLine(c)}`);
  }
  if (d.only_before.length) out.push(`only in ${base}: ${d.only_before.join(', ')}`);
  if (d.only_after.length) out.push(`only in ${head}: ${d.only_after.join(', ')}`);
  if (d.summary.length) {
    out.push('');
    out.push('by category');
    out.push(...table([['category', '+primary', '−primary', '+any', '−any'], ...d.summary.map((s) => [s.category, String(s.gained_primary), String(s.lost_primary), String(s.gained_any), String(s.lost_any)])], ['left', 'right', 'right', 'right', 'right']).map((l) => '  ' + l));
  }
  return out.join('\n') + '\n';
}

/** The --watch line for tagging: findings whose primary changed since the last run. */
export function formatPrimaryChanges(d: TaggedDiff): string {
  const moved = d.changes.filter((c) => c.kinds.includes('primary'));
  if (!moved.length) return `no primary category changed (${d.changes.length} findings changed scores or categories)\n`;
  const lines = [`${moved.length} findings changed their primary category:`];
  for (const c of moved) lines.push(`  ${c.id}  ${c.before.primary} → ${c.after.primary}  ${truncate(oneLine(c.title), 36)}  (${rulesLine(c)})`);
  return lines.join('\n') + '\n';
}
