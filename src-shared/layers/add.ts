import { defineLayer } from './define';
import { fail, fmtShape, ok } from './shape';

export const add = defineLayer({
  kind: 'Add',
  label: 'Add',
  category: 'merge',
  factory: 'add',
  kerasClass: 'Add',
  help: 'Adds two or more inputs of the same shape element-wise (e.g. a residual connection). No parameters.',
  params: [],
  arity: { min: 2, max: Infinity },
  infer: (inputs) => {
    if (inputs.length < 2) return fail('too-few-inputs', 'needs at least two inputs');
    const first = fmtShape(inputs[0]);
    if (inputs.some((x) => fmtShape(x) !== first))
      return fail('shape-mismatch', `inputs must have the same shape, got ${inputs.map(fmtShape).join(' and ')}. Add a Dense layer to match the sizes.`);
    return ok([...inputs[0]!]);
  },
  summary: () => 'Add',
});
