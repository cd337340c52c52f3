import { defineLayer } from './define';
import { activation, choice, initializer, int, kernelRegularizer, useBias } from './params';
import { fail, fmtShape, last, needRank, ok } from './shape';

export const conv1d = defineLayer({
  kind: 'Conv1D',
  label: 'Conv1D',
  category: 'convolution',
  factory: 'conv1d',
  kerasClass: 'Conv1D',
  help:
    '1-D convolution over time: slides `filters` learned windows of `kernelSize` steps along the sequence. ' +
    'kernelSize·features·filters + filters parameters. Padding "valid" shortens the sequence by kernelSize − 1, "same" keeps ' +
    'its length, "causal" keeps it and never looks ahead (good for forecasting).',
  params: [
    int('filters', 'Filters', 32, 'Number of output channels.', { min: 1, max: 4096 }),
    int('kernelSize', 'Kernel size', 3, 'Window length in time steps.', { min: 1, max: 1024 }),
    int('strides', 'Strides', 1, 'Step between windows.', { min: 1, max: 1024 }),
    choice('padding', 'Padding', ['valid', 'same'], 'valid', 'valid: no padding (shorter output); same: zero-pad to keep the length.'),
    activation('linear'),
    useBias(),
    initializer('kernelInitializer', 'Kernel initializer', 'glorotUniform', 'Initializer of the weights.'),
    initializer('biasInitializer', 'Bias initializer', 'zeros', 'Initializer of the bias.'),
    ...kernelRegularizer(),
  ],
  inputRank: { min: 3, max: 3 },
  infer: (inputs, p) => {
    const bad = needRank(inputs[0], 3, 3, 'Conv1D needs a sequence [batch, time, features].');
    if (bad) return bad;
    const x = inputs[0]!;
    if (last(x) === null) return fail('unknown-features', `needs a known number of features, got ${fmtShape(x)}`);
    const t = x[1] ?? null, k = p.kernelSize, st = p.strides;
    let len: number | null = null;
    if (t !== null) {
      if (p.padding === 'valid') {
        if (t < k) return fail('shape-mismatch', `has kernel size ${k} but the sequence has only ${t} steps. Use a smaller kernel or padding "same".`);
        len = Math.floor((t - k) / st) + 1;
      } else len = Math.ceil(t / st);
    }
    return ok([null, len, p.filters]);
  },
  count: (inputs, p) => {
    const d = last(inputs[0] ?? []) ?? 0, f = p.filters;
    return { trainable: p.kernelSize * d * f + (p.useBias ? f : 0), nonTrainable: 0 };
  },
  summary: (p) => `Conv1D · ${p.filters} filters · kernel ${p.kernelSize}${p.strides > 1 ? ` · stride ${p.strides}` : ''} · ${p.padding}`,
});
