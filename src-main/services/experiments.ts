import type { Handlers } from '../../src-shared/api/dispatch';
import { ApiError } from '../../src-shared/api/errors';
import { experimentsRepo } from '../store/experiments-repo';
import { projectsRepo } from '../store/projects-repo';
import { storeCall } from './store-call';
import type { ServiceDeps } from './deps';

type ExperimentHandlers = Pick<Handlers, 'experiments.create' | 'experiments.recordTrial' | 'experiments.finish' | 'experiments.resume' | 'experiments.get' | 'experiments.list'>;

export function experimentHandlers(deps: ServiceDeps): ExperimentHandlers {
  const repo = experimentsRepo(deps.store.db);
  const projects = projectsRepo(deps.store.db);
  const mustExist = (id: string, path: string) => {
    const e = repo.get(id);
    if (!e) throw new ApiError('not_found', `No experiment with id ${id}; it may have been deleted.`, path);
    return e;
  };
  return {
    'experiments.create': ({ projectId, spec }) =>
      storeCall(() => {
        if (!projects.get(projectId)) throw new ApiError('not_found', `No project with id ${projectId}; it may have been deleted.`, 'projectId');
        return repo.create(projectId, spec);
      }),
    'experiments.recordTrial': (a) =>
      storeCall(() => {
        const e = mustExist(a.experimentId, 'experimentId');
        if (repo.hasTrial(a.experimentId, a.trial)) throw new ApiError('conflict', `Trial ${a.trial} of experiment ${a.experimentId} is already recorded.`, 'trial');
        if (a.runId !== null) {
          const owner = repo.runProject(a.runId);
          if (owner === null) throw new ApiError('not_found', `No run with id ${a.runId}; it may have been deleted.`, 'runId');
          if (owner !== e.projectId) throw new ApiError('bad_request', `The run ${a.runId} belongs to another project than the experiment.`, 'runId');
        }
        if (a.epochs > a.epochsPlanned) throw new ApiError('bad_request', `epochs (${a.epochs}) cannot exceed epochsPlanned (${a.epochsPlanned}).`, 'epochs');
        repo.recordTrial(a.experimentId, a);
        return { recorded: true as const };
      }),
    'experiments.finish': ({ experimentId, status }) =>
      storeCall(() => {
        mustExist(experimentId, 'experimentId');
        repo.setStatus(experimentId, status);
        return { status };
      }),
    'experiments.resume': ({ experimentId }) =>
      storeCall(() => {
        mustExist(experimentId, 'experimentId');
        repo.setStatus(experimentId, 'running');
        return { status: 'running' as const };
      }),
    'experiments.get': ({ id }) => storeCall(() => ({ ...mustExist(id, 'id'), trialRecords: repo.trials(id) })),
    'experiments.list': ({ projectId }) => storeCall(() => repo.list(projectId)),
  };
}
