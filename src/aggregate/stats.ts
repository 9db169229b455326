/**
 * Small, dependency-free statistics for the comparison report: the chi-square survival function
 * (via the regularized upper incomplete gamma function), Pearson's chi-square test of independence
 * on a contingency table with adjusted standardized residuals (Haberman 1973), and Dunning's
 * log-likelihood G² for keyness. Pure functions; all numbers rounded by the callers.
 */

/** Round to `digits` decimals (default 4); never returns -0. */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}

/** Round to `digits` significant digits (for p-values, which may be tiny). */
export function roundSig(x: number, digits = 4): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  return Number(x.toPrecision(digits));
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7; ~15 significant digits). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a) (series / Lentz continued fraction). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (!Number.isFinite(x)) return 0;
  const gln = lnGamma(a);
  if (x < a + 1) {
    // series for P(a, x)
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 1000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
    }
    const p = sum * Math.exp(-x + a * Math.log(x) - gln);
    return Math.min(1, Math.max(0, 1 - p));
  }
  // continued fraction for Q(a, x)
  const FPMIN = 1e-300;
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.min(1, Math.max(0, Math.exp(-x + a * Math.log(x) - gln) * h));
}

/** P(X ≥ x) for X ~ χ²(df): the p-value of a chi-square statistic. */
export function chiSquareSurvival(x: number, df: number): number {
  if (df <= 0) throw new Error('chi-square: df must be positive');
  return gammaQ(df / 2, x / 2);
}

export interface ContingencyResult {
  /** Row and column indices (into the input) kept: rows/columns whose total is zero are dropped. */
  rows: number[];
  columns: number[];
  n: number;
  statistic: number;
  df: number;
  pValue: number;
  /** expected[i][j], residual[i][j] over the kept rows/columns. */
  expected: number[][];
  /** Adjusted standardized residual (O−E)/√(E·(1−rᵢ/N)·(1−cⱼ/N)). */
  adjustedResidual: number[][];
  minExpected: number;
  smallCells: number;
}

/**
 * Pearson's chi-square test of independence with adjusted standardized residuals.
 * Returns null when, after dropping empty rows and columns, fewer than 2 rows or 2 columns remain.
 */
export function chiSquareTest(counts: number[][]): ContingencyResult | null {
  const nCols = counts.reduce((m, r) => Math.max(m, r.length), 0);
  const rowTot = counts.map((r) => r.reduce((s, v) => s + v, 0));
  const colTot = Array.from({ length: nCols }, (_, j) => counts.reduce((s, r) => s + (r[j] ?? 0), 0));
  const rows = rowTot.map((t, i) => (t > 0 ? i : -1)).filter((i) => i >= 0);
  const columns = colTot.map((t, j) => (t > 0 ? j : -1)).filter((j) => j >= 0);
  if (rows.length < 2 || columns.length < 2) return null;
  const n = rows.reduce((s, i) => s + rowTot[i], 0);
  let statistic = 0;
  let minExpected = Infinity;
  let smallCells = 0;
  const expected: number[][] = [];
  const adjustedResidual: number[][] = [];
  for (const i of rows) {
    const eRow: number[] = [];
    const rRow: number[] = [];
    for (const j of columns) {
      const o = counts[i][j] ?? 0;
      const e = (rowTot[i] * colTot[j]) / n;
      statistic += ((o - e) * (o - e)) / e;
      const v = e * (1 - rowTot[i] / n) * (1 - colTot[j] / n);
      eRow.push(e);
      rRow.push(v > 0 ? (o - e) / Math.sqrt(v) : 0);
      if (e < minExpected) minExpected = e;
      if (e < 5) smallCells++;
    }
    expected.push(eRow);
    adjustedResidual.push(rRow);
  }
  const df = (rows.length - 1) * (columns.length - 1);
  return { rows, columns, n, statistic, df, pValue: chiSquareSurvival(statistic, df), expected, adjustedResidual, minExpected, smallCells };
}

/**
 * Dunning's log-likelihood G² for a word occurring `a` times in a target corpus of `c` tokens and
 * `b` times in a reference corpus of `d` tokens (Rayson & Garside 2000 form). 0·ln 0 = 0.
 */
export function logLikelihood(a: number, b: number, c: number, d: number): number {
  const total = c + d;
  if (total === 0 || a + b === 0) return 0;
  const e1 = (c * (a + b)) / total;
  const e2 = (d * (a + b)) / total;
  let g = 0;
  if (a > 0 && e1 > 0) g += a * Math.log(a / e1);
  if (b > 0 && e2 > 0) g += b * Math.log(b / e2);
  return 2 * g;
}

/** Code-point string comparison: the same order on every machine and locale. */
export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
