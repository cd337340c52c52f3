import { defineLayer, NO_PARAMS } from './define';
import { choice, shape } from './params';
import { fmtShape, ok } from './shape';

export const input = defineLayer({
  kind: 'Input',
  label: 'Input',
  category: 'input',
  factory: 'input',
  kerasClass: 'Input',
  isInput: true,
  arity: { min: 0, max: 0 },
  help:
    'Where data enters the model. A sequence input has shape [timesteps, features] (e.g. a 30-step window of 6 sensor ' +
    'readings); a vector input has shape [features] (one row of a table, or token ids for an Embedding). The batch ' +
    'dimension is implicit. With source "dataset" the shape is filled in from the prepared data.',
  params: [
    shape('shape', 'Shape', [30, 6], 'Shape of one sample without the batch: [timesteps, features] or [features].', { shapeLength: { min: 1, max: 3 } }),
    choice('source', 'Source', ['manual', 'dataset'], 'manual', 'Manual: the shape typed here. Dataset: filled in from the prepared data.', { configKey: false }),
  ],
  infer: (_inputs, p) => ok([null, ...p.shape]),
  count: () => NO_PARAMS,
  summary: (p) => `Input · ${fmtShape(p.shape)}${p.source === 'dataset' ? ' · from dataset' : ''}`,
});
