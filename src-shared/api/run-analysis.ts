/**
 * Run analysis: the runs table (one fast query for a project's runs with their key settings and
 * scores), rename and notes, comparison of 2–10 runs (aligned curves, settings/data/graph diffs, final
 * metrics) and stored evaluations. Recording runs is in runs.ts; this area only reads and annotates.
 */
import { z } from 'zod';
import { method } from './define';
import { id, optionalName } from './common';
import type { RunStatus } from './runs';
import type { Aligned } from '../runs/align';
import type { VaryingSetting } from '../runs/settings-diff';
import type { GraphDiff } from '../graph/diff';
import { runEvaluationSchema, type RunEvaluation } from '../eval/run-evaluation';

export interface RunTableRow {
  id: string;
  /** 1-based position by start time within the project ("Run 3"). */
  number: number;
  /** User-given name, or null (the UI shows "Run N" by start order). */
  name: string | null;
  note: string | null;
  status: RunStatus;
  reason: string | null;
  startedAt: string;
  endedAt: string | null;
  /** ended (or last write) − started, ms; null while nothing is known. */
  durationMs: number | null;
  backend: string | null;
  /** Layer kinds of the run's graph without the inputs, e.g. "GRU → Dense". */
  model: string;
  params: number | null;
  /** Key training settings. */
  settings: { optimizer: string; learningRate: number; batchSize: number; epochs: number; loss: string };
  /** Epochs finished (end-of-epoch loss rows). */
  epochs: number;
  /** Best value of the monitored quantity (val_loss, or loss without validation) and its epoch. */
  best: { name: string; value: number; epoch: number } | null;
  /** Headline test metric (MAE in target units, or accuracy), with the naive baseline's. */
  test: { name: string; value: number; baseline: number | null } | null;
  /** Whether an evaluation is stored with the run. */
  evaluated: boolean;
  /** Set when a stored value of this run could not be read (it is shown as absent): what and why. */
  damaged?: string;
}

export interface CompareRun {
  id: string;
  label: string;
  status: RunStatus;
  model: string;
  params: number | null;
  epochs: number;
  durationMs: number | null;
  msPerEpoch: number | null;
  /** Values of the last logged epoch (loss, val_loss, mae…). */
  final: Record<string, number>;
  best: RunTableRow['best'];
  test: RunTableRow['test'];
  /** As in RunTableRow: a stored value of this run that could not be read. */
  damaged?: string;
}

export interface RunComparison {
  runs: CompareRun[];
  /** One chart per base metric (loss, mae…): each run's train and validation curves on a shared x. */
  curves: { metric: string; aligned: Aligned; runIndex: number[]; validation: boolean[] }[];
  by: 'epoch' | 'time';
  /** Training settings and data preparation paths that differ between the runs (values in run order). */
  settings: VaryingSetting[];
  dataPrep: VaryingSetting[];
  /** Graph of each later run against the first run's. */
  graphs: { id: string; label: string; diff: GraphDiff }[];
}

const evaluationArg = z.unknown().transform((v, ctx) => {
  const r = runEvaluationSchema.safeParse(v);
  if (!r.success) {
    ctx.addIssue({ code: 'custom', message: `not an evaluation report: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).slice(0, 3).join('; ')}` });
    return z.NEVER;
  }
  return r.data as unknown as RunEvaluation;
});

/** Size limit of one stored evaluation (JSON characters). */
export const MAX_EVALUATION_CHARS = 4_000_000;

export const runAnalysisMethods = {
  'runs.table': method<RunTableRow[]>()(z.object({ projectId: id }).strict(), "A project's runs with key settings and scores, newest first"),
  'runs.rename': method<{ id: string; name: string | null }>()(
    z
      .object({
        id,
        name: optionalName,
      })
      .strict(),
    'Rename a run (null or empty: back to its number)',
  ),
  'runs.setNote': method<{ id: string; note: string | null }>()(
    z.object({ id, note: z.string().max(4000, 'must be at most 4000 characters').nullable() }).strict(),
    'Attach a free-text note to a run',
  ),
  'runs.compare': method<RunComparison>()(
    z
      .object({
        ids: z.array(id).min(2, 'pick at least 2 runs').max(10, 'at most 10 runs can be compared'),
        by: z.enum(['epoch', 'time']).default('epoch'),
        maxPoints: z.number().int().min(10).max(10_000).default(500),
      })
      .strict()
      .refine((a) => new Set(a.ids).size === a.ids.length, { message: 'the same run is listed twice', path: ['ids'] }),
    'Compare 2–10 runs: overlaid curves, settings and graph diffs, final metrics',
  ),
  'runs.saveEvaluation': method<{ saved: true }>()(
    z.object({ id, evaluation: evaluationArg }).strict(),
    "Store an evaluation report with the run (replaces the previous one of the same source)",
  ),
  'runs.evaluations': method<RunEvaluation[]>()(z.object({ id }).strict(), "A run's stored evaluations, newest first"),
} as const;
