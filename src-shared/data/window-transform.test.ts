import { beforeAll, describe, expect, it } from 'vitest';
import { buildBatch, denormalizeTargets, parseCsvText, prepare, SPLITS, WINDOW_TRANSFORMS, type Dataset, type PreparedData } from './index';
import { decodeWindowTargets, encodeWindowTargets, type WindowRule } from '../preprocess/runtime';
import { fitGraphToData } from '../train/model';
import { getTemplate } from '../templates/index';

/** A trending weekly series with an input x, two groups, as CSV text. */
function csv(n = 120): string {
  const lines = ['date,g,x,y'];
  for (const [name, b] of [['a', 10], ['b', 500]] as const)
    for (let t = 0; t < n; t++) {
      const y = b + 0.7 * t + 3 * Math.sin((2 * Math.PI * t) / 7) + ((t * 37) % 11) / 10;
      lines.push(`${new Date(Date.UTC(2024, 0, 1 + t)).toISOString().slice(0, 10)},${name},${Math.cos(t / 5).toFixed(4)},${y.toFixed(4)}`);
    }
  return lines.join('\n') + '\n';
}
let DS: Dataset;
beforeAll(async () => {
  DS = await parseCsvText(csv());
});
const dataset = (): Dataset => DS;

const base = { task: 'regression' as const, targets: ['y'], features: ['x', 'y'], lookback: 6, dateColumn: 'date', groupColumn: 'g', seasonalPeriod: 7 };

describe('window transforms', () => {
  it("auto: last value for a sequence forecast whose target is an input, else level, each with the reason", () => {
    const ds = dataset();
    const a = prepare(ds, base);
    expect(a.windowTransform).toBe('last-value');
    expect(a.windowTransformReason).toMatch(/relative to last value.*target is among the inputs/);
    const b = prepare(ds, { ...base, features: ['x'] });
    expect(b.windowTransform).toBe('level');
    expect(b.windowTransformReason).toMatch(/not among the inputs/);
    const c = prepare(ds, { ...base, mode: 'tabular', features: ['x'] });
    expect(c.windowTransform).toBe('level');
  });

  it('refuses transforms outside sequence regression and seasonal difference without a period', () => {
    const ds = dataset();
    expect(() => prepare(ds, { ...base, mode: 'tabular', features: ['x'], windowTransform: 'difference' })).toThrow(/applies to sequence regression only/);
    expect(() => prepare(ds, { ...base, seasonalPeriod: undefined, dateColumn: undefined, windowTransform: 'seasonal-difference' })).toThrow(/needs a seasonal period/);
    expect(() => prepare(ds, { ...base, horizonSteps: [1, 1] })).toThrow(/twice/);
  });

  it('steps: outputs target-major, yWidth = targets × steps, names `y t+k`', () => {
    const p = prepare(dataset(), { ...base, horizonSteps: [7, 1, 3] });
    expect(p.steps).toEqual([1, 3, 7]);
    expect(p.yWidth).toBe(3);
    expect(p.outputNames).toEqual(['y t+1', 'y t+3', 'y t+7']);
  });

  for (const transform of WINDOW_TRANSFORMS)
    it(`${transform}: the targets the model learns invert exactly to the series' values at every step`, () => {
      const p = prepare(dataset(), { ...base, windowTransform: transform, windowScale: true, horizonSteps: [1, 3, 9] });
      const raw = prepare(dataset(), { ...base, windowTransform: 'level', normalization: 'none', normalizeTarget: false, horizonSteps: [1, 3, 9] });
      for (const sp of SPLITS) {
        const back = denormalizeTargets(p, buildBatch(p, sp).y, sp);
        p.splits[sp].forEach((s, k) =>
          [1, 3, 9].forEach((step, q) => {
            const want = raw.targets[s + p.lookback - 1 + step]!;
            expect(Math.abs(back[k * 3 + q]! - want)).toBeLessThan(1e-3 * Math.max(1, Math.abs(want)));
          }),
        );
      }
    });

  it('differencing: windows read their history inside their own split block and group, targets never leave it', () => {
    for (const transform of ['difference', 'seasonal-difference'] as const) {
      const p: PreparedData = prepare(dataset(), { ...base, windowTransform: transform, horizonSteps: [2, 5] });
      const pre = transform === 'difference' ? 1 : 7;
      for (const sp of SPLITS)
        for (const s of p.splits[sp]) {
          const inside = p.groups.some((g) => g.blocks[sp].some(([a, b]) => s - pre >= a && s + p.lookback - 1 + 5 < b));
          expect(inside).toBe(true);
        }
      const plain = prepare(dataset(), { ...base, windowTransform: 'level', horizonSteps: [2, 5] });
      expect(p.splits.test.length).toBe(plain.splits.test.length - 2 * pre); // two groups
    }
  });

  it('the rules themselves: difference sums back, seasonal difference uses the latest observed season, window mean restores', () => {
    const series = [1, 2, 4, 7, 11, 16, 22, 29, 37, 46];
    const at = (r: number): number => series[r]!;
    const rule = (transform: WindowRule['transform'], steps: number[], period = 0, scale = false): WindowRule => ({ transform, steps, period, scale, lookback: 4 });
    // window rows 2..5 (last = 5, value 16); steps 1, 3 → values 22, 37
    expect(encodeWindowTargets(rule('difference', [1, 3]), at, 2, [22, 37])).toEqual([6, 15]);
    expect(decodeWindowTargets(rule('difference', [1, 3]), at, 2, [6, 15], 0)).toEqual([22, 37]);
    expect(encodeWindowTargets(rule('last-value', [1, 3]), at, 2, [22, 37])).toEqual([6, 21]);
    // period 3: step 1 → row 5+1−3 = 3 (7); step 3 → row 5 (16); step 4 → row 5+4−6 = 3 (7)
    expect(encodeWindowTargets(rule('seasonal-difference', [1, 3, 4], 3), at, 2, [22, 37, 46])).toEqual([15, 21, 39]);
    const wm = rule('window-mean', [1], 0, true);
    const enc = encodeWindowTargets(wm, at, 2, [22]);
    expect(decodeWindowTargets(wm, at, 2, enc, 0)[0]).toBeCloseTo(22, 10);
    expect(enc[0]).toBeCloseTo((22 - 9.5) / Math.sqrt(((4 - 9.5) ** 2 + (7 - 9.5) ** 2 + (11 - 9.5) ** 2 + (16 - 9.5) ** 2) / 4), 10);
  });

  it('a forecaster template ending in Dense(1) gets Dense(H) (also both heads of the GRU + linear skip)', () => {
    const p = prepare(dataset(), { ...base, horizonSteps: [1, 2, 3, 4, 5, 6, 7] });
    const gru = fitGraphToData(getTemplate('gru-forecaster')!.graph(), p);
    expect(gru.nodes.find((n) => n.label === 'forecast')!.params.units).toBe(7);
    const skip = fitGraphToData(getTemplate('gru-skip-forecaster')!.graph(), p);
    expect(skip.nodes.filter((n) => n.kind === 'Dense').map((n) => n.params.units)).toEqual([7, 7]);
    const cls = fitGraphToData(getTemplate('gru-forecaster')!.graph(), { ...p, task: 'binary' });
    expect(cls.nodes.find((n) => n.label === 'forecast')!.params.units).toBe(1);
  });
});

