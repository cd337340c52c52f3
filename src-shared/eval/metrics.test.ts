import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  classIndices,
  classificationMetrics,
  confusionMatrix,
  errorByStep,
  histogram,
  misclassifiedSamples,
  regressionMetrics,
  residuals,
  rocCurve,
} from './metrics';

describe('regression metrics', () => {
  it('hand-computed MAE, RMSE, MAPE (zero actual skipped) and R²', () => {
    // differences 1, 0, 1, -2; actuals mean 1.75
    const m = regressionMetrics([1, 2, 0, 4], [2, 2, 1, 2]);
    expect(m.n).toBe(4);
    expect(m.mae).toBeCloseTo(1, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(6 / 4), 12);
    expect(m.mape).toBeCloseTo(((1 + 0 + 0.5) / 3) * 100, 10);
    expect(m.mapeSkipped).toBe(1);
    const ssTot = 0.75 ** 2 + 0.25 ** 2 + 1.75 ** 2 + 2.25 ** 2;
    expect(m.r2).toBeCloseTo(1 - 6 / ssTot, 12);
  });

  it('perfect predictions give zero error and R² 1; constant actuals give R² null; all-zero actuals give MAPE null', () => {
    expect(regressionMetrics([1, 2, 3], [1, 2, 3])).toMatchObject({ mae: 0, rmse: 0, mape: 0, r2: 1 });
    expect(regressionMetrics([5, 5], [4, 6]).r2).toBeNull();
    expect(regressionMetrics([0, 0], [1, 1])).toMatchObject({ mape: null, mapeSkipped: 2, mae: 1 });
  });

  it('refuses mismatched lengths with both counts in the message', () => {
    expect(() => regressionMetrics([1, 2], [1])).toThrow(/2 true values but 1 predictions/);
  });

  it('MAE/RMSE agree with a direct loop on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true })), { minLength: 1, maxLength: 50 }), (pairs) => {
        const t = pairs.map((p) => p[0]);
        const p = pairs.map((q) => q[1]);
        const m = regressionMetrics(t, p);
        const abs = pairs.reduce((s, [a, b]) => s + Math.abs(a - b), 0) / pairs.length;
        const sq = pairs.reduce((s, [a, b]) => s + (a - b) ** 2, 0) / pairs.length;
        expect(m.mae).toBeCloseTo(abs, 6);
        expect(m.rmse).toBeCloseTo(Math.sqrt(sq), 6);
        expect(m.rmse + 1e-9).toBeGreaterThanOrEqual(m.mae);
      }),
    );
  });

  it('error by forecast step splits the columns', () => {
    // 2 samples × 3 steps; errors step1: 0,0; step2: 1,-1; step3: 2,4
    const e = errorByStep([0, 0, 0, 1, 1, 1], [0, 1, 2, 1, 0, 5], 3);
    expect(e.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(e[0]).toMatchObject({ mae: 0, rmse: 0 });
    expect(e[1]!.mae).toBeCloseTo(1);
    expect(e[2]!.mae).toBeCloseTo(3);
    expect(e[2]!.rmse).toBeCloseTo(Math.sqrt((4 + 16) / 2));
    expect(() => errorByStep([1, 2, 3], [1, 2, 3], 2)).toThrow(/rows of 2/);
  });

  it('residual histogram counts every finite value once, with edges spanning min..max', () => {
    const r = residuals([0, 0, 0, 0, 0], [-1, 0, 0.5, 1, NaN]);
    expect(Array.from(r.slice(0, 4))).toEqual([-1, 0, 0.5, 1]);
    const h = histogram(r, 4);
    expect(h.edges).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(h.counts).toEqual([1, 0, 1, 2]); // 1 lands in the last bin, 0.5 starts bin 3
    expect(h.skipped).toBe(1);
    expect(histogram([0, 5e-324], 2).counts.reduce((a, b) => a + b, 0)).toBe(2); // a range that underflows the bin width
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (vs, bins) => {
        const hh = histogram(vs, bins);
        expect(hh.counts.reduce((s, c) => s + c, 0)).toBe(vs.length);
      }),
    );
    expect(histogram([3, 3, 3], 2)).toMatchObject({ counts: [0, 3] });
  });
});

