import { axisSize, normInfer, normParams } from './batch-norm';
import { defineLayer } from './define';

export const layerNorm = defineLayer({
  kind: 'LayerNorm',
  label: 'LayerNorm',
  category: 'normalization',
  factory: 'layerNormalization',
  kerasClass: 'LayerNormalization',
  help: 'Layer normalization: normalizes each sample over its features (no batch statistics, so it behaves the same in training and prediction), then scales and shifts. 2·features parameters, all trainable.',
  params: normParams(false),
  infer: normInfer,
  count: (inputs, p) => {
    const f = axisSize(inputs[0] ?? [], p.axis);
    if (typeof f === 'string') return { trainable: 0, nonTrainable: 0 };
    return { trainable: (p.center ? f : 0) + (p.scale ? f : 0), nonTrainable: 0 };
  },
  summary: (p) => `LayerNorm · axis ${p.axis}`,
});
