import { sequential } from '../graph/builder';
import { trainingSettings } from '../train/settings';
import type { Template } from './types';

export const binaryClassifier: Template = {
  id: 'binary-sequence-classifier',
  name: 'Binary sequence classifier (GRU)',
  description: 'GRU(100) → Dense(1, sigmoid) on 100×1 sequences; RMSprop, binary cross-entropy.',
  data: 'Sequences of 100 steps × 1 feature; target: 0 or 1 per sequence.',
  graph: () =>
    sequential('binary_classifier', [
      { kind: 'Input', label: 'sequence', params: { shape: [100, 1] } },
      { kind: 'GRU', label: 'gru', params: { units: 100 } },
      { kind: 'Dense', label: 'probability', params: { units: 1, activation: 'sigmoid' } },
    ]),
  training: trainingSettings({ optimizer: 'rmsprop', loss: 'binaryCrossentropy', metrics: ['accuracy'], batchSize: 128, epochs: 10 }),
};
