/** CSV forecasters: the last N steps of a time series → the next `horizon` values. GRU, LSTM and SimpleRNN variants. */
import { sequential } from '../graph/builder';
import type { GraphDocument } from '../graph/document';
import { trainingSettings } from '../train/settings';
import type { Template } from './types';

export function forecaster(kind: 'GRU' | 'LSTM' | 'SimpleRNN', window = 14, features = 1, outputs = 1): GraphDocument {
  const label = kind === 'SimpleRNN' ? 'rnn' : kind.toLowerCase();
  return sequential(`${label}_forecaster`, [
    { kind: 'Input', label: 'window', params: { shape: [window, features], source: 'dataset' } },
    { kind, label, params: { units: 64 } },
    { kind: 'Dense', label: 'forecast', params: { units: outputs } },
  ]);
}

const training = trainingSettings({
  optimizer: 'adam',
  loss: 'mse',
  metrics: ['mae'],
  // Tuned on the seattle-weather sample (next-day temp_max from 14 days): beats persistence on test MAE in
  // about 12 epochs, a few seconds each with tfjs wasm.
  learningRate: 0.003,
  batchSize: 64,
  epochs: 12,
  shuffle: true,
  earlyStopping: { enabled: true, patience: 5 },
  clipNorm: 1,
});
const data = 'A CSV time series: windows of the last 14 steps (shape filled from the prepared data) → the target `horizon` steps ahead (next day by default).';

export const gruForecaster: Template = {
  id: 'gru-forecaster',
  name: 'Time-series forecaster (GRU)',
  description: 'Window of the last 14 steps of a CSV series → GRU(64) → Dense(1): the next value of the target (e.g. tomorrow\'s temp_max).',
  data,
  graph: () => forecaster('GRU'),
  training,
};
export const lstmForecaster: Template = {
  id: 'lstm-forecaster',
  name: 'Time-series forecaster (LSTM)',
  description: 'The GRU forecaster with an LSTM(64) instead, to compare (a third more parameters).',
  data,
  graph: () => forecaster('LSTM'),
  training,
};
export const simpleRnnForecaster: Template = {
  id: 'simple-rnn-forecaster',
  name: 'Time-series forecaster (SimpleRNN)',
  description: 'The GRU forecaster with a plain SimpleRNN(64): the baseline for the comparison.',
  data,
  graph: () => forecaster('SimpleRNN'),
  training,
};
