/**
 * Export: a trained run as a tfjs model, a generated TypeScript module and/or a Keras script (files
 * returned as bytes; the UI zips them, the CLI writes them), and whole projects as `.loom.json` files.
 */
import { z } from 'zod';
import { method } from './define';
import { id, name } from './common';
import type { Project } from './projects';

export const EXPORT_FORMAT_CHOICES = ['tfjs', 'ts', 'keras', 'all'] as const;
export type ExportFormatChoice = (typeof EXPORT_FORMAT_CHOICES)[number];

/** A run that has weights to export. */
export interface ExportableRun {
  id: string;
  /** The run's number in its project, as the runs table shows it ("Run 3"): the oldest run is 1. */
  number: number;
  name: string | null;
  status: string;
  startedAt: string;
  endedAt: string | null;
  /** Which stored weights exist. */
  weights: ('final' | 'best')[];
  /** Epoch the final weights are from. */
  epoch: number | null;
  /** The run's layers in graph order, e.g. "GRU → Dropout → Dense". */
  model: string;
}

export interface ExportedRun {
  /** Suggested archive / folder name (safe as a file name). */
  name: string;
  files: { path: string; bytes: Uint8Array }[];
}

/** Largest project file accepted for import (characters). */
export const MAX_PROJECT_FILE_CHARS = 20_000_000;

export const exportMethods = {
  'exports.runs': method<ExportableRun[]>()(
    z.object({ projectId: id }).strict(),
    "A project's runs that have stored weights (completed or stopped), newest first",
  ),
  'exports.run': method<ExportedRun>()(
    z
      .object({
        runId: id,
        format: z.enum(EXPORT_FORMAT_CHOICES),
        weights: z.enum(['final', 'best']).default('final'),
      })
      .strict(),
    'Export a trained run: tfjs model (model.json + shard + preprocessing.json), TypeScript module, Keras script, or all',
  ),
  'projects.exportFile': method<{ fileName: string; text: string }>()(
    z.object({ id, includeData: z.boolean().default(false) }).strict(),
    'A project as .loom.json text (graph, data preparation, training settings; includeData: with its dataset embedded)',
  ),
  'projects.importFile': method<Project>()(
    z.object({ text: z.string().max(MAX_PROJECT_FILE_CHARS, 'the project file is too large'), name: name.optional() }).strict(),
    'Create a project (and its embedded dataset, if any) from .loom.json text (validated and migrated; nothing is created when it is invalid)',
  ),
} as const;
