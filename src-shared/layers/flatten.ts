import { defineLayer } from './define';
import { fail, fmtShape, needRank, ok, product } from './shape';

export const flatten = defineLayer({
  kind: 'Flatten',
  label: 'Flatten',
  category: 'reshape',
  factory: 'flatten',
  kerasClass: 'Flatten',
  help: 'Flattens everything but the batch into one vector: [batch, time, features] → [batch, time·features]. No parameters. Needs a known number of time steps.',
  params: [],
  inputRank: { min: 3, max: 8 },
  infer: (inputs) => {
    const bad = needRank(inputs[0], 3, 8, 'Its input is already flat; remove the Flatten.');
    if (bad) return bad;
    const p = product(inputs[0]!);
    return p === null ? fail('unknown-features', `cannot flatten ${fmtShape(inputs[0])}: every dimension must be known`) : ok([null, p]);
  },
  summary: () => 'Flatten',
});
