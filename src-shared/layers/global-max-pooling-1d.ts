import { defineLayer } from './define';
import { poolingInfer } from './global-pooling';

export const globalMaxPooling1d = defineLayer({
  kind: 'GlobalMaxPooling1D',
  label: 'Global Max Pool 1D',
  category: 'pooling',
  factory: 'globalMaxPooling1d',
  kerasClass: 'GlobalMaxPooling1D',
  help: 'Takes the maximum of each feature over time: [batch, time, features] → [batch, features]. No parameters.',
  params: [],
  inputRank: { min: 3, max: 3 },
  infer: poolingInfer,
  summary: () => 'Global max pooling over time',
});
