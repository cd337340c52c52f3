/**
 * Export handlers: a trained run's files (tfjs / TypeScript / Keras, built with tfjs on the CPU
 * backend — only building models and reading weights), and project files (.loom.json) out and in.
 */
import { runAnalysisRepo } from '../store/run-analysis-repo';
import type Database from 'better-sqlite3';
import type { Handlers } from '../../src-shared/api/dispatch';
import { ApiError } from '../../src-shared/api/errors';
import type { ExportedRun, ExportFormatChoice } from '../../src-shared/api/exports';
import { dataPrepSchema } from '../../src-shared/data/spec';
import { exportArchiveName, exportRun, ExportError, parseProjectFile, projectFileName, projectFileText, preprocessingFromArtifact, EXPORT_FORMATS, type ExportSource } from '../../src-shared/export/index';
import { emptyDocument, safeParseDocument, type GraphDocument } from '../../src-shared/graph/document';
import { modelText } from '../../src-shared/graph/model-text';
import { ProjectFileError } from '../../src-shared/project/file';
import { datasetsRepo } from '../store/datasets-repo';
import { checkBlobs } from './datasets';
import { artifactsRepo } from '../store/artifacts-repo';
import { projectsRepo } from '../store/projects-repo';
import { runsRepo } from '../store/runs-repo';
import { experimentsRepo } from '../store/experiments-repo';
import type { ServiceDeps } from './deps';
import { storeCall } from './store-call';
import { readJson } from '../store/stored-json';

type ExportHandlers = Pick<Handlers, 'exports.runs' | 'exports.run' | 'projects.exportFile' | 'projects.importFile'>;

type Tf = typeof import('@tensorflow/tfjs');
let tfPromise: Promise<Tf> | null = null;

/** tfjs with the CPU backend, loaded on first use (keeps it off the startup path). */
export function loadTf(): Promise<Tf> {
  tfPromise ??= import('@tensorflow/tfjs').then(async (tf) => {
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  });
  return tfPromise;
}

/** Builds the export files of a stored run. Shared by the service and the CLI. */
export async function exportStoredRun(
  db: Database.Database,
  runId: string,
  format: ExportFormatChoice,
  which: 'final' | 'best' = 'final',
): Promise<ExportedRun> {
  const runs = runsRepo(db);
  const run = storeCall(() => runs.get(runId));
  if (!run) throw new ApiError('not_found', `No run with id ${runId}; it may have been deleted.`, 'runId');
  const arts = artifactsRepo(db);
  let weights, meta;
  try {
    weights = storeCall(() => arts.weights(runId, which));
    meta = storeCall(() => arts.preprocessing(runId));
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError('storage', `The run's stored artifacts are damaged: ${(e as Error).message}`);
  }
  if (!weights)
    throw new ApiError(
      'bad_request',
      which === 'best'
        ? 'This run has no best-epoch weights (it kept only the final ones, or ended before saving any).'
        : `This run has no trained weights to export (status: ${run.status}). Export a completed or stopped run.`,
      'runId',
    );
  if (!meta) throw new ApiError('bad_request', "This run has no preprocessing record, so its inputs cannot be reproduced outside the app.", 'runId');
  const doc = safeParseDocument(run.graph);
  if (!doc.ok) throw new ApiError('bad_request', `The run's model snapshot is invalid: ${doc.error.message}`, 'runId');
  const prep = dataPrepSchema.safeParse(meta.dataPrep ?? run.dataPrep);
  if (!prep.success) throw new ApiError('bad_request', "The run's data preparation snapshot is invalid.", 'runId');
  const project = storeCall(() => projectsRepo(db).get(run.projectId));
  const title = [project?.name ?? 'model', run.name].filter(Boolean).join(' — ');
  const formats = format === 'all' ? EXPORT_FORMATS : [format];
  // the project's experiments ride along with the Keras script, as Optuna studies on its build_model()
  const experiments = formats.includes('keras') ? storeCall(() => experimentsRepo(db).list(run.projectId)) : [];
  const tf = await loadTf();
  try {
    const files = await exportRun(tf, {
      graph: doc.doc as GraphDocument,
      weights: { weightSpecs: weights.meta.weightSpecs as import('@tensorflow/tfjs').io.WeightsManifestEntry[], data: weights.data },
      pre: preprocessingFromArtifact(meta, prep.data, csvSource(db, prep.data.datasetId)),
      title,
      formats,
      ...(experiments.length ? { experiments: { specs: experiments, settings: run.settings } } : {}),
      training: {
        optimizer: run.settings.optimizer,
        learningRate: run.settings.learningRate,
        batchSize: run.settings.batchSize,
        validationSplit: run.settings.validationSplit,
        classWeights: run.settings.classWeights,
      },
    });
    return { name: exportArchiveName(title).replace(/\.zip$/, ''), files };
  } catch (e) {
    if (e instanceof ExportError) throw new ApiError('bad_request', e.message, 'runId');
    throw e;
  }
}

