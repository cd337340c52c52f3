/**
 * `layerloom sweep <file.loom.json> --data <file.csv> --spec <sweep.json> …` — runs an experiment (see
 * docs/experiments.md) in Node with tfjs wasm: the spec is validated against the project before anything
 * trains, each trial is an ordinary run recorded in the app's database through the API contract, hopeless
 * trials are pruned, and `--resume ID` continues a stopped or crashed experiment at its next trial.
 */
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UsageError, type CliCommand } from '../command';
import { parseArgs } from './args';
import { PREP_FLAGS, PREP_HELP, PREP_OPTIONS } from './prep-options';
import { prepFor } from './train';
import { parseProjectText, ProjectFileError, type ProjectFile } from '../../../src-shared/project/file';
import { parseCsv } from '../../../src-shared/data/csv';
import { DataError } from '../../../src-shared/data/errors';
import type { Dataset } from '../../../src-shared/data/dataset';
import type { DataPrep } from '../../../src-shared/data/spec';
import { trainingSettings } from '../../../src-shared/train/settings';
import { SpecError, validateSpec, type ValidSpec } from '../../../src-shared/experiments/validate';
import { runExperiment } from '../../../src-shared/experiments/runner';
import { optunaScript, StudyExportError } from '../../../src-shared/experiments/python-export';
import { openStore } from '../../store/store';
import { dbFileIn, defaultDataDir } from '../../store/data-dir';
import { localApi } from '../local-api';
import { backendOption, intOption, nodeTfProvider, stopOnSigint } from './run-control';

const USAGE = [
  'layerloom sweep <file.loom.json> --data <file.csv> --spec <sweep.json> [--trials N] [--epochs N] [--resume ID] [--backend wasm|cpu] [--data-dir DIR] [--json]',
  'layerloom sweep <file.loom.json> --spec <sweep.json> --export-python <study.py>',
  '',
  'Runs an experiment: the spec\'s dimensions (layer params, training settings, data preparation values,',
  'recurrent layer kinds) searched by grid, random or TPE, hopeless trials pruned (median rule). Each trial',
  'is recorded as an ordinary run in the database, so the app shows and compares them. See docs/experiments.md.',
  '',
  '  --spec FILE               the experiment spec (JSON)',
  '  --trials N                trial budget (overrides the spec\'s budget.trials)',
  '  --epochs N                epochs per trial (overrides the project\'s training settings)',
  '  --resume ID               continue this experiment at its next trial (after a stop or a crash)',
  '  --backend B               wasm | cpu (default: wasm when it loads)',
  '  --data-dir DIR            the app\'s data folder (its database records the runs)',
  '  --json                    print the summary as JSON',
  '  --export-python FILE      write the experiment as a Python script (Optuna on the Keras export\'s model.py:',
  '                            same space, sampler, budget, metric, median pruning) and exit',
  '',
  'Data preparation (as for `layerloom train`):',
  PREP_HELP,
].join('\n');

const fmt = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toPrecision(4));