describe('classification metrics', () => {
  const truth = [0, 0, 1, 1, 2, 2, 2];
  const pred = [0, 1, 1, 1, 2, 0, 2];

  it('hand-computed confusion matrix, accuracy and per-class precision/recall/F1', () => {
    const m = classificationMetrics(truth, pred, ['a', 'b', 'c']);
    expect(m.matrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 2],
    ]);
    expect(m.accuracy).toBeCloseTo(5 / 7);
    expect(m.perClass[0]).toMatchObject({ label: 'a', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.perClass[1]!.precision).toBeCloseTo(2 / 3);
    expect(m.perClass[1]!.recall).toBe(1);
    expect(m.perClass[1]!.f1).toBeCloseTo(0.8);
    expect(m.perClass[2]!.precision).toBe(1);
    expect(m.perClass[2]!.recall).toBeCloseTo(2 / 3);
    expect(m.macro.f1).toBeCloseTo((0.5 + 0.8 + 0.8) / 3);
    expect(m.macro.precision).toBeCloseTo((0.5 + 2 / 3 + 1) / 3);
  });

  it('a class never predicted has precision 0, not NaN', () => {
    const m = classificationMetrics([0, 1], [0, 0], ['x', 'y']);
    expect(m.perClass[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('confusion matrix totals equal the sample count and the diagonal equals the correct count (random)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }).chain((k) => fc.tuple(fc.constant(k), fc.array(fc.tuple(fc.nat(k - 1), fc.nat(k - 1)), { maxLength: 80 }))), ([k, pairs]) => {
        const m = confusionMatrix(pairs.map((p) => p[0]), pairs.map((p) => p[1]), k);
        let total = 0;
        let diag = 0;
        m.forEach((row, i) => row.forEach((c, j) => ((total += c), i === j && (diag += c))));
        expect(total).toBe(pairs.length);
        expect(diag).toBe(pairs.filter(([a, b]) => a === b).length);
      }),
    );
    expect(() => confusionMatrix([0, 3], [0, 0], 2)).toThrow(/sample 1 has class 3/);
  });

  it('class indices: threshold 0.5 for width 1, argmax for wider rows', () => {
    expect(Array.from(classIndices([0.2, 0.5, 0.51], 1))).toEqual([0, 0, 1]);
    expect(Array.from(classIndices([0.1, 0.7, 0.2, 0.5, 0.2, 0.3], 3))).toEqual([1, 0]);
  });

  it('misclassified samples: wrong ones only, most confident first', () => {
    // binary scores; true classes 0,1,0,1
    const s = misclassifiedSamples([0, 1, 0, 1], [0.9, 0.45, 0.6, 0.8], 1, 5);
    expect(s.map((x) => x.index)).toEqual([0, 2, 1]);
    expect(s[0]).toMatchObject({ trueClass: 0, predictedClass: 1 });
    expect(s[0]!.confidence).toBeCloseTo(0.9);
    expect(s[2]!.confidence).toBeCloseTo(0.55); // predicted 0 with P(1)=0.45
    expect(misclassifiedSamples([0, 1, 0, 1], [0.9, 0.4, 0.6, 0.8], 1, 1)).toHaveLength(1);
  });
});

describe('ROC and AUC', () => {
  it('the classic 4-sample example has AUC 0.75', () => {
    const r = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(r.auc).toBeCloseTo(0.75);
    expect(r.points[0]).toMatchObject({ fpr: 0, tpr: 0 });
    expect(r.points.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
  });

  it('tied scores count half (one diagonal step)', () => {
    // positive pairs: 0.5 vs 0.5 = ½, 0.5 vs 0.2 = 1, 0.9 beats both = 2 → 3.5 / 4
    const r = rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]);
    expect(r.auc).toBeCloseTo(0.875);
    expect(r.points).toHaveLength(4); // origin + 3 distinct thresholds
  });

  it('one class only: AUC null', () => {
    expect(rocCurve([1, 1], [0.2, 0.3]).auc).toBeNull();
  });

  it('AUC equals the Mann–Whitney U statistic / (n1·n2) on random data with ties', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 8 })), { minLength: 2, maxLength: 60 }), (rows) => {
        const labels = rows.map((r) => (r[0] ? 1 : 0));
        const scores = rows.map((r) => r[1] / 8);
        const pos = rows.filter((r) => r[0]).map((r) => r[1]);
        const neg = rows.filter((r) => !r[0]).map((r) => r[1]);
        const { auc } = rocCurve(labels, scores);
        if (!pos.length || !neg.length) {
          expect(auc).toBeNull();
          return;
        }
        let u = 0;
        for (const p of pos) for (const q of neg) u += p > q ? 1 : p === q ? 0.5 : 0;
        expect(auc).toBeCloseTo(u / (pos.length * neg.length), 10);
      }),
      { numRuns: 300 },
    );
  });
});
