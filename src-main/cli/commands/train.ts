/**
 * `layerloom train <file.loom.json> --data <file.csv> …` — chooses the preparation as the app does
 * (suggestPreparation, flags as overrides), runs the app's training pipeline (tfjs wasm in Node), records
 * the run in the app's database through the API contract (dispatch to the services) and prints a summary
 * with the test metrics next to a naive baseline.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { parseArgs } from './args';
import { PREP_FLAGS, PREP_HELP, PREP_OPTIONS, parseClassWeights, prepOverrides } from './prep-options';
import { parseProjectText, ProjectFileError, type ProjectFile } from '../../../src-shared/project/file';
import { parseCsv } from '../../../src-shared/data/csv';
import { DataError } from '../../../src-shared/data/errors';
import { datePartColumns, type DataPrep, type DataPrepInput } from '../../../src-shared/data/spec';
import { suggestPreparation } from '../../../src-shared/data/suggest';
import type { Dataset } from '../../../src-shared/data/dataset';
import { runPipeline, type PipelineOutcome } from '../../../src-shared/train/pipeline';
import { apiRecorder } from '../../../src-shared/train/recorder';
import { RECURRENT_IMPLS, type RecurrentImpl } from '../../../src-shared/train/settings';
import { cleanName } from '../../../src-shared/api/common';
import { openStore } from '../../store/store';
import { dbFileIn, defaultDataDir } from '../../store/data-dir';
import { localApi } from '../local-api';
import { backendOption, intOption, nodeTfProvider, stopOnSigint } from './run-control';

const USAGE = [
  'layerloom train <file.loom.json> --data <file.csv> [data preparation flags] [--epochs N] [--seed N] [--backend wasm|cpu] [--recurrent fused|reference] [--data-dir DIR] [--json]',
  '',
  'Data preparation (what the flags and the project leave open is chosen as the app\'s Data tab does):',
  PREP_HELP,
  '',
  'Training:',
  '  --epochs N                epochs (default: the project\'s training settings)',
  '  --seed N                  seed of the weights, shuffling and dropout',
  '  --backend B               wasm | cpu (default: wasm when it loads)',
  '  --recurrent R             fused (Layerloom\'s fused recurrent layers, the default) | reference (stock tfjs layers)',
  '  --data-dir DIR            the app\'s data folder (its database records the run)',
  '  --json                    print the summary as JSON',
].join('\n');

/**
 * The project's data preparation with the command-line flags as overrides; what the flags and the project
 * leave open is chosen by `suggestPreparation`, the rule the app's Data tab uses for the same CSV.
 */
export function prepFor(project: Pick<ProjectFile, 'data'>, ds: Dataset, o: Map<string, string>, lookback?: number, horizon?: number, flags: Set<string> = new Set()): DataPrep {
  const base = project.data ?? null;
  const cols = ds.columns;
  const missing = (name: string, flag?: string): UsageError =>
    new UsageError(`${flag ? `--${flag}: ` : ''}no column "${name}" in the CSV (columns: ${cols.map((c) => c.name).join(', ')})`);
  const overrides: DataPrepInput = prepOverrides(o, flags);
  const target = o.get('target');
  if (target) overrides.targets = target.split(',').map((s) => s.trim()).filter(Boolean);
  if (overrides.dateColumn !== undefined && !cols.some((c) => c.name === overrides.dateColumn)) throw missing(overrides.dateColumn, 'date');
  if (overrides.text !== undefined && !cols.some((c) => c.name === overrides.text!.column)) throw missing(overrides.text.column, 'text-column');
  if (overrides.groupColumn !== undefined && !cols.some((c) => c.name === overrides.groupColumn)) throw missing(overrides.groupColumn, 'group');
  for (const c of overrides.dateParts ? datePartColumns(overrides.dateParts) : []) if (!cols.some((x) => x.name === c)) throw missing(c, 'date-parts');
  if (o.has('features')) {
    const features = o.get('features')!.split(',').map((s) => s.trim()).filter(Boolean);
    if (features.length > 0) overrides.features = features;
  }
  if (lookback !== undefined) overrides.lookback = lookback;
  if (horizon !== undefined) overrides.horizon = horizon;
  // the project's own columns must exist too (the app drops a previous dataset's; a CLI user named these)
  for (const t of overrides.targets ?? base?.targets ?? []) if (!cols.some((c) => c.name === t)) throw missing(t);
  for (const f of overrides.features ?? base?.features ?? []) if (!cols.some((c) => c.name === f)) throw missing(f);
  const prep = suggestPreparation(ds, base, overrides);
  if (prep.targets.length === 0) throw new UsageError('the project has no target column: give --target COL');
  return prep;
}

const fmt = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toPrecision(4));

