/**
 * An in-memory ApiClient for the renderer's tests: a map of method → handler, every call recorded, events
 * emitted by hand. Arguments are checked against the contract's schemas as the real services check them,
 * so a test fails when the UI sends a call the host would refuse. A method without a handler is refused
 * with `unknown_method`, naming it.
 */
import { contract, type ApiClient, type Args, type MethodName, type Result } from '@shared/api/contract';
import { ApiError } from '@shared/api/errors';
import type { ApiEvents, EventName } from '@shared/api/events';
import type { Project, ProjectSummary } from '@shared/api/projects';
import { trainingSettingsSchema } from '@shared/train/settings';
import { uid } from './fixtures';

export type Handler<M extends MethodName> = (args: Args<M>) => Result<M> | Promise<Result<M>>;
export type Handlers = { [M in MethodName]?: Handler<M> };
export interface RecordedCall {
  method: MethodName;
  args: unknown;
}

export class FakeApi implements ApiClient {
  readonly calls: RecordedCall[] = [];
  readonly #handlers = new Map<MethodName, (args: never) => unknown>();
  readonly #listeners = new Map<EventName, Set<(payload: never) => void>>();

  constructor(handlers: Handlers = {}) {
    for (const [m, h] of Object.entries(handlers)) this.#handlers.set(m as MethodName, h as (args: never) => unknown);
  }

  /** Sets (or replaces) the handler of one method. */
  handle<M extends MethodName>(method: M, handler: Handler<M>): this {
    this.#handlers.set(method, handler as (args: never) => unknown);
    return this;
  }

  async call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
    this.calls.push({ method, args });
    const checked = contract[method].args.safeParse(args);
    if (!checked.success) {
      const i = checked.error.issues[0];
      throw new ApiError('bad_request', `${method}: ${i ? `${i.path.join('.') || 'arguments'}: ${i.message}` : 'invalid arguments'}`);
    }
    const handler = this.#handlers.get(method) as Handler<M> | undefined;
    if (!handler) throw new ApiError('unknown_method', `FakeApi has no handler for "${method}"`);
    return await handler(args);
  }

  on<E extends EventName>(event: E, handler: (payload: ApiEvents[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  /** Delivers an event to the listeners, as the host pushes one. */
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const h of this.#listeners.get(event) ?? []) (h as (p: ApiEvents[E]) => void)(payload);
  }

  /** The arguments of every call to `method`, in order. */
  callsTo<M extends MethodName>(method: M): Args<M>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args as Args<M>);
  }
}

/** A project store in memory behind the projects.* methods (and the datasets list, empty), for state tests. */
export function fakeProjectStore(api: FakeApi, initial: Project[] = []): Map<string, Project> {
  const store = new Map(initial.map((p) => [p.id, p]));
  let next = 100 + store.size;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const now = (): string => new Date((clock += 1000)).toISOString();
  const summary = (p: Project): ProjectSummary => ({ id: p.id, name: p.name, createdAt: p.createdAt, updatedAt: p.updatedAt });
  const get = (id: string): Project => {
    const p = store.get(id);
    if (!p) throw new ApiError('not_found', `No project with id "${id}"`);
    return p;
  };
  api
    .handle('projects.list', () => [...store.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map(summary))
    .handle('projects.get', ({ id }) => structuredClone(get(id)))
    .handle('projects.create', ({ name, document, training }) => {
      const t = now();
      const p: Project = {
        id: uid(next++),
        name,
        createdAt: t,
        updatedAt: t,
        document: document ?? null,
        view: null,
        dataPrep: null,
        training: trainingSettingsSchema.parse(training ?? {}),
      };
      store.set(p.id, p);
      return structuredClone(p);
    })
    .handle('projects.rename', ({ id, name }) => {
      const p = { ...get(id), name, updatedAt: now() };
      store.set(id, p);
      return summary(p);
    })
    .handle('projects.delete', ({ id }) => {
      get(id);
      store.delete(id);
      return { deleted: true };
    })
    .handle('projects.save', (args) => {
      const p: Project = { ...get(args.id), updatedAt: now() };
      if ('document' in args && args.document !== undefined) p.document = args.document;
      if ('view' in args && args.view !== undefined) p.view = args.view;
      if ('dataPrep' in args && args.dataPrep !== undefined) p.dataPrep = args.dataPrep as Project['dataPrep'];
      if ('training' in args && args.training !== undefined) p.training = trainingSettingsSchema.parse(args.training);
      store.set(p.id, p);
      return summary(p);
    })
    .handle('datasets.list', () => [])
    .handle('datasets.samples', () => []);
  return store;
}

/** localStorage's two methods, in memory. */
export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}
