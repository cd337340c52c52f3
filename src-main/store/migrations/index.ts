/** The ordered list of migrations. A schema change is one new file plus one line here. */
import type { Migration } from './types';
import { initial } from './001-initial';
import { projectSettings } from './002-project-settings';
import { runOwner } from './003-run-owner';
import { runNote } from './004-run-note';
import { experiments } from './005-experiments';

export const migrations: Migration[] = [initial, projectSettings, runOwner, runNote, experiments];
