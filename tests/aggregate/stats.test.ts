import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, chiSquareTest, gammaQ, lnGamma, logLikelihood, round, roundSig } from '../../src/aggregate/stats.js';

describe('chi-square survival function', () => {
  // Reference values: scipy.stats.chi2.sf
  it.each([
    [3.841458820694124, 1, 0.05],
    [5.991464547107979, 2, 0.05],
    [10, 3, 0.01856613546304325],
    [0.5, 1, 0.47950012218695337],
    [30, 10, 0.000856641210775301],
    [0.001, 7, 0.9999999999997597],
  ])('sf(%f, %i) = %f', (x, df, p) => {
    expect(chiSquareSurvival(x, df)).toBeCloseTo(p, 12);
  });
  it('handles tiny tails relative to their size', () => {
    const p = chiSquareSurvival(100, 4);
    expect(Math.abs(p - 9.836624224615988e-21) / 9.836624224615988e-21).toBeLessThan(1e-8);
  });
  it('is 1 at 0 and lnGamma matches known values', () => {
    expect(gammaQ(2, 0)).toBe(1);
    expect(lnGamma(1)).toBeCloseTo(0, 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

describe('chiSquareTest', () => {
  it('2×2 by hand: [[10,20],[30,40]]', () => {
    // N=100, rows 30/70, cols 40/60 → E = 12, 18, 28, 42.
    // χ² = 4/12 + 4/18 + 4/28 + 4/42 = 0.793651; adjusted residual of (0,0) = −2/√(12·0.7·0.6) = −0.890871.
    const t = chiSquareTest([[10, 20], [30, 40]])!;
    expect(t.expected).toEqual([[12, 18], [28, 42]]);
    expect(t.statistic).toBeCloseTo(0.7936507936507936, 12);
    expect(t.df).toBe(1);
    expect(t.pValue).toBeCloseTo(0.37299848361348686, 10);
    expect(t.adjustedResidual[0][0]).toBeCloseTo(-0.890871, 6);
    expect(t.adjustedResidual[1][1]).toBeCloseTo(-0.890871, 6);
    expect(t.adjustedResidual[0][1]).toBeCloseTo(0.890871, 6);
    // In a 2×2 table every adjusted residual squared equals χ².
    expect(t.adjustedResidual[0][0] ** 2).toBeCloseTo(t.statistic, 10);
  });
  it('2×3 against scipy.stats.chi2_contingency', () => {
    const t = chiSquareTest([[12, 5, 3], [4, 10, 16]])!;
    expect(t.statistic).toBeCloseTo(13.084795321637424, 10);
    expect(t.df).toBe(2);
    expect(t.pValue).toBeCloseTo(0.00144102925424839, 12);
    expect(t.expected[0]).toEqual([6.4, 6, 7.6]);
    expect(t.adjustedResidual[0][0]).toBeCloseTo(3.4655164, 6);
    expect(t.adjustedResidual[0][1]).toBeCloseTo(-0.62994079, 6);
    expect(t.adjustedResidual[0][2]).toBeCloseTo(-2.73576989, 6);
    expect(t.smallCells).toBe(0);
  });
  it('drops empty rows and columns and refuses degenerate tables', () => {
    const t = chiSquareTest([[12, 0, 5, 3], [4, 0, 10, 16], [0, 0, 0, 0]])!;
    expect(t.rows).toEqual([0, 1]);
    expect(t.columns).toEqual([0, 2, 3]);
    expect(t.statistic).toBeCloseTo(13.084795321637424, 10);
    expect(chiSquareTest([[1, 2, 3]])).toBeNull();
    expect(chiSquareTest([[1, 0], [2, 0]])).toBeNull();
  });
  it('counts small expected cells', () => {
    const t = chiSquareTest([[1, 2], [3, 4]])!;
    expect(t.smallCells).toBe(4);
    expect(t.minExpected).toBeCloseTo((3 * 4) / 10, 12);
  });
});

describe('log-likelihood and rounding', () => {
  it('G² by hand', () => {
    // a=10 of c=100 vs b=5 of d=200: E1 = 100·15/300 = 5, E2 = 10 → G² = 2(10 ln 2 + 5 ln 0.5) = 10 ln 2.
    expect(logLikelihood(10, 5, 100, 200)).toBeCloseTo(10 * Math.log(2), 12);
    expect(logLikelihood(0, 0, 10, 10)).toBe(0);
  });
  it('rounds deterministically without -0', () => {
    expect(round(0.123456)).toBe(0.1235);
    expect(Object.is(round(-0.00001), 0)).toBe(true);
    expect(roundSig(0.000012345678)).toBe(0.00001235);
  });
});
