import { defineLayer } from './define';
import { recurrentParams } from './params';
import { RECURRENT, recurrentConfig, recurrentCount, recurrentInfer, recurrentSummary } from './recurrent';

const info = RECURRENT.GRU;
const params = recurrentParams({ activation: 'tanh', gated: true });

export const gru = defineLayer({
  kind: 'GRU',
  label: 'GRU',
  category: 'recurrent',
  factory: info.factory,
  kerasClass: info.kerasClass,
  help:
    'Gated recurrent unit (Cho et al., 2014). For each time step, with σ the recurrent activation (sigmoid by default) and ' +
    'tanh the activation: z = σ(W_z·x + U_z·h + b_z) (update gate); r = σ(W_r·x + U_r·h + b_r) (reset gate); ' +
    'h~ = tanh(W_h·x + U_h·(r ⊙ h) + b_h) (candidate, reset applied before the recurrent product: reset_after = False); ' +
    'h_new = z ⊙ h + (1 − z) ⊙ h~ (the Keras/TensorFlow/tfjs convention; some tutorials swap z and 1 − z, same family). ' +
    'Parameters: 3·(units·(units + features) + units). TensorFlow.js supports only reset_after = False, so Layerloom uses it ' +
    'everywhere and exported Keras code sets reset_after=False (Keras defaults to True, which has 3·units more biases). ' +
    'tfjs loops over time steps in JavaScript, so training time grows with the sequence length.',
  params,
  inputRank: { min: 3, max: 3 },
  infer: (inputs, p) => recurrentInfer(inputs, p, 1, info.gates),
  count: (inputs, p) => recurrentCount(info, inputs, p),
  config: (p) => recurrentConfig(info, params, p),
  summary: (p) => recurrentSummary('GRU', p),
});
