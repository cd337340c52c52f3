import type { Migration } from './types';

/**
 * Runs record which process writes them (so a run left 'running' by a dead process can be marked
 * 'interrupted' without touching a run another live process — the CLI beside the app — is writing),
 * when they last wrote, and their result summary (epochs run, test metrics vs the baseline).
 */
export const runOwner: Migration = {
  version: 3,
  name: 'run owner, heartbeat and summary',
  sql: `
    ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
    ALTER TABLE runs ADD COLUMN owner_host TEXT;
    ALTER TABLE runs ADD COLUMN updated_at TEXT;
    ALTER TABLE runs ADD COLUMN summary TEXT;      -- JSON: epochs run, best epoch, final logs, test evaluation
    CREATE INDEX runs_status ON runs(status);
  `,
};
