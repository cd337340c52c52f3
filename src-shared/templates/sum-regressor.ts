import { sequential } from '../graph/builder';
import { trainingSettings } from '../train/settings';
import type { Template } from './types';

export const sumRegressor: Template = {
  id: 'sum-regressor',
  name: 'Sum regressor (GRU)',
  description: 'GRU(64) → Dense(1) on 10×5 sequences; learns a sum of the inputs. The hello world of sequence regression.',
  data: 'Sequences of 10 steps × 5 features; target: one number per sequence.',
  graph: () =>
    sequential('sum_regressor', [
      { kind: 'Input', label: 'sequence', params: { shape: [10, 5] } },
      { kind: 'GRU', label: 'gru', params: { units: 64 } },
      { kind: 'Dense', label: 'sum', params: { units: 1 } },
    ]),
  training: trainingSettings({ optimizer: 'adam', loss: 'mse', metrics: ['mae'], batchSize: 32, epochs: 10 }),
};
