/** Shared by GlobalAveragePooling1D and GlobalMaxPooling1D. */
import { needRank, ok } from './shape';
import type { Shape } from './types';

export const poolingInfer = (inputs: Shape[]) =>
  needRank(inputs[0], 3, 3, 'Pooling over time needs a sequence; turn on "Return sequences" on the recurrent layer before it.') ??
  ok([null, inputs[0]![2] ?? null]);
