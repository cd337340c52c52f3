import { defineLayer } from './define';
import { activation as activationParam } from './params';
import { needRank, ok } from './shape';

export const activation = defineLayer({
  kind: 'Activation',
  label: 'Activation',
  category: 'core',
  factory: 'activation',
  kerasClass: 'Activation',
  help: 'Applies an activation function element-wise (e.g. relu, tanh, softmax). No parameters; same output shape as input.',
  params: [activationParam('relu')],
  infer: (inputs) => needRank(inputs[0], 2, 8, '') ?? ok([...inputs[0]!]),
  summary: (p) => `Activation · ${p.activation}`,
});
