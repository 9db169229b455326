/**
 * A human explanation of one tagged finding: its original text with the matched words marked,
 * then, per category, every rule that fired, the words, where (title/body/heading), and the score.
 * Pure: returns a string. Marks are ANSI bold + colour (`color: true`) or 【brackets】.
 */
import type { Evidence, Span, TaggedFinding } from '../model/records.js';
import { NONE, type RuleSet } from '../rules/types.js';
import { scoreEvidence } from './score.js';

export interface ExplainOptions {
  color: boolean;
}

const COLORS = [31, 32, 33, 34, 35, 36];
const ansi = (code: string, s: string) => `\x1b[${code}m${s}\x1b[0m`;

/** `text` (which starts at `base` in the original) with the given spans marked. */
export function highlight(text: string, base: number, spans: { span: Span; color: number }[], color: boolean): string {
  const inside = spans
    .map((s) => ({ a: Math.max(s.span[0], base) - base, b: Math.min(s.span[1], base + text.length) - base, color: s.color }))
    .filter((s) => s.b > s.a)
    .sort((x, y) => x.a - y.a || y.b - x.b);
  let out = '';
  let pos = 0;
  for (const s of inside) {
    if (s.a < pos) continue; // overlapping marks: the first (longest) wins
    out += text.slice(pos, s.a);
    const w = text.slice(s.a, s.b);
    out += color ? ansi(`1;${s.color}`, w) : `【${w}】`;
    pos = s.b;
  }
  return out + text.slice(pos);
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, ''));

export function explainFinding(f: TaggedFinding, original: string, rs: RuleSet, opts: ExplainOptions): string {
  const color = opts.color;
  const colorOf = new Map(rs.categories.map((c, i) => [c.id, COLORS[i % COLORS.length]]));
  const label = new Map(rs.categories.map((c) => [c.id, c.label]));
  const catName = (id: string) => (label.has(id) ? `${id} ${label.get(id)}` : id);
  const bold = (s: string) => (color ? ansi('1', s) : s);
  const marks = f.evidence.flatMap((e) => e.spans.map((span) => ({ span, color: colorOf.get(e.category) ?? 90 })));
  const lines: string[] = [];

  lines.push(bold(f.id) + `  (${f.doc_kind}${f.unit ? `, ${f.unit}` : ''}; number ${f.number || '-'})`);
  if (f.heading_path.length) {
    const headingEv = f.evidence.filter((e) => e.field === 'heading');
    lines.push(`headings: ${f.heading_path.join(' > ')}`);
    const located = headingEv
      .flatMap((e) => e.words.map((w, i) => ({ w, at: e.spans[i][0] })))
      .sort((a, b) => a.at - b.at)
      .map((x) => `${color ? bold(x.w) : `【${x.w}】`}@${x.at}`);
    const unlocated = headingEv.filter((e) => !e.spans.length).flatMap((e) => e.terms);
    if (located.length) lines.push(`  heading words: ${located.join(', ')}`);
    if (unlocated.length) lines.push(`  heading words: ${unlocated.join(', ')} (heading not located in the original text)`);
  }
  const [s0, s1] = clampSpan(f.span, original.length);
  const text = original.slice(s0, s1);
  lines.push('');
  for (const l of highlight(text, s0, marks, color).split('\n')) if (l.trim()) lines.push(`  ${l.trim()}`);
  lines.push('');

  const passed = new Set(f.categories);
  lines.push(
    `primary: ${bold(catName(f.primary))}` +
      (f.primary === NONE ? ' (no category reached the threshold)' : '') +
      `   categories: ${f.categories.join(', ')}   threshold ${fmt(rs.threshold)}`,
  );
  if (f.heading_decided) {
    const without = scoreEvidence(rs, f.evidence.filter((e) => e.field !== 'heading'));
    lines.push(`heading decided: yes — without the section headings the primary would be ${catName(without.primary)}`);
  } else if (f.evidence.some((e) => e.field === 'heading')) {
    lines.push('heading decided: no — the headings agree with the title and body');
  }

  const penalties = f.evidence.filter((e) => e.category === NONE);
  const shown = rs.categories.filter((c) => f.evidence.some((e) => e.category === c.id));
  shown.sort((a, b) => (f.scores[b.id] ?? 0) - (f.scores[a.id] ?? 0) || a.order - b.order);
  for (const c of shown) {
    const score = f.scores[c.id] ?? 0;
    const mark = passed.has(c.id) ? (c.id === f.primary ? 'primary' : 'passes') : 'below threshold';
    lines.push('');
    lines.push(`${bold(catName(c.id))} — score ${fmt(score)} (${mark})`);
    for (const e of f.evidence.filter((x) => x.category === c.id)) lines.push(evidenceLine(e, rs));
    for (const e of penalties) lines.push(evidenceLine(e, rs));
  }
  if (!shown.length) lines.push('', 'No rule matched this finding.');
  return lines.join('\n') + '\n';
}

function evidenceLine(e: Evidence, rs: RuleSet): string {
  const rule = rs.rules.find((r) => r.id === e.rule);
  const words = e.spans.length ? e.words.map((w, i) => `${w}@${e.spans[i][0]}-${e.spans[i][1]}`).join(', ') : e.terms.join(', ');
  const calc = rule ? `${fmt(rule.weight)} × ${e.field} ${fmt(rs.fields[e.field])} = ${fmt(e.weight)}` : fmt(e.weight);
  const kind = rule ? (rule.matcher.kind === 'regex' ? ` /${rule.matcher.source}/` : '') : '';
  return `  ${e.rule.padEnd(34)} ${e.field.padEnd(7)} ${words}  [${calc}]${kind}`;
}

function clampSpan(s: Span, len: number): Span {
  const a = Math.max(0, Math.min(len, s[0]));
  return [a, Math.max(a, Math.min(len, s[1]))];
}
