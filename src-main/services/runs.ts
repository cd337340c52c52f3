import type { Handlers } from '../../src-shared/api/dispatch';
import { ApiError } from '../../src-shared/api/errors';
import { MAX_DOCUMENT_CHARS } from '../../src-shared/api/projects';
import { projectsRepo } from '../store/projects-repo';
import { runsRepo } from '../store/runs-repo';
import { storeCall } from './store-call';
import type { ServiceDeps } from './deps';

type RunHandlers = Pick<
  Handlers,
  | 'runs.start'
  | 'runs.appendMetrics'
  | 'runs.setBackend'
  | 'runs.finish'
  | 'runs.list'
  | 'runs.get'
  | 'runs.metrics'
  | 'runs.artifacts'
  | 'runs.artifact'
  | 'runs.delete'
>;

/** A run this process owns that has not written for this long lost its window (the UI writes every few seconds). */
export const STALE_MS = 45_000;

export function runHandlers(deps: ServiceDeps): RunHandlers {
  const repo = runsRepo(deps.store.db);
  const projects = projectsRepo(deps.store.db);
  const mustExist = (id: string, path = 'id') => {
    const s = repo.status(id);
    if (!s) throw new ApiError('not_found', `No run with id ${id}; it may have been deleted.`, path);
    return s;
  };
  const mustRun = (id: string) => {
    const s = mustExist(id, 'runId');
    if (s !== 'running') throw new ApiError('conflict', `The run ${id} is ${s}, no longer running; nothing more can be recorded for it.`, 'runId');
  };
  return {
    'runs.start': (a) =>
      storeCall(() => {
        if (!projects.get(a.projectId)) throw new ApiError('not_found', `No project with id ${a.projectId}; it may have been deleted.`, 'projectId');
        const size = JSON.stringify(a.graph ?? null).length;
        if (size > MAX_DOCUMENT_CHARS) throw new ApiError('bad_request', `The graph is too large (${size} characters).`, 'graph');
        return repo.start(a);
      }),
    'runs.appendMetrics': ({ runId, rows }) =>
      storeCall(() => {
        mustRun(runId);
        return { count: repo.appendMetrics(runId, rows) };
      }),
    'runs.setBackend': ({ runId, backend, device }) =>
      storeCall(() => {
        mustRun(runId);
        return repo.setBackend(runId, backend, device);
      }),
    'runs.finish': ({ runId, status, reason, result, artifacts }) =>
      storeCall(() => {
        mustRun(runId);
        return repo.finish(runId, status, reason ?? null, result ?? null, artifacts);
      }),
    'runs.list': ({ projectId }) =>
      storeCall(() => {
        repo.markStale(STALE_MS);
        return repo.list(projectId);
      }),
    'runs.get': ({ id }) =>
      storeCall(() => {
        const r = repo.get(id);
        if (!r) throw new ApiError('not_found', `No run with id ${id}; it may have been deleted.`, 'id');
        return r;
      }),
    'runs.metrics': ({ id, epochOnly }) =>
      storeCall(() => {
        mustExist(id);
        return repo.metrics(id, epochOnly ?? false);
      }),
    'runs.artifacts': ({ id }) =>
      storeCall(() => {
        mustExist(id);
        return repo.artifacts(id);
      }),
    'runs.artifact': ({ id, kind }) =>
      storeCall(() => {
        mustExist(id);
        const a = repo.artifact(id, kind);
        if (!a) throw new ApiError('not_found', `The run ${id} has no ${kind} artifact (it may have failed before saving it).`, 'kind');
        return a;
      }),
    'runs.delete': ({ id }) =>
      storeCall(() => {
        if (mustExist(id) === 'running') throw new ApiError('conflict', 'This run is still training; stop it before deleting it.', 'id');
        repo.delete(id);
        return { deleted: true as const };
      }),
  };
}
