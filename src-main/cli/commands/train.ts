/**
 * `layerloom train <file.loom.json> --data <file.csv> …` — prepares the CSV as the app does, trains the
 * project's graph with the shared loop (tfjs wasm in Node), records the run in the app's database and
 * prints a summary with the test metrics next to a naive baseline.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { parseArgs } from './args';
import { parseProjectText, ProjectFileError, type ProjectFile } from '../../../src-shared/project/file';
import { parseCsv } from '../../../src-shared/data/csv';
import { DataError } from '../../../src-shared/data/errors';
import { dataPrepSchema, type DataPrep } from '../../../src-shared/data/spec';
import { prepare, type PreparedData } from '../../../src-shared/data/prepare';
import type { Dataset } from '../../../src-shared/data/dataset';
import { buildModel, fitGraphToData, graphProblem } from '../../../src-shared/train/model';
import { train, type TrainResult } from '../../../src-shared/train/loop';
import { batchRows, ensureSeed, epochRows, evaluationRows, runArtifacts, runResult } from '../../../src-shared/train/record';
import type { MetricRow } from '../../../src-shared/api/runs';
import { cleanName } from '../../../src-shared/api/common';
import { openStore } from '../../store/store';
import { dbFileIn, defaultDataDir } from '../../store/data-dir';
import { projectsRepo } from '../../store/projects-repo';
import { runsRepo } from '../../store/runs-repo';
import { loadTf } from './tf-node';

const USAGE =
  'layerloom train <file.loom.json> --data <file.csv> [--target COL] [--features A,B,…] [--lookback N] [--horizon N] [--epochs N] [--seed N] [--backend wasm|cpu] [--data-dir DIR] [--json]';

function int(options: Map<string, string>, key: string, min: number): number | undefined {
  const v = options.get(key);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${key} must be a whole number ≥ ${min}, not "${v}"`);
  return Number(v);
}

/** The project's data preparation with the command-line overrides; sensible defaults for a bare CSV. */
export function prepFor(project: ProjectFile, ds: Dataset, o: Map<string, string>, lookback?: number, horizon?: number): DataPrep {
  const base = project.data ?? dataPrepSchema.parse({});
  const cols = ds.columns;
  const target = o.get('target');
  const targets = target ? [target] : base.targets;
  if (targets.length === 0) throw new UsageError('the project has no target column: give --target COL');
  for (const t of targets) if (!cols.some((c) => c.name === t)) throw new UsageError(`no column "${t}" in the CSV (columns: ${cols.map((c) => c.name).join(', ')})`);
  const dateColumn = base.dateColumn ?? cols.find((c) => c.type === 'date' || c.type === 'datetime')?.name;
  let features = o.has('features') ? o.get('features')!.split(',').map((s) => s.trim()).filter(Boolean) : base.features;
  for (const f of features) if (!cols.some((c) => c.name === f)) throw new UsageError(`no column "${f}" in the CSV (columns: ${cols.map((c) => c.name).join(', ')})`);
  if (features.length === 0) {
    // every numeric column (the target's own history included in sequence mode)
    features = cols
      .filter((c) => (c.type === 'number' || c.type === 'integer') && c.name !== dateColumn)
      .filter((c) => base.mode === 'sequence' || !targets.includes(c.name))
      .map((c) => c.name);
  }
  return dataPrepSchema.parse({
    ...base,
    targets,
    features,
    ...(dateColumn ? { dateColumn } : {}),
    ...(lookback !== undefined ? { lookback } : {}),
    ...(horizon !== undefined ? { horizon } : {}),
  });
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
      flags: ['json'],
      options: ['data', 'target', 'features', 'lookback', 'horizon', 'epochs', 'seed', 'data-dir', 'backend'],
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give one project file' : 'missing <file.loom.json>');
    const dataFile = options.get('data');
    if (!dataFile) throw new UsageError('--data <file.csv> is required');
    const lookback = int(options, 'lookback', 1);
    const horizon = int(options, 'horizon', 1);
    const epochs = int(options, 'epochs', 1);
    const seed = int(options, 'seed', 0);
    const backendWant = options.get('backend') ?? 'auto';
    if (!['auto', 'wasm', 'cpu'].includes(backendWant)) throw new UsageError('--backend must be wasm or cpu');
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
    let prepared: PreparedData;
    try {
      const size = statSync(csvPath).size;
      ds = await parseCsv(createReadStream(csvPath, { highWaterMark: 1 << 20 }), { name: basename(csvPath), size });
      prep = prepFor(project, ds, options, lookback, horizon);
      prepared = prepare(ds, prep);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const msg = e instanceof DataError ? e.message : (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
      io.err(`layerloom train: ${basename(csvPath)}: ${msg}`);
      return 2;
    }
    for (const w of prepared.warnings) say(`warning: ${w}`);
    const doc = fitGraphToData(project.graph, prepared);
    const problem = graphProblem(doc, prepared);
    if (problem) {
      io.err(`layerloom train: ${problem}`);
      return 1;
    }
    const settings = ensureSeed({ ...project.training, ...(epochs !== undefined ? { epochs } : {}), ...(seed !== undefined ? { seed } : {}) });

    // -- tfjs, store, run row --
    const { tf, backend, why } = await loadTf(backendWant as 'auto' | 'wasm' | 'cpu');
    const dataDir = resolve(io.cwd, options.get('data-dir') ?? defaultDataDir());
    const store = openStore(dbFileIn(dataDir));
    try {
      const projects = projectsRepo(store.db);
      const runs = runsRepo(store.db);
      const existing = projects.list().find((p) => p.name.toLowerCase() === project.name.toLowerCase());
      const projectId = existing?.id ?? projects.create(project.name, project.graph, { dataPrep: prep, training: project.training }).id;
      const device = `Node ${process.version} ${process.platform}/${process.arch}, tfjs ${tf.version.tfjs} ${backend}`;
      const run = runs.start({ projectId, graph: doc, dataPrep: prep, settings, backend, device, name: cleanName(`CLI: ${basename(file)}`, 'CLI run') });
      const { model } = buildModel(tf, doc, settings.seed);
      const params = model.countParams();
      say(`run ${run.id}: ${project.name}, ${params.toLocaleString('en-US')} parameters, ${prepared.splits.train.length} training windows, backend ${backend} (${why}), seed ${settings.seed}`);

      const bar = progressBar(io, Boolean(process.stderr.isTTY));
      let pending: MetricRow[] = [];
      const flush = (): void => {
        if (pending.length) runs.appendMetrics(run.id, pending);
        pending = [];
      };
      let stop = false;
      const onSigint = (): void => {
        if (stop) process.exit(130);
        stop = true;
        bar.line('Stopping after the current batch (Ctrl-C again to quit at once)…');
      };
      process.on('SIGINT', onSigint);
      const t0 = Date.now();
      let result: TrainResult;
      try {
        result = await train({
          tf,
          model,
          prepared,
          settings,
          shouldStop: () => stop,
          onBatch: (b) => {
            pending.push(...batchRows(b));
            if (pending.length >= 200) flush();
            bar.batch(b.epoch, b.epochs, b.batch, b.batches, b.loss, Date.now() - t0);
          },
          onEpoch: (e) => {
            pending.push(...epochRows(e));
            flush();
            const l = e.logs;
            const shown = Object.entries(l)
              .filter(([k]) => k !== 'lr')
              .map(([k, v]) => `${k} ${fmt(v)}`)
              .join('  ');
            bar.line(`epoch ${e.epoch}/${e.epochs}  ${shown}  (${((Date.now() - t0) / 1000).toFixed(1)} s)${e.partial ? '  [stopped]' : ''}`);
          },
        });
      } finally {
        process.off('SIGINT', onSigint);
      }
      flush();
      const rows = evaluationRows(result, Date.now() - t0);
      if (rows.length) runs.appendMetrics(run.id, rows);
      const artifacts = runArtifacts(result, prepared, prep).filter((a) => result.status !== 'failed' || a.kind === 'preprocessing');
      const finished = runs.finish(run.id, result.status, result.reason, runResult(result, settings.epochs, { params, backendReason: why }), artifacts);
      model.dispose();

      const ev = result.evaluation;
      const summary = {
        runId: run.id,
        status: finished.status,
        reason: finished.reason,
        backend,
        seed: settings.seed,
        epochsRun: result.epochsRun,
        bestEpoch: result.best?.epoch ?? null,
        final: result.history.at(-1) ?? {},
        test: ev ? { samples: ev.samples, loss: ev.loss, ...ev.metrics } : null,
        baseline: ev?.baseline ? { name: ev.baseline.name, ...ev.baseline.metrics } : null,
        beatsBaseline: ev?.beatsBaseline ?? null,
        seconds: (Date.now() - t0) / 1000,
        database: store.file,
      };
      if (json) io.out(JSON.stringify(summary, null, 2));
      else {
        io.out(`Run ${run.id}: ${finished.status}${finished.reason ? ` — ${finished.reason}` : ''}`);
        io.out(`Epochs: ${result.epochsRun}/${settings.epochs}${result.best ? ` (best ${result.monitor} at epoch ${result.best.epoch})` : ''}, ${summary.seconds.toFixed(1)} s on ${backend}`);
        const f = summary.final;
        io.out(`Final: ${Object.entries(f).filter(([k]) => k !== 'lr').map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}`);
        if (ev) {
          const unit = prepared.task === 'regression' ? ` (${prepared.targetNames.join(', ')}, original units)` : '';
          io.out(`Test (${ev.samples} samples)${unit}: ${Object.entries(ev.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}`);
          if (ev.baseline)
            io.out(
              `Baseline, ${ev.baseline.name}: ${Object.entries(ev.baseline.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}  → the model ${ev.beatsBaseline ? 'beats' : 'does NOT beat'} it`,
            );
        }
      }
      return result.status === 'failed' ? 1 : 0;
    } finally {
      store.close();
    }
  },
};
