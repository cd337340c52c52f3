import { defineLayer } from './define';
import { recurrentParams } from './params';
import { RECURRENT, recurrentConfig, recurrentCount, recurrentInfer, recurrentSummary } from './recurrent';

const info = RECURRENT.SimpleRNN;
const params = recurrentParams({ activation: 'tanh', gated: false });

export const simpleRnn = defineLayer({
  kind: 'SimpleRNN',
  label: 'SimpleRNN',
  category: 'recurrent',
  factory: info.factory,
  kerasClass: info.kerasClass,
  help:
    'Plain (Elman) recurrent layer: h_new = activation(W·x + U·h + b). units·(units + features) + units parameters. ' +
    'Useful as a baseline next to GRU and LSTM; it struggles with long-range dependencies (vanishing gradients).',
  params,
  inputRank: { min: 3, max: 3 },
  infer: (inputs, p) => recurrentInfer(inputs, p, 1, info.gates),
  count: (inputs, p) => recurrentCount(info, inputs, p),
  config: (p) => recurrentConfig(info, params, p),
  summary: (p) => recurrentSummary('SimpleRNN', p),
});
