import { defineLayer } from './define';
import { int } from './params';
import { needRank, ok } from './shape';

export const repeatVector = defineLayer({
  kind: 'RepeatVector',
  label: 'RepeatVector',
  category: 'reshape',
  factory: 'repeatVector',
  kerasClass: 'RepeatVector',
  help: 'Repeats a vector n times to make a sequence: [batch, features] → [batch, n, features]. Used in encoder–decoder models to feed the encoded state to a decoder GRU at every output step. No parameters.',
  params: [int('n', 'Repetitions', 10, 'Number of time steps to produce.', { min: 1, max: 100_000 })],
  inputRank: { min: 2, max: 2 },
  infer: (inputs, p) =>
    needRank(inputs[0], 2, 2, 'Use it after a layer that outputs one vector per sample (e.g. a GRU with "Return sequences" off).') ??
    ok([null, p.n, inputs[0]![1] ?? null]),
  summary: (p) => `RepeatVector · ×${p.n}`,
});
