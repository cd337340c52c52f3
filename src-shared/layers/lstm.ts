import { defineLayer } from './define';
import { recurrentParams } from './params';
import { RECURRENT, recurrentConfig, recurrentCount, recurrentInfer, recurrentSummary } from './recurrent';

const info = RECURRENT.LSTM;
const params = recurrentParams({ activation: 'tanh', gated: true });

export const lstm = defineLayer({
  kind: 'LSTM',
  label: 'LSTM',
  category: 'recurrent',
  factory: info.factory,
  kerasClass: info.kerasClass,
  help:
    'Long short-term memory. Per step: i = σ(W_i·x + U_i·h + b_i), f = σ(W_f·x + U_f·h + b_f), o = σ(W_o·x + U_o·h + b_o), ' +
    'c~ = tanh(W_c·x + U_c·h + b_c), c_new = f ⊙ c + i ⊙ c~, h_new = o ⊙ tanh(c_new); σ is the recurrent activation (sigmoid, ' +
    'passed explicitly because tfjs defaults to hardSigmoid). Four gates: 4·(units·(units + features) + units) parameters, ' +
    'a third more than a GRU of the same size.',
  params,
  inputRank: { min: 3, max: 3 },
  infer: (inputs, p) => recurrentInfer(inputs, p, 1, info.gates),
  count: (inputs, p) => recurrentCount(info, inputs, p),
  config: (p) => recurrentConfig(info, params, p),
  summary: (p) => recurrentSummary('LSTM', p),
});