function progressBar(io: CliIO, tty: boolean) {
  let last = 0;
  return {
    batch(epoch: number, epochs: number, batch: number, batches: number, loss: number, elapsedMs: number): void {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && batch + 1 < batches) return;
      last = now;
      const done = (epoch - 1 + (batch + 1) / batches) / epochs;
      const width = 28;
      const fill = Math.round(done * width);
      const eta = done > 0 ? (elapsedMs / done - elapsedMs) / 1000 : 0;
      process.stderr.write(`\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] epoch ${epoch}/${epochs} batch ${batch + 1}/${batches} loss ${fmt(loss)} ETA ${eta.toFixed(0)}s  `);
    },
    line(text: string): void {
      if (tty) process.stderr.write('\r\x1b[K');
      io.err(text);
    },
  };
}

export const trainCommand: CliCommand = {
  path: ['train'],
  summary: 'Train a project file on a CSV (same loop as the app) and record the run in the database',
  usage: USAGE,
  async run(argv, io) {
    const { flags, options, positionals } = parseArgs(argv, {
      flags: ['json', ...PREP_FLAGS],
      options: ['data', 'target', 'features', 'lookback', 'horizon', 'epochs', 'seed', 'data-dir', 'backend', 'recurrent', ...PREP_OPTIONS],
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give one project file' : 'missing <file.loom.json>');
    const dataFile = options.get('data');
    if (!dataFile) throw new UsageError('--data <file.csv> is required');
    const lookback = intOption(options, 'lookback', 1);
    const horizon = intOption(options, 'horizon', 1);
    const epochs = intOption(options, 'epochs', 1);
    const seed = intOption(options, 'seed', 0);
    const classWeights = options.has('class-weights') ? parseClassWeights(options.get('class-weights')!.trim()) : undefined;
    const backendWant = backendOption(options);
    const recurrent = options.get('recurrent');
    if (recurrent !== undefined && !(RECURRENT_IMPLS as readonly string[]).includes(recurrent))
      throw new UsageError(`--recurrent must be fused (Layerloom's fused recurrent layers, the default) or reference (the stock tfjs layers), not "${recurrent}"`);
    const json = flags.has('json');
    const say = (t: string): void => io.err(t);

    // -- project and data --
    const file = positionals[0]!;
    let project: ProjectFile;
    try {
      project = parseProjectText(readFileSync(resolve(io.cwd, file), 'utf8'), basename(file));
    } catch (e) {
      io.err(`layerloom train: ${e instanceof ProjectFileError ? e.message : `cannot read "${file}": ${(e as Error).message}`}`);
      return 2;
    }
    const csvPath = resolve(io.cwd, dataFile);
    let ds: Dataset;
    let prep: DataPrep;
    try {
      const size = statSync(csvPath).size;
      ds = await parseCsv(createReadStream(csvPath, { highWaterMark: 1 << 20 }), { name: basename(csvPath), size });
      prep = prepFor(project, ds, options, lookback, horizon, flags);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const msg = e instanceof DataError ? e.message : (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
      io.err(`layerloom train: ${basename(csvPath)}: ${msg}`);
      return 2;
    }
    const settingsIn = {
      ...project.training,
      ...(epochs !== undefined ? { epochs } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(classWeights !== undefined ? { classWeights } : {}),
      ...(recurrent !== undefined ? { recurrent: recurrent as RecurrentImpl } : {}),
    };

    // -- the shared pipeline; the run is written through the API contract, like every other client --
    const dataDir = resolve(io.cwd, options.get('data-dir') ?? defaultDataDir());
    const store = openStore(dbFileIn(dataDir));
    try {
      const api = localApi(store, dataDir);
      const recorder = apiRecorder(api, {
        name: cleanName(`CLI: ${basename(file)}`, 'CLI run'),
        projectId: async () => {
          const existing = (await api.call('projects.list', {})).find((p) => p.name.toLowerCase() === project.name.toLowerCase());
          return existing?.id ?? (await api.call('projects.create', { name: project.name, document: project.graph, dataPrep: prep, training: project.training })).id;
        },
      });
      const tfp = nodeTfProvider(backendWant);
      const bar = progressBar(io, Boolean(process.stderr.isTTY));
      const sigint = stopOnSigint((m) => bar.line(m), 'Stopping after the current batch (Ctrl-C again to quit at once)…');
      const t0 = Date.now();
      let out: PipelineOutcome;
      try {
        out = await runPipeline({
          doc: project.graph,
          prep,
          data: { dataset: ds },
          settings: settingsIn,
          tfp,
          recorder,
          shouldStop: sigint.shouldStop,
          onReady: ({ params, backend, prepared, settings }) => {
            for (const w of prepared.warnings) say(`warning: ${w}`);
            say(
              `run ${recorder.runId}: ${project.name}, ${params.toLocaleString('en-US')} parameters, ${prepared.splits.train.length} training windows, backend ${backend.backend} (${backend.reason}), seed ${settings.seed}`,
            );
          },
          onBatch: (b) => bar.batch(b.epoch, b.epochs, b.batch, b.batches, b.loss, Date.now() - t0),
          onEpoch: (e) => {
            const shown = Object.entries(e.logs)
              .filter(([k]) => k !== 'lr')
              .map(([k, v]) => `${k} ${fmt(v)}`)
              .join('  ');
            bar.line(`epoch ${e.epoch}/${e.epochs}  ${shown}  (${((Date.now() - t0) / 1000).toFixed(1)} s)${e.partial ? '  [stopped]' : ''}`);
          },
        });
      } finally {
        sigint.release();
      }
      if (out.status === 'refused') {
        for (const w of out.prepared?.warnings ?? []) say(`warning: ${w}`);
        io.err(out.stage === 'prepare' ? `layerloom train: ${basename(csvPath)}: ${out.reason}` : `layerloom train: ${out.reason}`);
        return out.stage === 'prepare' ? 2 : 1;
      }

      const result = out.train;
      const ev = out.evaluation;
      const backend = out.backend?.backend ?? backendWant;
      const summary = {
        runId: recorder.runId,
        status: out.status,
        reason: out.reason,
        backend,
        seed: out.settings.seed,
        epochsRun: result?.epochsRun ?? 0,
        bestEpoch: result?.best?.epoch ?? null,
        final: result?.history.at(-1) ?? {},
        test: ev ? { samples: ev.samples, loss: ev.loss, ...ev.metrics } : null,
        /** The best baseline (lowest test MAE); `baselines` lists every one. */
        baseline: ev?.baseline ? { name: ev.baseline.name, ...ev.baseline.metrics } : null,
        baselines: (ev?.baselines ?? []).map((b) => ({ key: b.key, name: b.name, ...b.metrics })),
        beatsBaseline: ev?.beatsBaseline ?? null,
        windowTransform: out.prepared.windowTransform,
        windowTransformReason: out.prepared.windowTransformReason,
        steps: out.prepared.steps,
        /** Error per output (target × forecast step), each baseline's MAE beside it. */
        byStep: ev?.byStep ?? [],
        warnings: [...(ev?.warnings ?? []), ...(result?.warnings ?? []).filter((w) => !(ev?.warnings ?? []).includes(w))],
        seconds: out.seconds,
        database: store.file,
      };
      if (json) io.out(JSON.stringify(summary, null, 2));
      else {
        io.out(`Run ${summary.runId}: ${out.status}${out.reason ? ` — ${out.reason}` : ''}`);
        if (result) {
          io.out(`Epochs: ${result.epochsRun}/${out.settings.epochs}${result.best ? ` (best ${result.monitor} at epoch ${result.best.epoch})` : ''}, ${summary.seconds.toFixed(1)} s on ${backend}`);
          io.out(`Final: ${Object.entries(summary.final).filter(([k]) => k !== 'lr').map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}`);
        }
        if (out.prepared.task === 'regression' && out.prepared.mode === 'sequence')
          io.out(`Window transform: ${out.prepared.windowTransformReason}${out.prepared.steps.length > 1 ? ` Steps: ${out.prepared.steps.join(', ')}.` : ''}`);
        if (ev) {
          const unit = out.prepared.task === 'regression' ? ` (${out.prepared.targetNames.join(', ')}, original units)` : '';
          io.out(`Test (${ev.samples} samples)${unit}: ${Object.entries(ev.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}`);
          const list = ev.baselines ?? (ev.baseline ? [{ key: 'baseline', ...ev.baseline }] : []);
          for (const b of list)
            io.out(`Baseline, ${b.name}${list.length > 1 && b.name === ev.baseline?.name ? ' (best)' : ''}: ${Object.entries(b.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}`);
          if (ev.baseline)
            io.out(
              ev.beatsBaseline === null
                ? `→ no claim against the ${list.length > 1 ? 'baselines' : 'baseline'} (see the warnings)`
                : `→ the model ${ev.beatsBaseline ? 'beats' : 'does NOT beat'} ${list.length > 1 ? `the best baseline (${ev.baseline.name})` : 'it'}`,
            );
        }
        if (summary.byStep.length > 1) {
          io.out('Test MAE by output:');
          for (const e of summary.byStep)
            io.out(`  ${e.name}: model ${fmt(e.mae)}  ${Object.entries(e.baselines).map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}`);
        }
        for (const w of summary.warnings) io.out(`warning: ${w}`);
      }
      return out.status === 'failed' ? 1 : 0;
    } finally {
      store.close();
    }
  },
};
