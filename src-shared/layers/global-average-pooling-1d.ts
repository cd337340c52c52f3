import { defineLayer } from './define';
import { poolingInfer } from './global-pooling';

export const globalAveragePooling1d = defineLayer({
  kind: 'GlobalAveragePooling1D',
  label: 'Global Avg Pool 1D',
  category: 'pooling',
  factory: 'globalAveragePooling1d',
  kerasClass: 'GlobalAveragePooling1D',
  help: 'Averages a sequence over time: [batch, time, features] → [batch, features]. No parameters. A smooth alternative to keeping only the last recurrent state.',
  params: [],
  inputRank: { min: 3, max: 3 },
  infer: poolingInfer,
  summary: () => 'Global average pooling over time',
});
