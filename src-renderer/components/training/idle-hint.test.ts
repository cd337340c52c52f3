import { describe, expect, it } from 'vitest';
import { idleHint } from './idle-hint';

describe('Training tab hint', () => {
  it('asks for data only while no data is prepared', () => {
    expect(idleHint('No data is prepared: choose a dataset and a target column in the Data tab.')).toMatch(/^Set up the data/);
  });
  it('says the run can start once the data is ready (no stale "set up the data")', () => {
    const h = idleHint(null);
    expect(h).toMatch(/ready: press Start training/);
    expect(h).not.toMatch(/Set up the data/);
  });
  it('points to the refusal when something else blocks Start', () => {
    expect(idleHint('The graph has 1 error; fix it in the canvas before training.')).toMatch(/^Fix what is noted/);
  });
});
