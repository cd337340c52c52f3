import { describe, expect, it } from 'vitest';
import type { RunTableRow } from '../api/run-analysis';
import { filterRuns, runLabel, sortRuns } from './table';

const row = (o: Partial<RunTableRow> & { number: number }): RunTableRow => ({
  id: `id${o.number}`,
  name: null,
  note: null,
  status: 'completed',
  reason: null,
  startedAt: `2026-01-0${o.number}T00:00:00Z`,
  endedAt: null,
  durationMs: 1000 * o.number,
  backend: 'cpu',
  model: 'GRU → Dense',
  params: 100,
  settings: { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 10, loss: 'mse' },
  epochs: 10,
  best: null,
  test: null,
  evaluated: false,
  ...o,
});

const rows = [
  row({ number: 1, best: { name: 'val_loss', value: 0.5, epoch: 3 }, test: { name: 'mae', value: 2, baseline: 3 } }),
  row({ number: 2, name: 'LSTM try', model: 'LSTM → Dense', note: 'wider', status: 'failed' }),
  row({ number: 3, best: { name: 'val_loss', value: 0.2, epoch: 9 }, test: { name: 'mae', value: 1, baseline: 3 }, settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 8, epochs: 5, loss: 'mse' } }),
];

describe('runs table logic', () => {
  it('labels: name or "Run N"', () => {
    expect(rows.map(runLabel)).toEqual(['Run 1', 'LSTM try', 'Run 3']);
  });

  it('filters by words across name, note, model and settings, and by status', () => {
    expect(filterRuns(rows, 'lstm', 'all').map((r) => r.number)).toEqual([2]);
    expect(filterRuns(rows, 'WIDER', 'all').map((r) => r.number)).toEqual([2]);
    expect(filterRuns(rows, 'sgd gru', 'all').map((r) => r.number)).toEqual([3]);
    expect(filterRuns(rows, '', 'completed').map((r) => r.number)).toEqual([1, 3]);
    expect(filterRuns(rows, 'lstm', 'completed')).toEqual([]);
  });

  it('sorts either way with missing values last', () => {
    expect(sortRuns(rows, 'best', false).map((r) => r.number)).toEqual([3, 1, 2]);
    expect(sortRuns(rows, 'best', true).map((r) => r.number)).toEqual([1, 3, 2]);
    expect(sortRuns(rows, 'started', true).map((r) => r.number)).toEqual([3, 2, 1]);
    expect(sortRuns(rows, 'name', false).map((r) => r.number)).toEqual([2, 1, 3]);
    expect(sortRuns(rows, 'lr', true).map((r) => r.number)).toEqual([3, 1, 2]);
  });

  it('test metric: accuracy sorts best-first ascending like errors do', () => {
    const acc = [row({ number: 1, test: { name: 'accuracy', value: 0.7, baseline: 0.5 } }), row({ number: 2, test: { name: 'accuracy', value: 0.9, baseline: 0.5 } })];
    expect(sortRuns(acc, 'test', false).map((r) => r.number)).toEqual([2, 1]);
  });
});
