/** The project list and the open project, kept in sync with the store through the API. */
import type { Project, ProjectSummary } from '@shared/api/projects';
import type { TrainingSettings } from '@shared/train/settings';
import type { ApiClient } from '@shared/api/contract';
import { errorMessage } from '../api';
import type { Toasts } from './toasts.svelte';

const LAST_KEY = 'layerloom.lastProject';

/** Where the last open project is remembered (the browser's localStorage in the app). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

export class Projects {
  list = $state<ProjectSummary[]>([]);
  current = $state<Project | null>(null);
  loading = $state(true);

  readonly #api: ApiClient;
  readonly #toasts: Toasts;
  readonly #storage: KeyValueStore;

  constructor(api: ApiClient, toasts: Toasts, storage: KeyValueStore) {
    this.#api = api;
    this.#toasts = toasts;
    this.#storage = storage;
  }

  async refresh(): Promise<void> {
    try {
      this.list = await this.#api.call('projects.list', {});
    } catch (err) {
      this.#toasts.error(errorMessage(err));
    } finally {
      this.loading = false;
    }
  }

  async init(): Promise<void> {
    await this.refresh();
    const last = this.#storage.getItem(LAST_KEY);
    const pick = this.list.find((p) => p.id === last) ?? this.list[0];
    if (pick) await this.open(pick.id);
    this.#api.on('projects.changed', () => void this.refresh());
  }

  async open(id: string): Promise<void> {
    try {
      this.current = await this.#api.call('projects.get', { id });
      this.#storage.setItem(LAST_KEY, id);
    } catch (err) {
      this.#toasts.error(errorMessage(err));
    }
  }

  /** Returns an error message for the form, or null on success. `training` comes with a template. */
  async create(name: string, document?: unknown, training?: TrainingSettings): Promise<string | null> {
    try {
      const p = await this.#api.call('projects.create', {
        name,
        ...(document === undefined ? {} : { document }),
        ...(training === undefined ? {} : { training }),
      });
      await this.refresh();
      this.current = p;
      this.#storage.setItem(LAST_KEY, p.id);
      return null;
    } catch (err) {
      return errorMessage(err);
    }
  }

  async rename(id: string, name: string): Promise<string | null> {
    try {
      const s = await this.#api.call('projects.rename', { id, name });
      if (this.current?.id === id) this.current = { ...this.current, name: s.name, updatedAt: s.updatedAt };
      await this.refresh();
      return null;
    } catch (err) {
      return errorMessage(err);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.#api.call('projects.delete', { id });
      if (this.current?.id === id) this.current = null;
      await this.refresh();
      const next = this.list[0];
      if (!this.current && next) await this.open(next.id);
    } catch (err) {
      this.#toasts.error(errorMessage(err));
    }
  }
}
