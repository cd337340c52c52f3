/** The project list and the open project, kept in sync with the store through the API. */
import type { Project, ProjectSummary } from '@shared/api/projects';
import type { TrainingSettings } from '@shared/train/settings';
import { api, errorMessage } from '../api';
import { toasts } from './toasts.svelte';

const LAST_KEY = 'layerloom.lastProject';

class Projects {
  list = $state<ProjectSummary[]>([]);
  current = $state<Project | null>(null);
  loading = $state(true);

  async refresh(): Promise<void> {
    try {
      this.list = await api.call('projects.list', {});
    } catch (err) {
      toasts.error(errorMessage(err));
    } finally {
      this.loading = false;
    }
  }

  async init(): Promise<void> {
    await this.refresh();
    const last = localStorage.getItem(LAST_KEY);
    const pick = this.list.find((p) => p.id === last) ?? this.list[0];
    if (pick) await this.open(pick.id);
    api.on('projects.changed', () => void this.refresh());
  }

  async open(id: string): Promise<void> {
    try {
      this.current = await api.call('projects.get', { id });
      localStorage.setItem(LAST_KEY, id);
    } catch (err) {
      toasts.error(errorMessage(err));
    }
  }

  /** Returns an error message for the form, or null on success. `training` comes with a template. */
  async create(name: string, document?: unknown, training?: TrainingSettings): Promise<string | null> {
    try {
      const p = await api.call('projects.create', {
        name,
        ...(document === undefined ? {} : { document }),
        ...(training === undefined ? {} : { training }),
      });
      await this.refresh();
      this.current = p;
      localStorage.setItem(LAST_KEY, p.id);
      return null;
    } catch (err) {
      return errorMessage(err);
    }
  }

  async rename(id: string, name: string): Promise<string | null> {
    try {
      const s = await api.call('projects.rename', { id, name });
      if (this.current?.id === id) this.current = { ...this.current, name: s.name, updatedAt: s.updatedAt };
      await this.refresh();
      return null;
    } catch (err) {
      return errorMessage(err);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await api.call('projects.delete', { id });
      if (this.current?.id === id) this.current = null;
      await this.refresh();
      const next = this.list[0];
      if (!this.current && next) await this.open(next.id);
    } catch (err) {
      toasts.error(errorMessage(err));
    }
  }
}

export const projects = new Projects();
