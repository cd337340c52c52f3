import type { Migration } from './types';

/** A project's data preparation and training settings live beside its graph document. */
export const projectSettings: Migration = {
  version: 2,
  name: 'project data preparation and training settings',
  sql: `
    ALTER TABLE projects ADD COLUMN data_prep TEXT;   -- JSON, src-shared/data/spec.ts
    ALTER TABLE projects ADD COLUMN training TEXT;    -- JSON, src-shared/train/settings.ts
  `,
};
