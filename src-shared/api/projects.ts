/** Projects: a named container for one graph document, its data preparation and its runs. */
import { z } from 'zod';
import { method } from './define';
import { id, name, noArgs } from './common';

export interface ProjectSummary {
  id: string;
  name: string;
  createdAt: string; // ISO 8601
  updatedAt: string;
}

export interface Project extends ProjectSummary {
  /** The graph document (see src-shared/graph), or null for a project never edited. */
  document: unknown;
  /** Editor state (viewport, selection) restored when the project is reopened. */
  view: unknown;
}

/** Upper bound on a serialized document sent through the API (bytes of JSON). */
export const MAX_DOCUMENT_CHARS = 8_000_000;

export const projectMethods = {
  'projects.list': method<ProjectSummary[]>()(noArgs, 'List projects, most recently updated first'),
  'projects.get': method<Project>()(z.object({ id }).strict(), 'Open a project with its document'),
  'projects.create': method<Project>()(
    z
      .object({ name, document: z.unknown().optional(), template: z.string().max(100).optional() })
      .strict(),
    'Create a project',
  ),
  'projects.rename': method<ProjectSummary>()(z.object({ id, name }).strict(), 'Rename a project'),
  'projects.delete': method<{ deleted: true }>()(
    z.object({ id }).strict(),
    'Delete a project with its runs and metrics',
  ),
  'projects.save': method<ProjectSummary>()(
    z
      .object({
        id,
        document: z.unknown().optional(),
        view: z.unknown().optional(),
      })
      .strict(),
    "Save a project's document and/or editor view",
  ),
} as const;
