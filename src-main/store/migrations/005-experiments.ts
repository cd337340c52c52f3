import type { Migration } from './types';

/**
 * Experiments (sweeps): the spec, and one row per finished trial with its point, the run that trained
 * it (an ordinary run; SET NULL if the run is deleted), its status, metric, epochs, seconds and the
 * metric curve the pruning rule compares against. A trial row is written when the trial ends, so a
 * crash loses at most the trial in flight and resuming continues at the next trial index.
 */
export const experiments: Migration = {
  version: 5,
  name: 'experiments',
  sql: `
    CREATE TABLE experiments (
      id          TEXT PRIMARY KEY,
      project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name        TEXT NOT NULL,
      spec        TEXT NOT NULL,    -- JSON: the experiment spec as validated
      status      TEXT NOT NULL CHECK (status IN ('running','finished','stopped')),
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    );
    CREATE INDEX experiments_project ON experiments(project_id, created_at DESC);
    CREATE TABLE experiment_trials (
      experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      trial         INTEGER NOT NULL,  -- 0-based index in the strategy's order
      point         TEXT NOT NULL,     -- JSON: dimension key → value
      run_id        TEXT REFERENCES runs(id) ON DELETE SET NULL,
      status        TEXT NOT NULL CHECK (status IN ('completed','pruned','failed')),
      value         REAL,
      epochs        INTEGER NOT NULL DEFAULT 0,
      epochs_planned INTEGER NOT NULL DEFAULT 0,
      seconds       REAL NOT NULL DEFAULT 0,
      curve         TEXT NOT NULL DEFAULT '[]', -- JSON: the metric after each epoch
      reason        TEXT,
      PRIMARY KEY (experiment_id, trial)
    );
    CREATE INDEX experiment_trials_run ON experiment_trials(run_id);
  `,
};
