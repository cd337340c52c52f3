/** CSV forecasters: the last N steps of a time series → the next `horizon` values. GRU, LSTM and SimpleRNN variants. */
import { sequential } from '../graph/builder';
import type { GraphDocument } from '../graph/document';
import { trainingSettings } from '../train/settings';
import type { Template } from './types';

export function forecaster(kind: 'GRU' | 'LSTM' | 'SimpleRNN', window = 24, features = 1, horizon = 6): GraphDocument {
  const label = kind === 'SimpleRNN' ? 'rnn' : kind.toLowerCase();
  return sequential(`${label}_forecaster`, [
    { kind: 'Input', label: 'window', params: { shape: [window, features], source: 'dataset' } },
    { kind, label, params: { units: 64 } },
    { kind: 'Dense', label: 'forecast', params: { units: horizon } },
  ]);
}

const training = trainingSettings({
  optimizer: 'adam',
  loss: 'mse',
  metrics: ['mae'],
  batchSize: 32,
  epochs: 20,
  shuffle: true,
  earlyStopping: { enabled: true, patience: 5 },
  clipNorm: 1,
});
const data = 'A CSV time series: windows of the last 24 steps (shape filled from the prepared data) → the next 6 values.';

export const gruForecaster: Template = {
  id: 'gru-forecaster',
  name: 'Time-series forecaster (GRU)',
  description: 'Window of the last 24 steps of a CSV series → GRU(64) → Dense(6): the next 6 values.',
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
