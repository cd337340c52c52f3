import { describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/errors';
import { FakeApi, fakeProjectStore, memoryStorage } from '../testing/fake-api';
import { project, uid } from '../testing/fixtures';

const A = uid(1);
const B = uid(2);
const C = uid(3);
import { Toasts } from './toasts.svelte';
import { Projects } from './projects.svelte';

function setup(initial = [project({ id: A, name: 'Alpha', updatedAt: '2026-01-02T00:00:00.000Z' }), project({ id: B, name: 'Beta' })]) {
  const api = new FakeApi();
  const store = fakeProjectStore(api, initial);
  const storage = memoryStorage();
  const toasts = new Toasts();
  return { api, store, storage, toasts, projects: new Projects(api, toasts, storage) };
}

describe('projects state', () => {
  it('starts loading, then lists the projects and opens the most recent one', async () => {
    const { projects, api } = setup();
    expect(projects.loading).toBe(true);
    await projects.init();
    expect(projects.loading).toBe(false);
    expect(projects.list.map((p) => p.name)).toEqual(['Alpha', 'Beta']);
    expect(projects.current?.id).toBe(A);
    expect(api.calls.map((c) => c.method)).toEqual(['projects.list', 'projects.get']);
  });

  it('reopens the project last opened in this browser', async () => {
    const { projects, storage } = setup();
    storage.setItem('layerloom.lastProject', B);
    await projects.init();
    expect(projects.current?.name).toBe('Beta');
  });

  it('creates a project through the API, lists it and makes it current', async () => {
    const { projects, api, store, storage } = setup([]);
    await projects.init();
    expect(projects.current).toBeNull();
    expect(await projects.create('Gamma')).toBeNull();
    expect(api.callsTo('projects.create')).toEqual([{ name: 'Gamma' }]);
    expect(projects.current?.name).toBe('Gamma');
    expect(projects.list.map((p) => p.name)).toEqual(['Gamma']);
    expect(storage.getItem('layerloom.lastProject')).toBe(projects.current?.id);
    expect(store.size).toBe(1);
  });

  it('returns the refusal for the form when a name is refused, and keeps the current project', async () => {
    const { projects, api } = setup();
    await projects.init();
    expect(await projects.create('')).toMatch(/^projects\.create: name: /); // the contract's own check
    api.handle('projects.create', () => {
      throw new ApiError('conflict', 'A project named "Alpha" already exists');
    });
    expect(await projects.create('Alpha')).toBe('A project named "Alpha" already exists');
    expect(projects.current?.id).toBe(A);
  });

  it('renames the current project in place and in the list', async () => {
    const { projects, api } = setup();
    await projects.init();
    expect(await projects.rename(A, 'Alpha 2')).toBeNull();
    expect(api.callsTo('projects.rename')).toEqual([{ id: A, name: 'Alpha 2' }]);
    expect(projects.current?.name).toBe('Alpha 2');
    expect(projects.list.find((p) => p.id === A)?.name).toBe('Alpha 2');
  });

  it('switches projects and remembers the choice', async () => {
    const { projects, storage } = setup();
    await projects.init();
    await projects.open(B);
    expect(projects.current?.name).toBe('Beta');
    expect(storage.getItem('layerloom.lastProject')).toBe(B);
  });

  it('shows a failed open as a message and keeps the project that was open', async () => {
    const { projects, toasts } = setup();
    await projects.init();
    await projects.open(uid(9));
    expect(projects.current?.id).toBe(A);
    expect(toasts.items.map((t) => [t.kind, t.text])).toEqual([['error', `No project with id "${uid(9)}"`]]);
  });

  it('deleting the current project opens the next one', async () => {
    const { projects } = setup();
    await projects.init();
    await projects.remove(A);
    expect(projects.current?.id).toBe(B);
    expect(projects.list.map((p) => p.id)).toEqual([B]);
  });

  it('reloads the list when the host says projects changed (another window)', async () => {
    const { projects, api, store } = setup();
    await projects.init();
    store.set(C, project({ id: C, name: 'Gamma', updatedAt: '2026-02-01T00:00:00.000Z' }));
    api.emit('projects.changed', { id: C, change: 'created' });
    await expect.poll(() => projects.list.map((p) => p.name)).toEqual(['Gamma', 'Alpha', 'Beta']);
  });
});
