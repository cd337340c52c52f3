import { defineLayer } from './define';
import { activation, initializer, kernelRegularizer, units, useBias } from './params';
import { fail, fmtShape, last, needRank, ok } from './shape';
import { plural } from '../format/number';

export const dense = defineLayer({
  kind: 'Dense',
  label: 'Dense',
  category: 'core',
  factory: 'dense',
  kerasClass: 'Dense',
  help:
    'Fully connected layer: output = activation(x·W + b) on the last axis. features·units + units parameters. ' +
    'After a sequence ([batch, time, features]) it is applied to every time step and outputs one value per time step; ' +
    'for one prediction per sequence, turn off "Return sequences" on the recurrent layer before it, or pool/flatten first.',
  params: [
    units(32, 'Number of output units (e.g. 1 for regression, the number of classes for classification).'),
    activation('linear'),
    useBias(),
    initializer('kernelInitializer', 'Kernel initializer', 'glorotUniform', 'Initializer of the weights.'),
    initializer('biasInitializer', 'Bias initializer', 'zeros', 'Initializer of the bias.'),
    ...kernelRegularizer(),
  ],
  inputRank: { min: 2, max: 8 },
  infer: (inputs, p) => {
    const bad = needRank(inputs[0], 2, 8, '');
    if (bad) return bad;
    const x = inputs[0]!;
    if (last(x) === null) return fail('unknown-features', `needs a known number of input features, got ${fmtShape(x)}`);
    const out = [...x.slice(0, -1), p.units];
    return x.length === 3
      ? ok(out, {
          code: 'per-timestep-output',
          message: `receives a sequence ${fmtShape(x)} and outputs one value per time step ${fmtShape(out)}. If you want one prediction per sequence, turn off "Return sequences" on the layer before it.`,
        })
      : ok(out);
  },
  count: (inputs, p) => {
    const d = last(inputs[0] ?? []) ?? 0;
    const u = p.units;
    return { trainable: d * u + (p.useBias ? u : 0), nonTrainable: 0 };
  },
  summary: (p) => `Dense · ${plural(p.units, 'unit')}${p.activation !== 'linear' ? ` · ${p.activation}` : ''}`,
});
