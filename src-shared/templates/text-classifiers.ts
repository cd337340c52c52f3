/**
 * Text classifiers: token ids from a text input (DataPrep.text) → Embedding → GRU(s) → Dense. The Input
 * follows the prepared sequence length and the Embedding's vocabulary size follows the prepared
 * vocabulary (graph/data-inputs.ts); the shapes below are placeholders until data is prepared. The Embedding
 * masks id 0 (padding), so the GRUs skip padded steps whichever side the preparation pads.
 */
import { sequential } from '../graph/builder';
import { trainingSettings } from '../train/settings';
import type { Template } from './types';

const training = trainingSettings({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'], batchSize: 32, epochs: 10 });

export const textClassifier: Template = {
  id: 'text-classifier',
  name: 'Text classifier (Embedding → GRU)',
  description: 'Input[token ids] → Embedding(vocabulary, 32, padding masked) → GRU(32) → Dense(1, sigmoid); Adam, binary cross-entropy.',
  data: 'A text column (tokenized into word ids; Data tab: text input) and a binary label; for k classes make the head Dense(k, softmax).',
  graph: () =>
    sequential('text_classifier', [
      { kind: 'Input', label: 'token_ids', params: { shape: [100], source: 'dataset' } },
      { kind: 'Embedding', label: 'embedding', params: { inputDim: 10_000, outputDim: 32, maskZero: true } },
      { kind: 'GRU', label: 'gru', params: { units: 32 } },
      { kind: 'Dense', label: 'probability', params: { units: 1, activation: 'sigmoid' } },
    ]),
  training,
};

export const textBiGru: Template = {
  id: 'text-bigru',
  name: 'Text classifier, bidirectional + stacked GRU',
  description: 'Input[token ids] → Embedding(vocabulary, 32, padding masked) → Bidirectional(GRU(32), sequences) → GRU(32) → Dense(1, sigmoid).',
  data: 'A text column (tokenized into word ids) and a binary label; for k classes make the head Dense(k, softmax).',
  graph: () =>
    sequential('text_bigru', [
      { kind: 'Input', label: 'token_ids', params: { shape: [100], source: 'dataset' } },
      { kind: 'Embedding', label: 'embedding', params: { inputDim: 10_000, outputDim: 32, maskZero: true } },
      { kind: 'Bidirectional', label: 'bi_gru', params: { layer: 'GRU', units: 32, returnSequences: true } },
      { kind: 'GRU', label: 'gru', params: { units: 32 } },
      { kind: 'Dense', label: 'probability', params: { units: 1, activation: 'sigmoid' } },
    ]),
  training,
};
