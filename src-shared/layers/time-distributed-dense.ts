import { defineLayer } from './define';
import { activation, initializer, kernelRegularizer, plainConfig, regularizerConfig, units, useBias } from './params';
import { fail, fmtShape, needRank, ok } from './shape';
import { plural } from '../format/number';

const params = [
  units(1, 'Number of output units at each time step.'),
  activation('linear'),
  useBias(),
  initializer('kernelInitializer', 'Kernel initializer', 'glorotUniform', 'Initializer of the weights.'),
  initializer('biasInitializer', 'Bias initializer', 'zeros', 'Initializer of the bias.'),
  ...kernelRegularizer(),
] as const;

export const timeDistributedDense = defineLayer({
  kind: 'TimeDistributedDense',
  label: 'TimeDistributed(Dense)',
  category: 'wrapper',
  factory: 'timeDistributed',
  kerasClass: 'TimeDistributed',
  help: 'Applies the same Dense layer to every time step: [batch, time, features] → [batch, time, units]. Same parameters as one Dense (features·units + units), shared across steps. Use it for one prediction per time step (sequence labelling, seq2seq decoders).',
  params,
  inputRank: { min: 3, max: 3 },
  infer: (inputs, p) => {
    const bad = needRank(inputs[0], 3, 3, 'TimeDistributed needs a sequence; use a plain Dense on vectors.');
    if (bad) return bad;
    const x = inputs[0]!;
    if (x[2] === null) return fail('unknown-features', `needs a known number of features, got ${fmtShape(x)}`);
    return ok([null, x[1] ?? null, p.units]);
  },
  count: (inputs, p) => {
    const d = inputs[0]?.[2] ?? 0, u = p.units;
    return { trainable: d * u + (p.useBias ? u : 0), nonTrainable: 0 };
  },
  config: (p) => ({ layer: { $layer: { factory: 'dense', kerasClass: 'Dense', config: { ...plainConfig(params, p), ...regularizerConfig(p) } } } }),
  summary: (p) => `TimeDistributed(Dense) · ${plural(p.units, 'unit')}${p.activation !== 'linear' ? ` · ${p.activation}` : ''}`,
});
