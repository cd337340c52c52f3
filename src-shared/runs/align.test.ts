import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alignSeries, decimate, isCurveMetric, type CurvePoint } from './align';

const curve = (values: number[], msPerEpoch = 100): CurvePoint[] => values.map((value, i) => ({ epoch: i + 1, t: (i + 1) * msPerEpoch, value }));

describe('align curves', () => {
  it('by epoch: a shared x axis with null where a run has no point', () => {
    const a = alignSeries([
      { label: 'a', points: curve([3, 2, 1]) },
      { label: 'b', points: curve([5, 4]) },
    ]);
    expect(a.x).toEqual([1, 2, 3]);
    expect(a.ys).toEqual([
      [3, 2, 1],
      [5, 4, null],
    ]);
    expect(a.labels).toEqual(['a', 'b']);
  });

  it('by time: x in seconds, runs of different speeds interleave', () => {
    const a = alignSeries(
      [
        { label: 'fast', points: curve([1, 2], 500) },
        { label: 'slow', points: curve([7], 1500) },
      ],
      'time',
    );
    expect(a.x).toEqual([0.5, 1, 1.5]);
    expect(a.ys).toEqual([
      [1, 2, null],
      [null, null, 7],
    ]);
  });

  it('unsorted input and non-finite values are handled', () => {
    const pts = [...curve([1, NaN, 3])].reverse();
    expect(alignSeries([{ label: 'a', points: pts }]).ys[0]).toEqual([1, 3]);
  });
});

describe('decimate', () => {
  it('short curves unchanged', () => {
    const p = curve([1, 2, 3]);
    expect(decimate(p, 10)).toEqual(p);
  });

  it('keeps ≤ max points, first and last, global min and max, in order (random)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 4, max: 500 }), (vals, max) => {
        const pts = curve(vals);
        const d = decimate(pts, max);
        expect(d.length).toBeLessThanOrEqual(Math.max(max, 0) < pts.length ? max : pts.length);
        expect(d[0]).toBe(pts[0]);
        expect(d.at(-1)).toBe(pts.at(-1));
        for (let i = 1; i < d.length; i++) expect(d[i]!.epoch).toBeGreaterThan(d[i - 1]!.epoch);
        expect(Math.min(...d.map((p) => p.value))).toBe(Math.min(...vals));
        expect(Math.max(...d.map((p) => p.value))).toBe(Math.max(...vals));
      }),
      { numRuns: 200 },
    );
  });

  it('a single spike in 10,000 points survives decimation to 100', () => {
    const vals = Array.from({ length: 10_000 }, () => 1);
    vals[4321] = 50;
    const d = decimate(curve(vals), 100);
    expect(d.length).toBeLessThanOrEqual(100);
    expect(d.some((p) => p.epoch === 4322 && p.value === 50)).toBe(true);
  });
});

describe('isCurveMetric', () => {
  it('per-epoch metrics are curves; lr, end-of-run test/baseline scores and partial epochs are not', () => {
    expect(['loss', 'val_loss', 'mae', 'val_accuracy'].every(isCurveMetric)).toBe(true);
    expect(['lr', 'test_mae', 'baseline_rmse', 'partial_loss'].some(isCurveMetric)).toBe(false);
  });
});
