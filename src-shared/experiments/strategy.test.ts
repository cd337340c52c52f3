import { describe, expect, it } from 'vitest';
import { experimentSpecSchema, type Point } from './spec';
import { gridPoint, gridSize, gridValues, nextPoint, type Observation } from './strategy';
import type { Dimension } from './validate';

const lr: Dimension = { key: 'training.learningRate', target: { type: 'training', field: 'learningRate' }, range: { min: 1e-4, max: 1, log: true, integer: false, gridPoints: 5 } };
const units: Dimension = { key: 'gru_1.units', target: { type: 'param', nodeId: 'n2', param: 'units' }, values: [8, 16, 32, 64] };
const batch: Dimension = { key: 'training.batchSize', target: { type: 'training', field: 'batchSize' }, range: { min: 8, max: 128, log: false, integer: true, gridPoints: 3 } };

describe('grid', () => {
  it('spaces a log range evenly in log space and rounds an integer range', () => {
    expect(gridValues(lr).map((v) => Number((v as number).toPrecision(6)))).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect(gridValues(batch)).toEqual([8, 68, 128]);
  });
  it('enumerates the cartesian product once, then ends', () => {
    const dims = [units, batch];
    expect(gridSize(dims)).toBe(12);
    const pts = Array.from({ length: 12 }, (_, i) => JSON.stringify(gridPoint(dims, i)));
    expect(new Set(pts).size).toBe(12);
    expect(gridPoint(dims, 0)).toEqual({ 'gru_1.units': 8, 'training.batchSize': 8 });
    expect(gridPoint(dims, 12)).toBeNull();
  });
});

const spec = (strategy: unknown) => experimentSpecSchema.parse({ dimensions: [{ training: 'learningRate', values: [1] }], strategy });

describe('random', () => {
  it('draws the same point for the same seed and trial index, whatever ran before; values stay in range', () => {
    const s = spec({ type: 'random', seed: 7 });
    const a = nextPoint(s, [lr, units], 3, []);
    const b = nextPoint(s, [lr, units], 3, [{ point: {}, value: 1 }]);
    expect(a).toEqual(b);
    expect(nextPoint(spec({ type: 'random', seed: 8 }), [lr, units], 3, [])).not.toEqual(a);
    for (let i = 0; i < 200; i++) {
      const p = nextPoint(s, [lr, units, batch], i, [])!;
      expect(p['training.learningRate']).toBeGreaterThanOrEqual(1e-4);
      expect(p['training.learningRate']).toBeLessThanOrEqual(1);
      expect(units.values).toContain(p['gru_1.units']);
      expect(Number.isInteger(p['training.batchSize'])).toBe(true);
    }
  });
});

describe('tpe', () => {
  // a loss with its optimum at learning rate 10^-2.5 and 32 units
  const loss = (p: Point): number => (Math.log10(p['training.learningRate'] as number) + 2.5) ** 2 + (p['gru_1.units'] === 32 ? 0 : 0.5);
  const run = (type: 'random' | 'tpe', seed: number, n = 40): number[] => {
    const s = spec(type === 'tpe' ? { type, seed, startupTrials: 8 } : { type, seed });
    const hist: Observation[] = [];
    for (let i = 0; i < n; i++) {
      const point = nextPoint(s, [lr, units], i, hist)!;
      hist.push({ point, value: loss(point) });
    }
    return hist.map((h) => h.value!);
  };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('is deterministic for a seed', () => {
    expect(run('tpe', 3)).toEqual(run('tpe', 3));
  });
  it('after its random start, proposes better points than random search does (mean over 8 seeds)', () => {
    const late = (xs: number[]) => mean(xs.slice(20));
    const tpe = mean([1, 2, 3, 4, 5, 6, 7, 8].map((s) => late(run('tpe', s))));
    const rnd = mean([1, 2, 3, 4, 5, 6, 7, 8].map((s) => late(run('random', s))));
    expect(tpe).toBeLessThan(rnd * 0.6);
  });
  it('ignores failed trials (null metric) when modelling good and bad points', () => {
    const s = spec({ type: 'tpe', seed: 1, startupTrials: 2 });
    const hist: Observation[] = [
      { point: { 'training.learningRate': 0.5, 'gru_1.units': 8 }, value: null },
      { point: { 'training.learningRate': 0.003, 'gru_1.units': 32 }, value: 0.1 },
      { point: { 'training.learningRate': 0.9, 'gru_1.units': 64 }, value: 5 },
    ];
    const p = nextPoint(s, [lr, units], 3, hist)!;
    expect(p['training.learningRate']).toBeGreaterThan(0);
  });
});
