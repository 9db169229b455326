/**
 * computeSummary: counts, shares, the groups × categories matrices with a chi-square test and
 * adjusted residuals, distinctive words, and the feedback ↔ rectification linkage.
 * Pure: no I/O, no clock; every list sorted explicitly; floats rounded to 4 decimals
 * (p-values to 4 significant digits).
 */
import type { DocumentRecord, TaggedFinding } from '../model/records.js';
import type { Segmenter } from '../segment/segmenter.js';
import { keyness, KEYNESS_METHOD } from './keyness.js';
import { KIND_LABELS, kindLabel, MISSING_LABEL, NONE_CATEGORY, NONE_LABEL, unitOf } from './labels.js';
import { computeLinkage } from './linkage.js';
import {
  type Association,
  type CategoryCount,
  type CategoryRef,
  type Grouping,
  type GroupStats,
  type ResidualCell,
  Summary,
  SUMMARY_SCHEMA_VERSION,
} from './schema.js';
import { chiSquareTest, cmpStr, round, roundSig } from './stats.js';
import { contentTokens } from './tokens.js';

export const ASSOCIATION_METHOD =
  'Pearson chi-square test of independence (groups × primary categories); adjusted standardized residuals (Haberman 1973), |r| ≥ 1.96 ≈ p < 0.05 per cell';
export const ALPHA = 0.05;
export const CRITICAL_RESIDUAL = 1.96;

export interface SummaryInput {
  documents: DocumentRecord[];
  /** Tagged records; only record_kind "finding" is counted. */
  findings: TaggedFinding[];
  /** The rule set's categories, in the rule set's order. */
  categories: CategoryRef[];
  rulesetHash: string;
  version: string;
  /** Metadata columns to group by (doc.meta keys); default: every key found, sorted. */
  metaColumns?: string[];
  /** Segmenter for distinctive words and linkage (pass the rule engine's, with rule terms added). */
  segmenter: Segmenter;
  /** Linkage threshold (default LINK_THRESHOLD). */
  linkThreshold?: number;
  /** Distinctive words per group (default 15). */
  topWords?: number;
}

/** The category columns: the rule set's, then ids only seen in findings (sorted), then "none" if used. */
export function categoryColumns(categories: CategoryRef[], findings: TaggedFinding[]): CategoryRef[] {
  const cols = categories.filter((c) => c.id !== NONE_CATEGORY).map((c) => ({ id: c.id, label: c.label }));
  const known = new Set(cols.map((c) => c.id));
  const extra = new Set<string>();
  let none = categories.some((c) => c.id === NONE_CATEGORY);
  for (const f of findings) {
    for (const id of [f.primary, ...f.categories]) {
      if (id === NONE_CATEGORY) none = true;
      else if (!known.has(id)) extra.add(id);
    }
  }
  for (const id of [...extra].sort(cmpStr)) cols.push({ id, label: id });
  if (none) cols.push({ id: NONE_CATEGORY, label: categories.find((c) => c.id === NONE_CATEGORY)?.label ?? NONE_LABEL });
  return cols;
}

interface GroupDef {
  key: string;
  label: string;
  docValue: (d: DocumentRecord) => string | null;
  valueLabel: (v: string | null) => string;
  /** Sort order of values (default: code points, null last). */
  order?: (a: string | null, b: string | null) => number;
}

function defaultOrder(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return cmpStr(a, b);
}

const KIND_ORDER = Object.keys(KIND_LABELS);

function categoryCounts(fs: TaggedFinding[], cols: CategoryRef[]): CategoryCount[] {
  const n = fs.length;
  return cols.map((c) => {
    const primary = fs.filter((f) => f.primary === c.id).length;
    const any = fs.filter((f) => f.primary === c.id || f.categories.includes(c.id)).length;
    return { id: c.id, label: c.label, primary, any, primary_share: n ? round(primary / n) : 0, any_share: n ? round(any / n) : 0 };
  });
}

