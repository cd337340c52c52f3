import { defineLayer } from './define';
import { bool, int, num } from './params';
import { fail, fmtShape, needRank, ok } from './shape';
import type { ParamsOf, Shape } from './types';

/** Size of the normalized axis, or an error message. */
export function axisSize(x: Shape, axis: number): number | string {
  const i = axis < 0 ? x.length + axis : axis;
  if (i <= 0 || i >= x.length) return `axis ${axis} does not exist on ${fmtShape(x)} (the batch axis cannot be normalized)`;
  const d = x[i];
  return d === null || d === undefined ? `the size of axis ${axis} is unknown in ${fmtShape(x)}` : d;
}

export const normParams = (momentum: boolean) =>
  [
  int('axis', 'Axis', -1, 'The features axis to normalize (-1 = last).', { min: -8, max: 8 }),
  ...(momentum ? [num('momentum', 'Momentum', 0.99, 'Momentum of the moving mean and variance.', { min: 0, max: 1, step: 0.01 })] : []),
  num('epsilon', 'Epsilon', 0.001, 'Small number added to the variance to avoid dividing by zero.', { min: 0, max: 1, minExclusive: true, step: 0.0001 }),
  bool('center', 'Center', true, 'Learn an offset (beta).'),
  bool('scale', 'Scale', true, 'Learn a scale (gamma).'),
  ] as const;
/** What normInfer/axisSize need; momentum only on BatchNorm. */
type NormParams = ParamsOf<ReturnType<typeof normParams>>;

export function normInfer(inputs: Shape[], p: NormParams) {
  const bad = needRank(inputs[0], 2, 8, '');
  if (bad) return bad;
  const f = axisSize(inputs[0]!, p.axis);
  return typeof f === 'string' ? fail('bad-axis', f) : ok([...inputs[0]!]);
}

export const batchNorm = defineLayer({
  kind: 'BatchNorm',
  label: 'BatchNorm',
  category: 'normalization',
  factory: 'batchNormalization',
  kerasClass: 'BatchNormalization',
  help:
    'Batch normalization: normalizes each feature with the batch mean and variance during training and a moving average at ' +
    'prediction time, then scales (gamma) and shifts (beta). On a sequence [batch, time, features] it normalizes the last ' +
    'axis. 4·features parameters, 2·features of them non-trainable (moving mean and variance). Often placed after recurrent layers.',
  params: normParams(true),
  infer: normInfer,
  count: (inputs, p) => {
    const f = axisSize(inputs[0] ?? [], p.axis);
    if (typeof f === 'string') return { trainable: 0, nonTrainable: 0 };
    return { trainable: (p.center ? f : 0) + (p.scale ? f : 0), nonTrainable: 2 * f };
  },
  summary: (p) => `BatchNorm · axis ${p.axis}`,
});
