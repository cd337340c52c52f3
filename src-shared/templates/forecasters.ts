/** CSV forecasters: the last N steps of a time series → the next `horizon` values. GRU, LSTM and SimpleRNN variants. */
import { graphOf, sequential } from '../graph/builder';
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

/**
 * GRU → Dense(outputs), plus a linear skip: the flattened window through one Dense(outputs) (a linear
 * autoregression, as in NLinear/DLinear), added to the GRU's output. The network learns the non-linear
 * rest on top of the linear part it gets for free.
 */
export function gruSkipForecaster(window = 14, features = 1, outputs = 1, units = 64): GraphDocument {
  return graphOf(
    'gru_skip_forecaster',
    [
      { kind: 'Input', label: 'window', params: { shape: [window, features], source: 'dataset' } },
      { kind: 'GRU', label: 'gru', params: { units } },
      { kind: 'Dense', label: 'nonlinear', params: { units: outputs } },
      { kind: 'Flatten', label: 'flat_window', params: {} },
      { kind: 'Dense', label: 'linear_skip', params: { units: outputs } },
      { kind: 'Add', label: 'forecast', params: {} },
    ],
    [
      [0, 1],
      [1, 2],
      [0, 3],
      [3, 4],
      [2, 5, 0],
      [4, 5, 1],
    ],
  );
}

const training = trainingSettings({
  optimizer: 'adam',
  loss: 'mse',
  metrics: ['mae'],
  // Tuned on the seattle-weather sample (next-day temp_max from 14 days). Room to train (60 epochs) with
  // early stopping (patience 10, best weights restored) and the learning rate halved after 4 flat epochs:
  // a run stops when it stops improving instead of at an arbitrary short budget.
  learningRate: 0.003,
  batchSize: 64,
  epochs: 60,
  shuffle: true,
  earlyStopping: { enabled: true, patience: 10 },
  reduceLrOnPlateau: { enabled: true, factor: 0.5, patience: 4 },
  clipNorm: 1,
});
const data = 'A CSV time series: windows of the last 14 steps (shape filled from the prepared data) → the target `horizon` steps ahead (next day by default).';

export const gruForecaster: Template = {
  id: 'gru-forecaster',
  name: 'Time-series forecaster (GRU)',
  description: 'Window of the last 14 steps of a CSV series → GRU(64) → Dense(1): the next value of the target (e.g. tomorrow\'s temp_max); with H forecast steps the head becomes Dense(H).',
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
export const gruSkipForecasterTemplate: Template = {
  id: 'gru-skip-forecaster',
  name: 'Time-series forecaster (GRU + linear skip)',
  description:
    'GRU(64) → Dense(1), added to a linear map of the whole window (Flatten → Dense(1)): the linear autoregression comes for free and the GRU learns the rest. Strong on trending and seasonal series. With H forecast steps both heads become Dense(H).',
  data,
  graph: () => gruSkipForecaster(),
  training,
};