/** Chi-square test and adjusted residuals for a groups × categories count matrix. */
export function association(rowValues: string[], columns: string[], counts: number[][]): Association {
  const base = { method: ASSOCIATION_METHOD, alpha: ALPHA, critical_residual: CRITICAL_RESIDUAL };
  const t = chiSquareTest(counts);
  if (!t) {
    return {
      status: 'not-applicable',
      method: base.method,
      reason: 'fewer than 2 non-empty groups or categories',
      rows: [],
      columns: [],
      n: counts.flat().reduce((s, v) => s + v, 0),
      statistic: null,
      df: null,
      p_value: null,
      min_expected: null,
      small_expected_cells: 0,
      cells_total: 0,
      approximation_ok: false,
      alpha: base.alpha,
      critical_residual: base.critical_residual,
      cells: [],
    };
  }
  const cells: ResidualCell[] = [];
  t.rows.forEach((i, ri) => {
    t.columns.forEach((j, ci) => {
      const e = t.expected[ri][ci];
      const r = round(t.adjustedResidual[ri][ci]);
      const small = e < 5;
      cells.push({
        row: rowValues[i],
        column: columns[j],
        observed: counts[i][j] ?? 0,
        expected: round(e),
        residual: r,
        small_expected: small,
        direction: r >= CRITICAL_RESIDUAL ? 'over' : r <= -CRITICAL_RESIDUAL ? 'under' : 'as-expected',
        significant: !small && Math.abs(r) >= CRITICAL_RESIDUAL,
      });
    });
  });
  const total = t.rows.length * t.columns.length;
  return {
    status: 'ok',
    method: base.method,
    reason: null,
    rows: t.rows.map((i) => rowValues[i]),
    columns: t.columns.map((j) => columns[j]),
    n: t.n,
    statistic: round(t.statistic),
    df: t.df,
    p_value: roundSig(t.pValue),
    min_expected: round(t.minExpected),
    small_expected_cells: t.smallCells,
    cells_total: total,
    approximation_ok: t.minExpected >= 1 && t.smallCells <= 0.2 * total,
    alpha: base.alpha,
    critical_residual: base.critical_residual,
    cells,
  };
}

function buildGrouping(def: GroupDef, docs: DocumentRecord[], findings: TaggedFinding[], cols: CategoryRef[]): Grouping {
  const values = new Map<string, string | null>(); // key → value ("\u0000" for null)
  const keyOf = (v: string | null) => (v === null ? '\u0000' : `v:${v}`);
  for (const d of docs) {
    const v = def.docValue(d);
    values.set(keyOf(v), v);
  }
  const order = def.order ?? defaultOrder;
  const sorted = [...values.values()].sort(order);
  const groups: GroupStats[] = sorted.map((v) => {
    const gd = docs.filter((d) => def.docValue(d) === v);
    const ids = new Set(gd.map((d) => d.id));
    const gf = findings.filter((f) => ids.has(f.doc_id));
    return {
      value: v,
      label: def.valueLabel(v),
      documents: gd.length,
      findings: gf.length,
      document_ids: gd.map((d) => d.id),
      categories: categoryCounts(gf, cols),
    };
  });
  const counts = groups.map((g) => g.categories.map((c) => c.primary));
  return {
    key: def.key,
    label: def.label,
    groups,
    matrix: { rows: groups.map((g) => g.value), columns: cols.map((c) => c.id), counts },
    association: association(groups.map((g) => g.value ?? MISSING_LABEL), cols.map((c) => c.id), counts),
  };
}

