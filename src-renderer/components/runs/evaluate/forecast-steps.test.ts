import { describe, expect, it } from 'vitest';
import { firstTargetSteps, pathCharts, shortBaselineName, stepTable } from './forecast-steps';

const NAMES = [
  { key: 'persistence', name: 'persistence (last value)' },
  { key: 'seasonal-naive', name: 'seasonal naive (period 7)' },
  { key: 'training-mean', name: 'training mean' },
  { key: 'linear-ar', name: 'linear autoregression (ridge on the 14-step window)' },
];

describe('error by forecast step', () => {
  it('one row per step with each baseline\'s MAE for that step, the best baseline marked and whether the model beats it', () => {
    const t = stepTable(
      [
        { name: 'temp t+1', step: 1, mae: 1.9, rmse: 2.4, baselines: { persistence: 2.5, 'seasonal-naive': 3.9, 'training-mean': 5.6, 'linear-ar': 2.1 } },
        { name: 'temp t+2', step: 2, mae: 2.6, rmse: 3.3, baselines: { persistence: 3.1, 'seasonal-naive': 3.9, 'training-mean': 5.6, 'linear-ar': 2.5 } },
        { name: 'temp t+7', step: 7, mae: 3.2, rmse: 4.0, baselines: { persistence: 4.0, 'seasonal-naive': 3.9, 'training-mean': 5.6 } },
      ],
      NAMES,
    )!;
    expect(t.columns).toEqual([
      { key: 'persistence', name: 'persistence' },
      { key: 'seasonal-naive', name: 'seasonal naive (period 7)' },
      { key: 'training-mean', name: 'training mean' },
      { key: 'linear-ar', name: 'linear autoregression' },
    ]);
    expect(t.rows.map((r) => r.step)).toEqual([1, 2, 7]);
    expect(t.rows[0]).toMatchObject({ mae: 1.9, baselines: [2.5, 3.9, 5.6, 2.1], best: 3, beats: true });
    // step 2: the linear autoregression (2.5) beats the model (2.6)
    expect(t.rows[1]).toMatchObject({ best: 3, beats: false });
    // a baseline missing at a step is a gap, not a zero
    expect(t.rows[2]).toMatchObject({ baselines: [4.0, 3.9, 5.6, null], best: 1, beats: true });
    expect([t.beaten, t.judged]).toEqual([2, 3]);
  });

  it('baselines not named by the run are still shown, by key', () => {
    const t = stepTable([
      { name: 'y t+1', step: 1, mae: 1, rmse: 1, baselines: { drift: 2 } },
      { name: 'y t+2', step: 2, mae: 1, rmse: 1, baselines: { drift: 0.5 } },
    ])!;
    expect(t.columns).toEqual([{ key: 'drift', name: 'drift' }]);
    expect(t.rows.map((r) => r.beats)).toEqual([true, false]);
  });

  it('no step table for one-step forecasts or reports made before steps (the per-output table shows those)', () => {
    expect(stepTable(undefined)).toBeNull();
    expect(stepTable([{ name: 'y', step: 1, mae: 1, rmse: 1 }])).toBeNull();
    expect(stepTable([{ name: 'a', mae: 1, rmse: 1 }, { name: 'b', mae: 2, rmse: 2 }])).toBeNull();
    // without baselines nothing is judged
    const t = stepTable([{ name: 'y t+1', step: 1, mae: 1, rmse: 1 }, { name: 'y t+2', step: 2, mae: 1, rmse: 1 }])!;
    expect(t.rows.map((r) => r.beats)).toEqual([null, null]);
    expect(t.judged).toBe(0);
  });

  it('keeps baseline headers short but the seasonal period', () => {
    expect(shortBaselineName('persistence (last value)')).toBe('persistence');
    expect(shortBaselineName('seasonal naive (period 12)')).toBe('seasonal naive (period 12)');
    expect(shortBaselineName('(odd)')).toBe('(odd)');
  });
});

describe('forecast paths', () => {
  it('one small chart per origin: actual and predicted over the steps ahead (the first target\'s steps)', () => {
    const table = stepTable([
      { name: 'a t+1', step: 1, mae: 1, rmse: 1 },
      { name: 'a t+7', step: 7, mae: 1, rmse: 1 },
      { name: 'a t+14', step: 14, mae: 1, rmse: 1 },
      { name: 'b t+1', step: 1, mae: 1, rmse: 1 },
      { name: 'b t+7', step: 7, mae: 1, rmse: 1 },
      { name: 'b t+14', step: 14, mae: 1, rmse: 1 },
    ]);
    const steps = firstTargetSteps(table);
    expect(steps).toEqual([1, 7, 14]);
    const charts = pathCharts(
      [
        { origin: 10, label: '2015-03-01', actual: [1, 2, 3], predicted: [1.5, 2.5, NaN] },
        { origin: 40, label: 'sample 40', actual: [4, 5, 6], predicted: [4, 4, 4] },
        { origin: 70, label: 'broken', actual: [1, 2], predicted: [1] },
      ],
      steps,
    );
    expect(charts).toEqual([
      { title: 'From 2015-03-01', x: [1, 7, 14], ys: [[1, 2, 3], [1.5, 2.5, null]] },
      { title: 'From sample 40', x: [1, 7, 14], ys: [[4, 5, 6], [4, 4, 4]] },
    ]);
    // steps unknown or of another length: 1 … n
    expect(pathCharts([{ origin: 0, label: 'x', actual: [1, 2], predicted: [1, 2] }], [1, 7, 14])[0]!.x).toEqual([1, 2]);
    expect(pathCharts(undefined)).toEqual([]);
  });
});
