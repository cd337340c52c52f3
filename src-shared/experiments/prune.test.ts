import { describe, expect, it } from 'vitest';
import { pruneDecision } from './prune';

const median = { rule: 'median', warmupEpochs: 1, minTrials: 2 } as const;
const others = [
  [1.0, 0.6, 0.4, 0.3],
  [0.9, 0.5, 0.35, 0.3],
  [1.1, 0.7, 0.5, 0.45],
];

describe('median pruning', () => {
  it('stops a trial whose best so far is worse than the median of the others at that epoch', () => {
    const d = pruneDecision(median, [3.0, 2.9], others);
    expect(d.stop).toBe(true);
    expect(d.reason).toMatch(/^pruned at epoch 2: best so far 2\.900 is worse than the median 0\.6000 of 3 other trials/);
  });
  it('lets a trial at or better than the median continue', () => {
    expect(pruneDecision(median, [1.0, 0.55], others).stop).toBe(false);
    expect(pruneDecision(median, [1.0, 0.6], others).stop).toBe(false);
  });
  it('waits for the warm-up epochs and for enough other trials to have reached the epoch', () => {
    expect(pruneDecision({ ...median, warmupEpochs: 3 }, [3.0, 2.9], others).stop).toBe(false);
    expect(pruneDecision(median, [3, 3, 3, 3, 3], others).stop).toBe(false); // nobody reached epoch 5
    expect(pruneDecision({ ...median, minTrials: 4 }, [3.0, 2.9], others).stop).toBe(false);
  });
  it('stops a diverged trial at once, even without a rule', () => {
    expect(pruneDecision({ rule: 'none' }, [2, NaN], []).stop).toBe(true);
    expect(pruneDecision({ rule: 'none' }, [3.0, 2.9], others).stop).toBe(false);
  });
  it('compares the other way when the metric is maximised', () => {
    const acc = [
      [0.5, 0.7],
      [0.6, 0.8],
    ];
    expect(pruneDecision(median, [0.2, 0.3], acc, false).stop).toBe(true);
    expect(pruneDecision(median, [0.7, 0.9], acc, false).stop).toBe(false);
  });
});