/** The training CSV's format (decimal comma, delimiter, header) and column types for the Keras script, while the dataset is still stored. */
function csvSource(db: Database.Database, datasetId: string | undefined): ExportSource | undefined {
  if (!datasetId) return undefined;
  try {
    const profile = datasetsRepo(db).get(datasetId)?.profile;
    return profile ? { format: profile.format, columns: profile.columns } : undefined;
  } catch {
    return undefined; // the export still works; the script then takes --delimiter / --decimal-comma
  }
}

export function exportHandlers(deps: ServiceDeps): ExportHandlers {
  const db = deps.store.db;
  const projects = projectsRepo(db);
  const runs = runsRepo(db);
  const datasets = datasetsRepo(db);
  const arts = db.prepare<[string], { kind: string; meta: string | null }>(
    "SELECT kind, meta FROM artifacts WHERE run_id = ? AND kind IN ('weights-final', 'weights-best') AND data IS NOT NULL",
  );
  const graphOf = db.prepare<[string], { graph: string }>('SELECT graph FROM runs WHERE id = ?');
  return {
    'exports.runs': ({ projectId }) =>
      storeCall(() => {
        if (!projects.get(projectId)) throw new ApiError('not_found', `No project with id ${projectId}; it may have been deleted.`, 'projectId');
        const numbers = runAnalysisRepo(db).numbers(projectId); // "Run N", as the runs table numbers them
        return runs.list(projectId).flatMap((r) => {
          const rows = arts.all(r.id);
          if (rows.length === 0) return [];
          const final = rows.find((a) => a.kind === 'weights-final');
          let epoch: number | null = null;
          try {
            epoch = final?.meta ? ((JSON.parse(final.meta) as { epoch?: number }).epoch ?? null) : null;
          } catch {
            epoch = null;
          }
          const weights = (['final', 'best'] as const).filter((w) => rows.some((a) => a.kind === `weights-${w}`));
          const model = modelText(readJson(graphOf.get(r.id)?.graph ?? null, 'the graph snapshot').value);
          return [{ id: r.id, number: numbers.get(r.id) ?? 0, name: r.name, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, weights, epoch, model }];
        });
      }),
    'exports.run': ({ runId, format, weights }) => exportStoredRun(db, runId, format, weights),
    'projects.exportFile': ({ id, includeData }) =>
      storeCall(() => {
        const p = projects.get(id);
        if (!p) throw new ApiError('not_found', `No project with id ${id}; it may have been deleted.`, 'id');
        let dataset;
        if (includeData) {
          const dsId = p.dataPrep?.datasetId;
          const loaded = dsId ? datasets.load(dsId) : null;
          if (!loaded) throw new ApiError('bad_request', 'This project has no dataset to include; import a CSV in the Data tab first.', 'includeData');
          dataset = loaded;
        }
        // a project never edited has no document yet: export an empty model
        const doc = p.document === null ? { ok: true as const, doc: emptyDocument(p.name) } : safeParseDocument(p.document);
        if (!doc.ok) throw new ApiError('bad_request', `The project's model cannot be exported: ${doc.error.message}`, 'id');
        return { fileName: projectFileName(p.name), text: projectFileText({ name: p.name, document: doc.doc, dataPrep: p.dataPrep, training: p.training }, dataset) };
      }),
    'projects.importFile': ({ text, name }, ctx) =>
      storeCall(() => {
        let parsed;
        try {
          parsed = parseProjectFile(text, 'The project file');
        } catch (e) {
          if (e instanceof ProjectFileError) throw new ApiError('bad_request', e.message, 'text');
          throw e;
        }
        const { file, dataset } = parsed;
        if (dataset) {
          try {
            checkBlobs(dataset.meta, dataset.blobs);
          } catch (e) {
            if (e instanceof ApiError) throw new ApiError('bad_request', `The project file's embedded dataset is damaged: ${e.message}`, 'text');
            throw e;
          }
        }
        let projectName = name ?? file.name;
        if (name !== undefined && projects.nameTaken(name)) throw new ApiError('conflict', `A project named "${name}" already exists.`, 'name');
        if (name === undefined) for (let i = 2; projects.nameTaken(projectName); i++) projectName = `${file.name.slice(0, 190)} (${i})`;
        // project and dataset in one transaction: both or neither
        const p = db.transaction(() => {
          const created = projects.create(projectName, file.graph, { dataPrep: file.data, training: file.training });
          if (!dataset) return created;
          const dsId = datasets.create(dataset.meta.name, created.id, dataset.meta, dataset.blobs);
          if (file.data) projects.save(created.id, { dataPrep: { ...file.data, datasetId: dsId } });
          return projects.get(created.id)!;
        })();
        ctx.emit('projects.changed', { id: p.id, change: 'created' });
        return p;
      }),
  };
}
