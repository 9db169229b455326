/**
 * Groupings (by unit, by document kind, by each metadata column): counts per group from per-document
 * counts, the groups × categories matrix and its chi-square test with adjusted residuals.
 * Pure; every list sorted explicitly; floats rounded to 4 decimals (p-values to 4 significant digits).
 */
import { KIND_LABELS, kindLabel, MISSING_LABEL, NONE_CATEGORY, NONE_LABEL } from './labels.js';
import type { Association, CategoryCount, CategoryRef, Grouping, GroupStats, ResidualCell } from './schema.js';
import { chiSquareTest, cmpStr, round, roundSig } from './stats.js';

export const ASSOCIATION_METHOD =
  'Pearson chi-square test of independence (groups × primary categories); adjusted standardized residuals (Haberman 1973), |r| ≥ 1.96 ≈ p < 0.05 per cell';
export const ALPHA = 0.05;
export const CRITICAL_RESIDUAL = 1.96;

/**
 * The category columns: the rule set's, then ids only seen in findings (sorted), then "none" when
 * used. `seen`: every id that is some counted finding's primary or secondary category.
 */
export function columnsFor(categories: CategoryRef[], seen: Iterable<string>): CategoryRef[] {
  const cols = categories.filter((c) => c.id !== NONE_CATEGORY).map((c) => ({ id: c.id, label: c.label }));
  const known = new Set(cols.map((c) => c.id));
  const extra = new Set<string>();
  let none = categories.some((c) => c.id === NONE_CATEGORY);
  for (const id of seen) {
    if (id === NONE_CATEGORY) none = true;
    else if (!known.has(id)) extra.add(id);
  }
  for (const id of [...extra].sort(cmpStr)) cols.push({ id, label: id });
  if (none) cols.push({ id: NONE_CATEGORY, label: categories.find((c) => c.id === NONE_CATEGORY)?.label ?? NONE_LABEL });
  return cols;
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

/** A document as the groupings see it: its grouping values and its counted findings per column. */
export interface GroupDoc {
  id: string;
  /** unitOf(document) */
  unit: string;
  kind: string;
  meta: Record<string, string>;
  findings: number;
  /** For column j: row[2j] findings with it as primary category, row[2j + 1] findings tagged with it at all. */
  row: ArrayLike<number>;
}

interface GroupDef {
  key: string;
  label: string;
  docValue: (d: GroupDoc) => string | null;
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

export const KIND_ORDER = Object.keys(KIND_LABELS);

/** The grouping definitions: unit, document kind, then each metadata column in the order given. */
function groupDefs(metaColumns: string[]): GroupDef[] {
  return [
    { key: 'unit', label: '单位', docValue: (d) => d.unit, valueLabel: (v) => v ?? MISSING_LABEL },
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
      docValue: (d: GroupDoc) => {
        const v = Object.prototype.hasOwnProperty.call(d.meta, col) ? d.meta[col].trim() : '';
        return v === '' ? null : v;
      },
      valueLabel: (v: string | null) => v ?? MISSING_LABEL,
    })),
  ];
}

function buildGrouping(def: GroupDef, docs: GroupDoc[], cols: CategoryRef[]): Grouping {
  const keyOf = (v: string | null) => (v === null ? '\u0000' : `v:${v}`);
  const acc = new Map<string, { value: string | null; ids: string[]; findings: number; row: number[] }>();
  for (const d of docs) {
    const v = def.docValue(d);
    const k = keyOf(v);
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { value: v, ids: [], findings: 0, row: new Array<number>(cols.length * 2).fill(0) }));
    a.ids.push(d.id);
    a.findings += d.findings;
    for (let j = 0; j < a.row.length; j++) a.row[j] += d.row[j];
  }
  const order = def.order ?? defaultOrder;
  const sorted = [...acc.values()].sort((a, b) => order(a.value, b.value));
  const groups: GroupStats[] = sorted.map((a) => {
    const n = a.findings;
    const categories: CategoryCount[] = cols.map((c, j) => {
      const primary = a.row[2 * j];
      const any = a.row[2 * j + 1];
      return { id: c.id, label: c.label, primary, any, primary_share: n ? round(primary / n) : 0, any_share: n ? round(any / n) : 0 };
    });
    return { value: a.value, label: def.valueLabel(a.value), documents: a.ids.length, findings: n, document_ids: a.ids, categories };
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

/** Every grouping. `docs` must be sorted by id (document_ids keep that order). */
export function buildGroupings(docs: GroupDoc[], cols: CategoryRef[], metaColumns: string[]): Grouping[] {
  return groupDefs(metaColumns).map((def) => buildGrouping(def, docs, cols));
}
