import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../api/experiments';
import { bestTrial, savedByPruning, sortTrials } from './trials-table';

const t = (trial: number, units: number, value: number | null, status: TrialRecord['status'] = 'completed'): TrialRecord => ({
  trial,
  point: { 'gru.units': units },
  runId: null,
  status,
  value,
  epochs: 5,
  epochsPlanned: 5,
  seconds: trial,
  curve: [],
  reason: null,
});
const trials = [t(0, 32, 0.5), t(1, 8, null, 'failed'), t(2, 16, 0.2), t(3, 64, 0.9, 'pruned')];

describe('sortTrials', () => {
  it('sorts by metric, best first, failed trials last in both directions', () => {
    expect(sortTrials(trials, 'value', false).map((x) => x.trial)).toEqual([2, 0, 3, 1]);
    expect(sortTrials(trials, 'value', true).map((x) => x.trial)).toEqual([3, 0, 2, 1]);
  });
  it('puts the highest first for a maximised metric', () => {
    expect(sortTrials(trials, 'value', false, false).map((x) => x.trial)).toEqual([3, 0, 2, 1]);
  });
  it('sorts by a dimension of the point, numerically', () => {
    expect(sortTrials(trials, 'dim:gru.units', false).map((x) => x.point['gru.units'])).toEqual([8, 16, 32, 64]);
  });
});

describe('bestTrial and savedByPruning', () => {
  it('picks the best metric by direction, never a failed trial', () => {
    expect(bestTrial(trials, true)!.trial).toBe(2);
    expect(bestTrial(trials, false)!.trial).toBe(3);
    expect(bestTrial([t(0, 8, null, 'failed')], true)).toBeNull();
  });
  it('counts the epochs pruning cut and the seconds at the pruned trial\'s own pace', () => {
    const pruned = { ...t(0, 8, 1, 'pruned'), epochs: 2, epochsPlanned: 10, seconds: 4 };
    expect(savedByPruning([pruned, t(1, 8, 0.5)])).toEqual({ epochs: 8, seconds: 16 });
  });
});
