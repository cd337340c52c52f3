import { defineLayer } from './define';
import { int } from './params';
import { fail, fmtShape, ok } from './shape';
import type { Shape } from './types';

export const concatenate = defineLayer({
  kind: 'Concatenate',
  label: 'Concatenate',
  category: 'merge',
  factory: 'concatenate',
  kerasClass: 'Concatenate',
  help: 'Joins two or more inputs along one axis (the last by default): [batch, 64] and [batch, 32] → [batch, 96]. All other dimensions must agree. The order of the inputs follows their port numbers. No parameters.',
  params: [int('axis', 'Axis', -1, 'Axis to join along (-1 = last).', { min: -8, max: 8 })],
  arity: { min: 2, max: Infinity },
  infer: (inputs, p) => {
    if (inputs.length < 2) return fail('too-few-inputs', 'needs at least two inputs');
    const rank = inputs[0]!.length;
    if (inputs.some((x) => x.length !== rank))
      return fail('shape-mismatch', `inputs have different ranks (${inputs.map(fmtShape).join(', ')}). Make them all sequences or all vectors.`);
    const axis = p.axis;
    const a = axis < 0 ? rank + axis : axis;
    if (a <= 0 || a >= rank) return fail('bad-axis', `axis ${axis} does not exist on inputs of rank ${rank}`);
    const out: Shape = [...inputs[0]!];
    let sum: number | null = 0;
    for (const x of inputs) {
      for (let i = 1; i < rank; i++) {
        if (i === a) continue;
        if (x[i] !== out[i] && x[i] !== null && out[i] !== null)
          return fail('shape-mismatch', `inputs disagree outside axis ${axis}: ${inputs.map(fmtShape).join(' vs ')}. All dimensions except the joined one must match.`);
      }
      const d = x[a];
      sum = sum === null || d === null || d === undefined ? null : sum + d;
    }
    out[a] = sum;
    return ok(out);
  },
  summary: (p) => `Concatenate · axis ${p.axis}`,
});
