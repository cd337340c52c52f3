/** Projects: a named container for one graph document, its data preparation and its runs. */
import { z } from 'zod';
import { method } from './define';
import { id, name, noArgs } from './common';
import { safeParseDocument } from '../graph/document';
import { dataPrepSchema, type DataPrep } from '../data/spec';
import { trainingSettingsSchema, type TrainingSettings } from '../train/settings';

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
  /** Data preparation (src-shared/data/spec.ts), or null before a dataset is chosen. */
  dataPrep: DataPrep | null;
  /** Training settings (src-shared/train/settings.ts), complete with defaults. */
  training: TrainingSettings;
  /** Set when a stored part of the project could not be read (it is opened as absent): what and why. */
  damaged?: string;
}

/** Upper bound on a serialized document sent through the API (bytes of JSON). */
export const MAX_DOCUMENT_CHARS = 8_000_000;

/** A graph document argument: older versions are migrated, invalid ones refused with the reason. */
const graphDocument = z.unknown().transform((value, ctx) => {
  const r = safeParseDocument(value);
  if (r.ok) return r.doc;
  ctx.addIssue({ code: 'custom', message: r.error.message });
  return z.NEVER;
});

export const projectMethods = {
  'projects.list': method<ProjectSummary[]>()(noArgs, 'List projects, most recently updated first'),
  'projects.get': method<Project>()(z.object({ id }).strict(), 'Open a project with its document'),
  'projects.create': method<Project>()(
    z
      .object({
        name,
        document: graphDocument.optional(),
        dataPrep: dataPrepSchema.optional(),
        training: trainingSettingsSchema.optional(),
      })
      .strict(),
    'Create a project (optionally from a template or an imported file)',
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
        document: graphDocument.optional(),
        view: z.unknown().optional(),
        dataPrep: dataPrepSchema.nullable().optional(),
        training: trainingSettingsSchema.optional(),
      })
      .strict(),
    "Save any of a project's document, editor view, data preparation and training settings",
  ),
} as const;