describe('baselines under a window transform', () => {
  it('persistence and seasonal naive give the same forecasts in target units whatever the transform', async () => {
    const { regressionBaselines } = await import('./baselines');
    /** baseline key → window start row → its forecasts (steps 1 and 4) in target units */
    const forecasts = (t: (typeof WINDOW_TRANSFORMS)[number]): Record<string, Map<number, number[]>> => {
      const p = prepare(dataset(), { ...base, windowTransform: t, windowScale: true, horizonSteps: [1, 4] });
      return Object.fromEntries(
        regressionBaselines(p, 'test')
          .filter((b) => b.key === 'persistence' || b.key === 'seasonal-naive') // the fitted ones see other training windows when differencing starts them later
          .map((b) => {
            const u = denormalizeTargets(p, b.predictions, 'test');
            return [b.key, new Map(Array.from(p.splits.test, (s, i) => [s, [u[i * 2]!, u[i * 2 + 1]!]]))];
          }),
      );
    };
    const level = forecasts('level');
    expect(Object.keys(level)).toEqual(['persistence', 'seasonal-naive']);
    for (const t of WINDOW_TRANSFORMS) {
      const other = forecasts(t);
      for (const k of Object.keys(level)) {
        expect(other[k]!.size).toBeGreaterThan(0);
        for (const [s, v] of other[k]!) v.forEach((x, q) => expect(x).toBeCloseTo(level[k]!.get(s)![q]!, 2));
      }
    }
  });
});
