import { defineLayer } from './define';
import { bool, recurrentParams } from './params';
import { RECURRENT, recurrentConfig, recurrentCount, recurrentInfer, recurrentSummary } from './recurrent';

const info = RECURRENT.GRU;
const params = [
  ...recurrentParams({ activation: 'tanh', gated: true }),
  bool(
    'resetAfter',
    'Reset after (Keras default)',
    false,
    "Apply the reset gate after the recurrent product (h~ = act(W_h·x + b_h + r ⊙ (U_h·h + b'_h))), with two bias vectors (bias [2, 3·units]): Keras's default and cuDNN's layout, so a Keras GRU's weights match one to one. Off: tfjs's only form (reset before the product, one bias).",
    { advanced: true },
  ),
] as const;

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
    'Parameters: 3·(units·(units + features) + units). That is reset_after = False, the only form stock TensorFlow.js has and ' +
    "Layerloom's default; exported Keras code says so. The \"Reset after\" option gives Keras's default instead: " +
    "h~ = tanh(W_h·x + b_h + r ⊙ (U_h·h + b'_h)), two bias vectors, 3·units more parameters (Layerloom computes it itself; " +
    'the TypeScript export cannot express it). ' +
    'tfjs loops over time steps in JavaScript, so training time grows with the sequence length.',
  params,
  inputRank: { min: 3, max: 3 },
  infer: (inputs, p) => recurrentInfer(inputs, p, 1, info.gates),
  count: (inputs, p) => recurrentCount(info, inputs, p, p.resetAfter),
  config: (p) => recurrentConfig(info, params, p),
  summary: (p) => recurrentSummary(p.resetAfter ? 'GRU (reset after)' : 'GRU', p),
});
