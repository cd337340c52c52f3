import type { Migration } from './types';

/** Projects, datasets, runs, metrics and artifacts: the tables every later feature extends. */
export const initial: Migration = {
  version: 1,
  name: 'initial tables',
  sql: `
    CREATE TABLE projects (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      document    TEXT,             -- graph document JSON (src-shared/graph)
      view        TEXT,             -- editor view JSON: viewport, selection
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    );
    CREATE INDEX projects_updated ON projects(updated_at DESC);

    CREATE TABLE datasets (
      id          TEXT PRIMARY KEY,
      project_id  TEXT REFERENCES projects(id) ON DELETE SET NULL,
      name        TEXT NOT NULL,
      source_name TEXT,
      source_size INTEGER,
      source_hash TEXT,
      row_count   INTEGER NOT NULL DEFAULT 0,
      profile     TEXT,             -- JSON profile of the columns
      created_at  TEXT NOT NULL
    );
    CREATE TABLE dataset_columns (
      dataset_id  TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      position    INTEGER NOT NULL,
      name        TEXT NOT NULL,
      meta        TEXT NOT NULL,    -- JSON: type, encoding, categories
      data        BLOB NOT NULL,    -- compact typed encoding
      PRIMARY KEY (dataset_id, position)
    );

    CREATE TABLE runs (
      id          TEXT PRIMARY KEY,
      project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name        TEXT,
      status      TEXT NOT NULL CHECK (status IN ('running','completed','stopped','failed','interrupted')),
      reason      TEXT,
      graph       TEXT NOT NULL,    -- snapshot of the graph document
      data_prep   TEXT,             -- snapshot of the data preparation
      settings    TEXT NOT NULL,    -- snapshot of the training settings
      backend     TEXT,
      device      TEXT,
      started_at  TEXT NOT NULL,
      ended_at    TEXT
    );
    CREATE INDEX runs_project ON runs(project_id, started_at DESC);

    CREATE TABLE metrics (
      run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch       INTEGER NOT NULL,
      batch       INTEGER,          -- NULL for an end-of-epoch row
      name        TEXT NOT NULL,    -- e.g. loss, val_loss, mae
      value       REAL NOT NULL,
      t_ms        REAL NOT NULL     -- milliseconds since the run started
    );
    CREATE INDEX metrics_run ON metrics(run_id, name, epoch);

    CREATE TABLE artifacts (
      id          TEXT PRIMARY KEY,
      run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      kind        TEXT NOT NULL,    -- e.g. weights-final, weights-best, evaluation
      meta        TEXT,
      data        BLOB,
      created_at  TEXT NOT NULL
    );
    CREATE INDEX artifacts_run ON artifacts(run_id, kind);

    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `,
};
