/** Stacked GRU + BatchNorm + Dropout classifier, per-step and per-sequence variants. */
import { sequential } from '../graph/builder';
import type { GraphDocument } from '../graph/document';
import { trainingSettings } from '../train/settings';
import type { Template } from './types';

export function stackedGru(perStep: boolean, inputShape: [number, number] = [30, 6], classes = 5): GraphDocument {
  return sequential(perStep ? 'stacked_gru_per_step' : 'stacked_gru_per_sequence', [
    { kind: 'Input', label: 'sequence', params: { shape: inputShape } },
    { kind: 'GRU', label: 'gru_1', params: { units: 128, returnSequences: true } },
    { kind: 'BatchNorm', label: 'batch_norm_1' },
    { kind: 'Dropout', label: 'dropout_1', params: { rate: 0.5 } },
    { kind: 'GRU', label: 'gru_2', params: { units: 128, returnSequences: perStep } },
    { kind: 'BatchNorm', label: 'batch_norm_2' },
    { kind: 'Dropout', label: 'dropout_2', params: { rate: 0.5 } },
    { kind: 'Dense', label: 'classes', params: { units: classes, activation: 'softmax' } },
  ]);
}

const training = trainingSettings({
  optimizer: 'adam',
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  batchSize: 64,
  epochs: 10,
  validationSplit: 0.2,
});

export const stackedGruPerStep: Template = {
  id: 'stacked-gru-per-step',
  name: 'Stacked GRU classifier, per time step',
  description: 'GRU(128)→BatchNorm→Dropout ×2 → Dense(5, softmax), labels every time step; 152,197 params on [30, 6].',
  data: 'Sequences of 30 steps × 6 features; a class (of 5) for every time step.',
  graph: () => stackedGru(true),
  training,
};

export const stackedGruPerSequence: Template = {
  id: 'stacked-gru-per-sequence',
  name: 'Stacked GRU classifier, per sequence',
  description: 'Same stack, but the second GRU returns only its last state: one class (of 5) per sequence.',
  data: 'Sequences of 30 steps × 6 features; one class (of 5) per sequence.',
  graph: () => stackedGru(false),
  training,
};
