import { defineLayer } from './define';
import { rate } from './params';
import { needRank, ok } from './shape';

export const dropout = defineLayer({
  kind: 'Dropout',
  label: 'Dropout',
  category: 'core',
  factory: 'dropout',
  kerasClass: 'Dropout',
  help: 'During training, sets a random fraction of its inputs to zero (and scales the rest up); does nothing at prediction time. No parameters. A common regularizer after recurrent and dense layers (0.2–0.5).',
  params: [rate()],
  infer: (inputs) => needRank(inputs[0], 2, 8, '') ?? ok([...inputs[0]!]),
  summary: (p) => `Dropout · ${p.rate}`,
});
