import { describe, expect, it } from 'vitest';
import { draftToSpec, newDim, parseValues, type FormDraft } from './experiment-form';
import { validateSpec, SpecError } from '@shared/experiments/validate';
import { problemsByField } from '../../lib/state/experiments.svelte';
import { sequential } from '@shared/graph/builder';

const doc = sequential('m', [
  { kind: 'Input', params: { shape: [7, 1] } },
  { kind: 'GRU', label: 'gru', params: { units: 8 } },
  { kind: 'Dense', label: 'dense', params: { units: 1 } },
]);

const form = (o: Partial<FormDraft> = {}): FormDraft => ({
  name: 'sweep',
  dims: [
    { ...newDim('param', 'gru'), param: 'units', values: '4, 8' },
    { ...newDim('training'), field: 'learningRate', mode: 'range', min: '0.001', max: '0.1', log: true },
    { ...newDim('data'), field: 'lookback', values: '7;14' },
  ],
  strategy: 'random',
  seed: 3,
  trials: 6,
  minutes: '',
  metric: 'val_loss',
  pruning: true,
  ...o,
});

describe('experiment form → spec', () => {
  it('values lists, ranges, strategy, budget and pruning become the spec validateSpec accepts', () => {
    expect(parseValues('16, 32;64 GRU true')).toEqual([16, 32, 64, 'GRU', true]);
    const spec = draftToSpec(form({ minutes: '2' }));
    expect(spec.dimensions).toEqual([
      { param: 'gru.units', values: [4, 8] },
      { training: 'learningRate', range: { min: 0.001, max: 0.1, log: true, integer: false } },
      { data: 'lookback', values: [7, 14] },
    ]);
    expect(spec.strategy).toEqual({ type: 'random', seed: 3 });
    expect(spec.budget).toEqual({ trials: 6, seconds: 120 });
    expect(spec.pruning).toEqual({ rule: 'median', warmupEpochs: 1, minTrials: 2 });
    expect(validateSpec(spec, { doc }).dimensions).toHaveLength(3);
    expect(draftToSpec(form({ pruning: false })).pruning).toEqual({ rule: 'none' });
  });

  it("problems come back keyed by the field they concern (each dimension's row, the budget)", () => {
    const bad = form({
      trials: 0,
      dims: [
        { ...newDim('param', 'gru'), param: 'unitz', values: '4' },
        { ...newDim('training'), field: 'learningRate', mode: 'range', min: '0.1', max: '0.01' },
        { ...newDim('data'), field: 'lookback', values: '' },
      ],
    });
    let problems: string[] = [];
    try {
      validateSpec(draftToSpec(bad), { doc });
    } catch (e) {
      problems = (e as SpecError).problems;
    }
    const by = problemsByField(problems);
    expect(Object.keys(by).sort()).toEqual(['budget.trials', 'dimensions[0]', 'dimensions[1]', 'dimensions[2]']);
    expect(by['dimensions[0]']![0]).toMatch(/has no param "unitz"/);
    expect(by['dimensions[1]']![0]).toMatch(/the range is empty/);
    expect(by['dimensions[2]']![0]).toMatch(/list of values is empty/);
  });

  it('an empty range box is refused with its path, not run as NaN', () => {
    const spec = draftToSpec(form({ dims: [{ ...newDim('training'), field: 'learningRate', mode: 'range', min: '', max: '0.1' }] }));
    expect(() => validateSpec(spec, { doc })).toThrow(/dimensions\[0\]/);
  });
});
