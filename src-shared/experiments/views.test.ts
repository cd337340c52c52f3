import { describe, expect, it } from 'vitest';
import { categoryAxis, costFront, costPoints, dominates, numericAxis, parallelAxes, paretoFront } from './views';
import { experimentSpecSchema } from './spec';
import type { TrialRecord } from '../api/experiments';

const trial = (i: number, point: TrialRecord['point'], value: number | null, o: Partial<TrialRecord> = {}): TrialRecord => ({
  trial: i,
  point,
  runId: `r${i}`,
  status: value === null ? 'failed' : 'completed',
  value,
  epochs: 2,
  epochsPlanned: 2,
  seconds: 4,
  curve: [],
  reason: null,
  ...o,
});

describe('pareto front', () => {
  it('keeps the points nothing beats on every objective', () => {
    const front = paretoFront([
      { id: 0, values: [1, 10] },
      { id: 1, values: [2, 5] },
      { id: 2, values: [3, 6] }, // dominated by 1
      { id: 3, values: [0.5, 20] },
      { id: 4, values: [2, 11] }, // dominated by 0 and 1
    ]);
    expect(front).toEqual([0, 1, 3]);
  });
  it('ties: equal points both stay, a tie on one objective and worse on the other is dominated', () => {
    expect(dominates([1, 2], [1, 2])).toBe(false);
    expect(dominates([1, 2], [1, 3])).toBe(true);
    expect(paretoFront([{ id: 0, values: [1, 2] }, { id: 1, values: [1, 2] }, { id: 2, values: [1, 3] }])).toEqual([0, 1]);
  });
  it('leaves out non-finite points and orients a maximized metric', () => {
    expect(paretoFront([{ id: 0, values: [Number.NaN, 1] }, { id: 1, values: [5, 5] }])).toEqual([1]);
    const pts = costPoints([trial(0, {}, 0.9, { runId: 'a' }), trial(1, {}, 0.5, { runId: 'b' }), trial(2, {}, null)], new Map([['a', 100], ['b', 100]]));
    expect(pts.map((p) => p.trial)).toEqual([0, 1]);
    expect(costFront(pts, 'params', false)).toEqual([0]); // accuracy-like: higher is better
    expect(costFront(pts, 'params', true)).toEqual([1]);
    expect(pts[0]!.secondsPerEpoch).toBe(2);
  });
});

describe('parallel-coordinates axes', () => {
  it('linear, log and categorical axes map values to 0…1', () => {
    const lin = numericAxis('u', 'u', [16, 32, 64], false);
    expect([lin.pos(16), lin.pos(40), lin.pos(64)]).toEqual([0, 0.5, 1]);
    const log = numericAxis('lr', 'lr', [0.0001, 0.01], true);
    expect(log.pos(0.001)).toBeCloseTo(0.5);
    expect(log.pos(0)).toBeNull();
    expect(numericAxis('x', 'x', [3], false).pos(3)).toBe(0.5);
    const cat = categoryAxis('k', 'k', ['GRU', 'LSTM', 'SimpleRNN']);
    expect([cat.pos('GRU'), cat.pos('LSTM'), cat.pos('SimpleRNN'), cat.pos('Dense')]).toEqual([0, 0.5, 1, null]);
  });
  it('one axis per dimension then the metric: a log range is log, a two-decade value list too, kinds categorical', () => {
    const spec = experimentSpecSchema.parse({
      dimensions: [
        { param: 'gru.units', values: [16, 64] },
        { training: 'learningRate', range: { min: 0.0001, max: 0.1, log: true } },
        { training: 'batchSize', values: [1, 100] },
        { kind: 'gru', values: ['GRU', 'LSTM'] },
      ],
    });
    const trials = [trial(0, { 'gru.units': 16, 'training.learningRate': 0.001, 'training.batchSize': 1, 'kind:gru': 'LSTM' }, 0.2), trial(1, { 'gru.units': 64, 'training.learningRate': 0.1, 'training.batchSize': 100, 'kind:gru': 'GRU' }, 0.4)];
    const axes = parallelAxes(spec, trials);
    expect(axes.map((a) => [a.key, a.type])).toEqual([
      ['gru.units', 'linear'],
      ['training.learningRate', 'log'],
      ['training.batchSize', 'log'],
      ['kind:gru', 'category'],
      ['value', 'linear'],
    ]);
    // the log range spans its declared extent (1e-4…1e-1), not only the sampled values
    expect(axes[1]!.pos(0.001)).toBeCloseTo(1 / 3);
    expect(axes[3]!.pos('LSTM')).toBe(1);
    expect(axes[4]!.pos(0.2)).toBe(0);
    expect(axes[4]!.label).toBe('val_loss');
  });
});
