/**
 * `layerloom predict <runId> <rows.csv> [--weights final|best] [--backend auto|wasm|cpu] [--data-dir DIR]`
 *
 * Predictions of a stored run for a CSV of raw rows (the columns the run reads, a category column as its
 * value), through the same preprocessing runtime as the app's Predict tab and the TypeScript export.
 * Prints CSV: the row each prediction is for, then predicted and actual value per target.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiError } from '../../../src-shared/api/errors';
import { DataError } from '../../../src-shared/data/errors';
import { predictCsvText } from '../../../src-shared/eval/predict-rows';
import { parseDocument } from '../../../src-shared/graph/document';
import { preprocessingMetaSchema } from '../../../src-shared/train/artifacts';
import { dbFileIn, defaultDataDir } from '../../store/data-dir';
import { runsRepo } from '../../store/runs-repo';
import { openStore } from '../../store/store';
import { UsageError, type CliCommand } from '../command';
import { parseArgs } from './args';
import { loadTf } from './tf-node';

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export const predictCommand: CliCommand = {
  path: ['predict'],
  summary: 'Predict with a trained run for a CSV of raw rows (the same preprocessing as the app and the exports)',
  usage: 'layerloom predict <runId> <rows.csv> [--weights final|best] [--backend auto|wasm|cpu] [--data-dir DIR]',
  async run(argv, io) {
    const { options, positionals } = parseArgs(argv, { options: ['weights', 'backend', 'data-dir'] });
    if (positionals.length !== 2) throw new UsageError('expected a run id and a CSV file');
    const which = options.get('weights') ?? 'final';
    if (which !== 'final' && which !== 'best') throw new UsageError('--weights must be final or best');
    const backend = options.get('backend') ?? 'auto';
    if (backend !== 'auto' && backend !== 'wasm' && backend !== 'cpu') throw new UsageError('--backend must be auto, wasm or cpu');
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, positionals[1]!), 'utf8');
    } catch (e) {
      io.err(`layerloom: cannot read ${positionals[1]}: ${(e as Error).message}`);
      return 2;
    }
    const file = dbFileIn(resolve(io.cwd, options.get('data-dir') ?? defaultDataDir()));
    if (!existsSync(file)) {
      io.err(`layerloom: no database at ${file} (use --data-dir to point at the app's data folder).`);
      return 2;
    }
    const store = openStore(file);
    try {
      const repo = runsRepo(store.db);
      const like = positionals[0]!.replace(/[%_\\]/g, '\\$&') + '%';
      const ids = store.db.prepare(`SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' LIMIT 3`).pluck().all(like) as string[];
      if (ids.length !== 1) throw new ApiError(ids.length ? 'bad_request' : 'not_found', ids.length ? `The id prefix ${positionals[0]} matches several runs; give more characters.` : `No run with id ${positionals[0]}.`);
      const run = repo.get(ids[0]!)!;
      const pre = repo.artifact(run.id, 'preprocessing');
      const w = repo.artifact(run.id, which === 'best' ? 'weights-best' : 'weights-final');
      if (!pre || !w?.data) throw new ApiError('bad_request', `Run ${run.id.slice(0, 8)} has no ${pre ? `${which} weights` : 'preprocessing record'}; it cannot predict.`);
      const { tf } = await loadTf(backend === 'auto' ? 'auto' : backend);
      const out = await predictCsvText(tf, { graph: parseDocument(run.graph), dataPrep: run.dataPrep, meta: preprocessingMetaSchema.parse(pre.meta), weights: { meta: w.meta, data: w.data } }, text);
      io.out(['row', ...out.columns.flatMap((c) => [`${c} predicted`, `${c} actual`])].map(csvCell).join(','));
      for (const r of out.rows) io.out([String(r.row), ...r.predicted.flatMap((p, j) => [p, r.actual[j] ?? ''])].map(csvCell).join(','));
      return 0;
    } catch (e) {
      if (e instanceof ApiError || e instanceof DataError) {
        io.err(`layerloom: ${e.message}`);
        return 2;
      }
      throw e;
    } finally {
      store.close();
    }
  },
};
