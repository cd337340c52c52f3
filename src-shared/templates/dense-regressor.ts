import { sequential } from '../graph/builder';
import { trainingSettings } from '../train/settings';
import type { Template } from './types';

export const denseRegressor: Template = {
  id: 'dense-regressor',
  name: 'Tabular regressor (Dense)',
  description: 'Dense(64, relu) → Dropout → Dense(32, relu) → Dense(1) on rows of 8 numeric columns.',
  data: 'A table: 8 numeric feature columns (shape filled from the prepared data) and one numeric target.',
  graph: () =>
    sequential('dense_regressor', [
      { kind: 'Input', label: 'features', params: { shape: [8], source: 'dataset' } },
      { kind: 'Dense', label: 'hidden_1', params: { units: 64, activation: 'relu' } },
      { kind: 'Dropout', label: 'dropout', params: { rate: 0.1 } },
      { kind: 'Dense', label: 'hidden_2', params: { units: 32, activation: 'relu' } },
      { kind: 'Dense', label: 'target', params: { units: 1 } },
    ]),
  training: trainingSettings({ optimizer: 'adam', loss: 'mse', metrics: ['mae'], batchSize: 32, epochs: 50, earlyStopping: { enabled: true } }),
};
