import type { Migration } from './types';

/** Runs get a free-text note (the Runs tab: "why did I try this?"). */
export const runNote: Migration = {
  version: 4,
  name: 'run note',
  sql: `ALTER TABLE runs ADD COLUMN note TEXT;`,
};
