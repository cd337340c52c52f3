import { describe, expect, it } from 'vitest';
import { sequential } from '../graph/builder';
import { trainingSettings } from '../train/settings';
import { defaultDataPrep } from '../data/spec';
import { SpecError, validateSpec } from './validate';
import { applyPoint } from './apply';

const doc = sequential('m', [
  { kind: 'Input', params: { shape: [14, 1] } },
  { kind: 'GRU', label: 'gru_1', params: { units: 8 } },
  { kind: 'Dense', label: 'head', params: { units: 1 } },
]);
const base = { doc, prep: defaultDataPrep({ targets: ['y'] }), settings: trainingSettings({ epochs: 3 }) };

const problems = (spec: unknown): string[] => {
  try {
    validateSpec(spec, { doc });
  } catch (e) {
    if (e instanceof SpecError) return e.problems;
    throw e;
  }
  return [];
};

describe('validateSpec', () => {
  it('resolves layer params by label or id, training settings, data values and kind choices', () => {
    const v = validateSpec(
      {
        dimensions: [
          { param: 'gru_1.units', values: [4, 8] },
          { param: 'n3.units', values: [1] },
          { training: 'learningRate', range: { min: 1e-4, max: 1e-1, log: true } },
          { data: 'lookback', values: [7, 14] },
          { kind: 'gru_1', values: ['GRU', 'LSTM', 'SimpleRNN'] },
        ],
      },
      { doc },
    );
    expect(v.dimensions.map((d) => [d.key, d.target])).toEqual([
      ['gru_1.units', { type: 'param', nodeId: 'n2', param: 'units' }],
      ['n3.units', { type: 'param', nodeId: 'n3', param: 'units' }],
      ['training.learningRate', { type: 'training', field: 'learningRate' }],
      ['data.lookback', { type: 'data', field: 'lookback' }],
      ['kind:gru_1', { type: 'kind', nodeId: 'n2' }],
    ]);
    expect(v.spec.metric).toBe('val_loss');
    expect(v.spec.pruning.rule).toBe('median');
  });

  it('refuses a missing layer or param, an empty range, an empty list and a budget of 0, saying where', () => {
    const p = problems({
      dimensions: [
        { param: 'gru_9.units', values: [4] },
        { param: 'gru_1.unitz', values: [4] },
        { training: 'learningRate', range: { min: 0.1, max: 0.01 } },
        { data: 'lookback', values: [] },
        { training: 'earlyStopping', values: [true] },
        { kind: 'head', values: ['GRU'] },
        { training: 'batchSize', range: { min: 0, max: 64, log: true } },
      ],
      budget: { trials: 0 },
    });
    expect(p).toEqual([
      expect.stringMatching(/^dimensions\[0\] \(gru_9\.units\): no layer called "gru_9" \(layers: .*gru_1/),
      expect.stringMatching(/^dimensions\[1\] \(gru_1\.unitz\): GRU "gru_1" has no param "unitz" \(params: units,/),
      'dimensions[2] (training.learningRate): the range is empty: min (0.1) must be below max (0.01)',
      'dimensions[3] (data.lookback): the list of values is empty',
      expect.stringMatching(/^dimensions\[4\] \(training\.earlyStopping\): "earlyStopping" is not a training setting/),
      expect.stringMatching(/^dimensions\[5\] \(kind:head\): "head" is a Dense; only GRU \| LSTM \| SimpleRNN/),
      'dimensions[6] (training.batchSize): a log range needs min > 0 (got 0)',
      'budget.trials: must be at least 1 (got 0)',
    ]);
  });

  it('refuses a spec of the wrong shape with the path of the field', () => {
    expect(problems({ dimensions: [] })).toEqual(['dimensions: an experiment needs at least one dimension']);
    expect(problems({ dimensions: [{ param: 'gru_1.units', values: [1] }], strategy: { type: 'bayes' } })[0]).toMatch(/^strategy\.type: /);
  });
});

describe('applyPoint', () => {
  const v = validateSpec(
    {
      dimensions: [
        { param: 'gru_1.units', values: [4, 0] },
        { kind: 'gru_1', values: ['GRU', 'LSTM', 'SimpleRNN'] },
        { training: 'learningRate', values: [0.01, 0] },
        { data: 'lookback', values: [7, 0] },
      ],
    },
    { doc },
  );
  const point = { 'gru_1.units': 4, 'kind:gru_1': 'LSTM', 'training.learningRate': 0.01, 'data.lookback': 7 };

  it('sets the kind (keeping shared params), the param, the training setting and the data value', () => {
    const r = applyPoint(base, v.dimensions, point);
    if (!r.ok) throw new Error(r.reason);
    const node = r.setup.doc.nodes.find((n) => n.id === 'n2')!;
    expect(node.kind).toBe('LSTM');
    expect(node.params.units).toBe(4);
    expect(node.params.recurrentActivation).toBe('sigmoid'); // a param GRU and LSTM share is kept
    const rnn = applyPoint(base, v.dimensions, { ...point, 'kind:gru_1': 'SimpleRNN' });
    if (!rnn.ok) throw new Error(rnn.reason);
    expect(rnn.setup.doc.nodes[1]!.kind).toBe('SimpleRNN');
    expect(rnn.setup.doc.nodes[1]!.params).not.toHaveProperty('recurrentActivation'); // SimpleRNN has no gates
    expect(r.setup.settings.learningRate).toBe(0.01);
    expect(r.setup.prep.lookback).toBe(7);
    expect(base.doc.nodes[1]!.kind).toBe('GRU'); // the base is untouched
  });

  it('a value that makes the graph, the settings or the data invalid becomes a reason', () => {
    const units0 = applyPoint(base, v.dimensions, { ...point, 'gru_1.units': 0 });
    expect(units0).toEqual({ ok: false, reason: expect.stringMatching(/^the graph is invalid at this point: .*gru_1.*units/i) });
    expect(applyPoint(base, v.dimensions, { ...point, 'training.learningRate': 0 })).toEqual({ ok: false, reason: expect.stringMatching(/^training settings invalid at this point: learningRate: /) });
    expect(applyPoint(base, v.dimensions, { ...point, 'data.lookback': 0 })).toEqual({ ok: false, reason: expect.stringMatching(/^data preparation invalid at this point: lookback: /) });
  });
});
