/**
 * P/R/F1 on a case small enough to count by hand. Categories A, B, C, D (D never occurs) and none.
 *
 *   #   gold  also  predicted  resolved  counts as
 *   1   A     –     A          A         TP_A
 *   2   A     –     A          A         TP_A
 *   3   A     –     B          B         FN_A, FP_B
 *   4   A     B     B          A         TP_A            (prediction = also → scored as the gold category)
 *   5   B     –     B          B         TP_B
 *   6   B     –     none       none      FN_B            (and FP of the none row)
 *   7   none  –     A          A         FP_A            (and FN of the none row)
 *   8   none  –     none       none      TP of none only (a true negative for A, B, C)
 *   9   C     A     B          B         FN_C, FP_B      (also does not help: B ≠ A)
 *  10   B     none  none       B         TP_B            (also = none accepted)
 *
 *   A: TP 3 FP 1 FN 1 → P 3/4, R 3/4, F1 3/4; support 4 (1–4), predicted 4 (1, 2, 4, 7)
 *   B: TP 2 FP 2 FN 1 → P 2/4, R 2/3, F1 = 2·(1/2)(2/3)/(1/2+2/3) = 4/7; support 3 (5, 6, 10)
 *   C: TP 0 FP 0 FN 1 → P 0 (0/0 counts 0), R 0, F1 0; support 1
 *   D: nothing → not in the macro average
 *   none: TP 1 FP 1 FN 1 → P 1/2, R 1/2
 *   micro over A, B, C: TP 5, FP 3, FN 3 → P = R = F1 = 5/8
 *   macro over A, B, C: P (3/4 + 1/2 + 0)/3 = 5/12, R (3/4 + 2/3 + 0)/3 = 17/36, F1 (3/4 + 4/7 + 0)/3 = 37/84
 *   correct: 1, 2, 4, 5, 8, 10 = 6/10, two of them by `also`.
 */
import { describe, expect, it } from 'vitest';
import { evalDelta, evalItems, evaluate, type EvalItem } from '../../src/workbench/metrics.js';
import { tf } from './helpers.js';

const rows: [string, string | null, string][] = [
  ['A', null, 'A'],
  ['A', null, 'A'],
  ['A', null, 'B'],
  ['A', 'B', 'B'],
  ['B', null, 'B'],
  ['B', null, 'none'],
  ['none', null, 'A'],
  ['none', null, 'none'],
  ['C', 'A', 'B'],
  ['B', 'none', 'none'],
];
const items: EvalItem[] = rows.map(([gold, also, predicted], i) => ({ finding: tf(`doc.txt#${i + 1}`, predicted), gold: { gold, also } }));
const cats = ['A', 'B', 'C', 'D'].map((id) => ({ id, label: `label ${id}` }));

describe('evaluate: a hand-computed case', () => {
  const r = evaluate(items, cats, { unlabelled: 2, rules: { name: 'hand', hash: '0'.repeat(64) } });
  const m = (c: string) => r.categories.find((x) => x.category === c)!;
  const close = (x: number, y: number) => expect(x).toBeCloseTo(y, 5);

  it('counts TP, FP, FN, support and predicted per category', () => {
    expect(r.labels).toEqual(['A', 'B', 'C', 'D', 'none']);
    expect(['A', 'B', 'C', 'D', 'none'].map((c) => [m(c).tp, m(c).fp, m(c).fn, m(c).support, m(c).predicted])).toEqual([
      [3, 1, 1, 4, 4],
      [2, 2, 1, 3, 4],
      [0, 0, 1, 1, 0],
      [0, 0, 0, 0, 0],
      [1, 1, 1, 2, 2],
    ]);
  });

  it('precision, recall and F1 per category', () => {
    close(m('A').precision, 3 / 4);
    close(m('A').recall, 3 / 4);
    close(m('A').f1, 3 / 4);
    close(m('B').precision, 1 / 2);
    close(m('B').recall, 2 / 3);
    close(m('B').f1, 4 / 7);
    expect([m('C').precision, m('C').recall, m('C').f1]).toEqual([0, 0, 0]);
    close(m('none').precision, 1 / 2);
    close(m('none').recall, 1 / 2);
  });

  it('micro and macro averages leave none out; macro only over categories that occur', () => {
    close(r.micro.precision, 5 / 8);
    close(r.micro.recall, 5 / 8);
    close(r.micro.f1, 5 / 8);
    close(r.macro.precision, 5 / 12);
    close(r.macro.recall, 17 / 36);
    close(r.macro.f1, 37 / 84);
  });

  it('accuracy, also, the confusion matrices and the misclassified list', () => {
    expect([r.n, r.unlabelled, r.correct, r.correct_via_also]).toEqual([10, 2, 6, 2]);
    close(r.accuracy, 0.6);
    // rows gold A B C D none; columns resolved prediction
    expect(r.confusion).toEqual([
      [3, 1, 0, 0, 0],
      [0, 2, 0, 0, 1],
      [0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 1],
    ]);
    expect(r.confusion_raw).toEqual([
      [2, 2, 0, 0, 0],
      [0, 1, 0, 0, 2],
      [0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 1],
    ]);
    expect(r.misclassified.map((x) => x.id)).toEqual(['doc.txt#3', 'doc.txt#6', 'doc.txt#7', 'doc.txt#9']);
    expect(r.misclassified.find((x) => x.id === 'doc.txt#9')).toMatchObject({ gold: 'C', also: 'A', predicted: 'B' });
  });

  it('a gold or predicted category the rule set does not declare is added after its categories', () => {
    const extra = evaluate([{ finding: tf('x#1', 'Z'), gold: { gold: 'Y', also: null } }], cats);
    expect(extra.labels).toEqual(['A', 'B', 'C', 'D', 'Y', 'Z', 'none']);
    expect(extra.categories.find((c) => c.category === 'Y')).toMatchObject({ support: 1, fn: 1, label: '' });
  });
});

describe('evalItems and evalDelta', () => {
  it('pairs findings with labels, skips recommendations, counts the unlabelled', () => {
    const tagged = [tf('a#1', 'A'), tf('a#2', 'B'), tf('a#3', 'A', { record_kind: 'recommendation' })];
    const { items: its, unlabelled } = evalItems(tagged, new Map([['a#1', { gold: 'A', also: null }], ['a#3', { gold: 'A', also: null }]]));
    expect(its.map((i) => i.finding.id)).toEqual(['a#1']);
    expect(unlabelled).toBe(1);
  });

  it('reports findings that became correct or wrong and the F1 changes', () => {
    const before = evaluate(items, cats);
    const changed = items.map((it, i) => (i === 2 ? { ...it, finding: tf(it.finding.id, 'A') } : i === 0 ? { ...it, finding: tf(it.finding.id, 'C') } : it));
    const after = evaluate(changed, cats);
    const d = evalDelta(before, after);
    expect(d.fixed).toEqual(['doc.txt#3']);
    expect(d.broken).toEqual(['doc.txt#1']);
    expect(d.accuracy).toEqual([0.6, 0.6]);
    // #1 A→C and #3 B→A: A keeps TP 3 / FP 1 / FN 1 (one TP lost, one gained), B loses an FP, C gains one
    expect(d.categories.map((c) => [c.category, c.fp])).toEqual([
      ['B', [2, 1]],
      ['C', [0, 1]],
    ]);
  });
});
