import { defineLayer } from './define';
import { shape } from './params';
import { fail, fmtShape, ok, product } from './shape';
import type { Shape } from './types';

export const reshape = defineLayer({
  kind: 'Reshape',
  label: 'Reshape',
  category: 'reshape',
  factory: 'reshape',
  kerasClass: 'Reshape',
  help: 'Gives the data a new shape with the same number of values (batch not included), e.g. [60] → [10, 6]. One dimension may be -1 to be computed at run time (its size then shows as null, as in tfjs). No parameters.',
  params: [
    shape('targetShape', 'Target shape', [-1, 1], 'New shape without the batch, e.g. [10, 6]; one entry may be -1.', { shapeLength: { min: 1, max: 4 }, allowMinusOne: true }),
  ],
  inputRank: { min: 2, max: 8 },
  infer: (inputs, p) => {
    const x = inputs[0];
    if (!x) return fail('missing-input', 'has no input');
    const target = p.targetShape;
    const total = product(x);
    const known = target.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
    const out: Shape = [null, ...target];
    const mi = target.indexOf(-1);
    if (total === null) return mi >= 0 ? ok(out.map((d) => (d === -1 ? null : d))) : ok(out);
    if (mi >= 0) {
      if (total % known !== 0) return fail('shape-mismatch', `cannot reshape ${fmtShape(x)} (${total} values) into ${fmtShape(target)}: ${total} is not divisible by ${known}.`);
      // tfjs leaves the -1 dimension unknown in the static shape (the batch is unknown); so do we.
      out[mi + 1] = null;
    } else if (known !== total) {
      return fail('shape-mismatch', `cannot reshape ${fmtShape(x)} (${total} values) into ${fmtShape(target)} (${known} values). The products must be equal.`);
    }
    return ok(out);
  },
  summary: (p) => `Reshape → ${fmtShape(p.targetShape)}`,
});
