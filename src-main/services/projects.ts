import type { Handlers } from '../../src-shared/api/dispatch';
import { ApiError } from '../../src-shared/api/errors';
import { MAX_DOCUMENT_CHARS } from '../../src-shared/api/projects';
import { projectsRepo } from '../store/projects-repo';
import { storeCall } from './store-call';
import type { ServiceDeps } from './deps';

type ProjectHandlers = Pick<
  Handlers,
  'projects.list' | 'projects.get' | 'projects.create' | 'projects.rename' | 'projects.delete' | 'projects.save'
>;

function checkSize(what: string, value: unknown): void {
  if (value === undefined) return;
  const n = JSON.stringify(value)?.length ?? 0;
  if (n > MAX_DOCUMENT_CHARS) {
    throw new ApiError('bad_request', `The ${what} is too large (${n} characters, limit ${MAX_DOCUMENT_CHARS}).`, what);
  }
}

export function projectHandlers(deps: ServiceDeps): ProjectHandlers {
  const repo = projectsRepo(deps.store.db);
  const mustExist = (id: string): void => {
    if (!repo.get(id)) throw new ApiError('not_found', `No project with id ${id}; it may have been deleted.`, 'id');
  };
  return {
    'projects.list': () => storeCall(() => repo.list()),
    'projects.get': ({ id }) =>
      storeCall(() => {
        const p = repo.get(id);
        if (!p) throw new ApiError('not_found', `No project with id ${id}; it may have been deleted.`, 'id');
        return p;
      }),
    'projects.create': ({ name, document, dataPrep, training }, ctx) =>
      storeCall(() => {
        checkSize('document', document);
        if (repo.nameTaken(name)) throw new ApiError('conflict', `A project named "${name}" already exists.`, 'name');
        const p = repo.create(name, document, { dataPrep, training });
        ctx.emit('projects.changed', { id: p.id, change: 'created' });
        return p;
      }),
    'projects.rename': ({ id, name }, ctx) =>
      storeCall(() => {
        mustExist(id);
        if (repo.nameTaken(name, id)) throw new ApiError('conflict', `A project named "${name}" already exists.`, 'name');
        repo.rename(id, name);
        ctx.emit('projects.changed', { id, change: 'renamed' });
        return repo.list().find((p) => p.id === id)!;
      }),
    'projects.delete': ({ id }, ctx) =>
      storeCall(() => {
        mustExist(id);
        repo.delete(id);
        ctx.emit('projects.changed', { id, change: 'deleted' });
        return { deleted: true as const };
      }),
    'projects.save': ({ id, document, view, dataPrep, training }, ctx) =>
      storeCall(() => {
        checkSize('document', document);
        checkSize('view', view);
        mustExist(id);
        repo.save(id, { document, view, dataPrep, training });
        if (document !== undefined || dataPrep !== undefined || training !== undefined) ctx.emit('projects.changed', { id, change: 'saved' });
        return repo.list().find((p) => p.id === id)!;
      }),
  };
}
