/**
 * The builder's memory grows with the findings, far slower than the text, and keeps no text.
 * Synthetic documents of ~15 KB (UTF-8) with 10 findings each, N and then 10 × N of them, added one
 * at a time and dropped. Measured as heap after a full GC (gc is exposed at run time); without a GC,
 * as the size of the partial state's JSON.
 */
import { describe, expect, it } from 'vitest';
import { gc, measure } from './memory.js';

const N = 1000;

describe('ReportBuilder memory', () => {
  it(`keeps O(findings) compact state, not the text (${N} and ${10 * N} documents of 15 KB)`, () => {
    const small = measure(N);
    const large = measure(10 * N);
    const report = (m: typeof small) => ({
      documents: m.documents,
      findings: m.findings,
      textMB: +(m.textBytes / 1e6).toFixed(1),
      retainedMB: m.retained === null ? null : +(m.retained / 1e6).toFixed(1),
      bytesPerFinding: m.retained === null ? null : Math.round(m.retained / m.findings),
      partialMB: +(m.partialChars / 1e6).toFixed(1),
      stats: m.builder.stats(),
    });
    console.log('[builder memory]', JSON.stringify([report(small), report(large)]));
    expect(large.textBytes).toBeGreaterThan(140e6);
    if (gc() && small.retained !== null && large.retained !== null) {
      // Far below the text: about a third of its UTF-8 size, the drill-down (~7 MB) included.
      expect(large.retained / large.textBytes).toBeLessThan(0.4);
      // What 9 × N more documents add: about a quarter of their text's UTF-8 size (measured
      // ~0.23), ~350 bytes per finding: no text, only the compact per-finding state.
      const added = large.retained - small.retained;
      expect(added / (large.textBytes - small.textBytes)).toBeLessThan(0.3);
      expect(added / (large.findings - small.findings)).toBeLessThan(450);
    }
    // The partial state (a shard's) is as compact: measured ~0.21 of the text's UTF-8 size. Without
    // a GC to measure the heap with, this is the check that stands.
    expect(large.partialChars / large.textBytes).toBeLessThan(0.35);
    expect((large.partialChars - small.partialChars) / (large.textBytes - small.textBytes)).toBeLessThan(0.3);
    // The drill-down is bounded (the default 5000 findings), whatever the corpus.
    expect(large.builder.stats().drillDown).toBe(5000);
  });
});