export const sweepCommand: CliCommand = {
  path: ['sweep'],
  summary: 'Run an experiment (a sweep of layer params, training settings, data windows) and record every trial as a run',
  usage: USAGE,
  async run(argv, io) {
    const { flags, options, positionals } = parseArgs(argv, {
      flags: ['json', ...PREP_FLAGS],
      options: ['data', 'spec', 'export-python', 'trials', 'epochs', 'resume', 'target', 'features', 'lookback', 'horizon', 'data-dir', 'backend', ...PREP_OPTIONS],
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give one project file' : 'missing <file.loom.json>');
    const dataFile = options.get('data');
    const pyFile = options.get('export-python');
    if (!dataFile && !pyFile) throw new UsageError('--data <file.csv> is required');
    const specFile = options.get('spec');
    if (!specFile) throw new UsageError('--spec <sweep.json> is required');
    const trials = intOption(options, 'trials', 1);
    const epochs = intOption(options, 'epochs', 1);
    const lookback = intOption(options, 'lookback', 1);
    const horizon = intOption(options, 'horizon', 1);
    const resume = options.get('resume');
    const backendWant = backendOption(options);
    const json = flags.has('json');
    const fail = (m: string): number => {
      io.err(`layerloom sweep: ${m}`);
      return 2;
    };

    const file = positionals[0]!;
    let project: ProjectFile;
    try {
      project = parseProjectText(readFileSync(resolve(io.cwd, file), 'utf8'), basename(file));
    } catch (e) {
      return fail(e instanceof ProjectFileError ? e.message : `cannot read "${file}": ${(e as Error).message}`);
    }
    let spec: ValidSpec;
    try {
      const text = readFileSync(resolve(io.cwd, specFile), 'utf8');
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (e) {
        return fail(`${basename(specFile)}: not valid JSON (${(e as Error).message})`);
      }
      spec = validateSpec(raw, { doc: project.graph });
    } catch (e) {
      if (e instanceof SpecError) return fail(`${basename(specFile)}: ${e.message}`);
      return fail(`cannot read "${specFile}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    if (pyFile) {
      let py: string;
      try {
        py = optunaScript({ spec, doc: project.graph, settings: trainingSettings({ ...project.training, ...(epochs !== undefined ? { epochs } : {}) }) });
      } catch (e) {
        if (e instanceof StudyExportError) return fail(`${basename(specFile)}: ${e.message}`);
        throw e;
      }
      writeFileSync(resolve(io.cwd, pyFile), py);
      io.out(`Wrote ${pyFile}: an Optuna study on the Keras export. Put it next to model.py (layerloom export <runId> --format keras) and run: python ${basename(pyFile)} --csv data.csv`);
      return 0;
    }
    if (!dataFile) throw new UsageError('--data <file.csv> is required');
    const csvPath = resolve(io.cwd, dataFile);
    let ds: Dataset;
    let prep: DataPrep;
    try {
      ds = await parseCsv(createReadStream(csvPath, { highWaterMark: 1 << 20 }), { name: basename(csvPath), size: statSync(csvPath).size });
      prep = prepFor(project, ds, options, lookback, horizon, flags);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const msg = e instanceof DataError ? e.message : (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
      return fail(`${basename(csvPath)}: ${msg}`);
    }
    const settings = trainingSettings({ ...project.training, ...(epochs !== undefined ? { epochs } : {}) });

    const dataDir = resolve(io.cwd, options.get('data-dir') ?? defaultDataDir());
    const store = openStore(dbFileIn(dataDir));
    try {
      const api = localApi(store, dataDir);
      const existing = (await api.call('projects.list', {})).find((p) => p.name.toLowerCase() === project.name.toLowerCase());
      const projectId = existing?.id ?? (await api.call('projects.create', { name: project.name, document: project.graph, dataPrep: prep, training: project.training })).id;
      let backendLine = '';
      const tfp = nodeTfProvider(backendWant, (line) => (backendLine = line));
      const sigint = stopOnSigint((m) => io.err(m), 'Stopping the trial in flight; resume later with --resume (Ctrl-C again to quit at once)…');
      const t0 = Date.now();
      let out;
      try {
        out = await runExperiment({
          api,
          projectId,
          spec,
          base: { doc: project.graph, prep, settings },
          dataset: ds,
          tfp,
          ...(resume ? { experimentId: resume } : {}),
          ...(trials !== undefined ? { maxTrials: trials } : {}),
          shouldStop: sigint.shouldStop,
          onTrialStart: ({ trial, point }) => io.err(`trial ${trial + 1}: ${Object.entries(point).map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? fmt(v) : v}`).join(', ')}`),
          onTrial: (t) => io.err(`  → ${t.status}  ${spec.spec.metric} ${fmt(t.value)}  ${t.epochs}/${t.epochsPlanned} epochs  ${t.seconds.toFixed(1)} s${t.reason && t.status !== 'completed' ? `  (${t.reason})` : ''}`),
        });
      } catch (e) {
        return fail((e as Error).message);
      } finally {
        sigint.release();
      }
      const summary = {
        experimentId: out.experimentId,
        status: out.status,
        metric: spec.spec.metric,
        direction: spec.spec.direction,
        backend: backendLine,
        trials: out.trials,
        best: out.best,
        saved: out.saved,
        seconds: (Date.now() - t0) / 1000,
        database: store.file,
      };
      if (json) io.out(JSON.stringify(summary, null, 2));
      else {
        io.out(`Experiment ${out.experimentId}: ${out.status}, ${out.trials.length} trials (${out.trials.filter((t) => t.status === 'pruned').length} pruned, ${out.trials.filter((t) => t.status === 'failed').length} failed) in ${summary.seconds.toFixed(1)} s`);
        if (out.best) io.out(`Best: trial ${out.best.trial + 1}, ${spec.spec.metric} ${fmt(out.best.value)} at ${JSON.stringify(out.best.point)} (run ${out.best.runId})`);
        if (out.saved.epochs > 0) io.out(`Pruning saved ${out.saved.epochs} epochs (about ${out.saved.seconds.toFixed(1)} s).`);
        if (out.status === 'stopped') io.out(`Resume with: layerloom sweep ${file} --data ${dataFile} --spec ${specFile} --resume ${out.experimentId}`);
      }
      return out.status === 'stopped' ? 130 : 0;
    } finally {
      store.close();
    }
  },
};