export function computeSummary(input: SummaryInput): Summary {
  const docs = [...input.documents].sort((a, b) => cmpStr(a.id, b.id));
  const docById = new Map(docs.map((d) => [d.id, d]));
  const sortFindings = (a: TaggedFinding, b: TaggedFinding) => cmpStr(a.doc_id, b.doc_id) || a.seq - b.seq || cmpStr(a.id, b.id);
  const all = [...input.findings].sort(sortFindings);
  // Findings of unknown documents cannot be grouped; they are left out (the pipeline never makes them).
  const findings = all.filter((f) => f.record_kind === 'finding' && docById.has(f.doc_id));
  const recommendations = all.filter((f) => f.record_kind === 'recommendation').length;
  const cols = categoryColumns(input.categories, findings);

  const metaColumns = input.metaColumns
    ? [...input.metaColumns]
    : [...new Set(docs.flatMap((d) => Object.keys(d.meta)))].sort(cmpStr);

  const defs: GroupDef[] = [
    { key: 'unit', label: '单位', docValue: (d) => unitOf(d), valueLabel: (v) => v ?? MISSING_LABEL },
    {
      key: 'kind',
      label: '文件类型',
      docValue: (d) => d.kind,
      valueLabel: (v) => (v === null ? MISSING_LABEL : kindLabel(v)),
      order: (a, b) => KIND_ORDER.indexOf(a ?? '') - KIND_ORDER.indexOf(b ?? ''),
    },
    ...metaColumns.map((col) => ({
      key: `meta:${col}`,
      label: col,
      docValue: (d: DocumentRecord) => {
        const v = Object.prototype.hasOwnProperty.call(d.meta, col) ? d.meta[col].trim() : '';
        return v === '' ? null : v;
      },
      valueLabel: (v: string | null) => v ?? MISSING_LABEL,
    })),
  ];
  const groupings = defs.map((def) => buildGrouping(def, docs, findings, cols));

  // Distinctive words.
  const seg = input.segmenter;
  const tokens = new Map(findings.map((f) => [f.id, contentTokens(seg, f.text || f.title)]));
  const unitGrouping = groupings[0];
  const unitOfDoc = new Map(docs.map((d) => [d.id, unitOf(d)]));
  const byUnit = keyness(
    unitGrouping.groups
      .map((g) => ({ group: g.value ?? '', label: g.label, findings: findings.filter((f) => unitOfDoc.get(f.doc_id) === g.value).map((f) => tokens.get(f.id)!) }))
      .filter((g) => g.findings.length > 0),
    { top: input.topWords },
  );
  const byCategory = keyness(
    cols
      .map((c) => ({ group: c.id, label: c.label, findings: findings.filter((f) => f.primary === c.id).map((f) => tokens.get(f.id)!) }))
      .filter((g) => g.findings.length > 0),
    { top: input.topWords },
  );

  const byKind = new Map<string, number>();
  for (const d of docs) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);
  const withFindings = new Set(findings.map((f) => f.doc_id));

  const summary: Summary = {
    schema_version: SUMMARY_SCHEMA_VERSION,
    xuncha_version: input.version,
    ruleset_hash: input.rulesetHash,
    categories: cols,
    totals: {
      documents: docs.length,
      documents_by_kind: KIND_ORDER.filter((k) => byKind.has(k)).map((k) => ({ kind: k, label: kindLabel(k), count: byKind.get(k)! })),
      findings: findings.length,
      recommendations_excluded: recommendations,
      uncategorized: findings.filter((f) => f.primary === NONE_CATEGORY).length,
      units: unitGrouping.groups.length,
      documents_without_findings: docs.filter((d) => !withFindings.has(d.id)).map((d) => d.id),
    },
    groupings,
    distinctive: { method: KEYNESS_METHOD, min_count: 2, top: input.topWords ?? 15, by_unit: byUnit, by_category: byCategory },
    linkage: computeLinkage(docs, findings, { segmenter: seg, threshold: input.linkThreshold }),
  };
  return Summary.parse(summary);
}

/** The findings the summary counted (record_kind "finding" of known documents), in summary order. */
export function countedFindings(documents: DocumentRecord[], findings: TaggedFinding[]): TaggedFinding[] {
  const ids = new Set(documents.map((d) => d.id));
  return findings
    .filter((f) => f.record_kind === 'finding' && ids.has(f.doc_id))
    .sort((a, b) => cmpStr(a.doc_id, b.doc_id) || a.seq - b.seq || cmpStr(a.id, b.id));
}
