/**
 * The app's state, created once by App.svelte and handed to every component through Svelte context
 * (typed keys, no module-level singletons). Tests build the same objects around a fake API client
 * with `createAppState` and never need a component.
 */
import { createContext } from 'svelte';
import type { ApiClient } from '@shared/api/contract';
import { Toasts } from './state/toasts.svelte';
import { Projects, type KeyValueStore } from './state/projects.svelte';
import { Editor } from './state/editor.svelte';
import { DataState } from './state/data.svelte';
import { TrainingState } from './state/training.svelte';
import { ExperimentsState } from './state/experiments.svelte';
import { Theme, type DarkQuery, type ResolvedTheme } from './theme/theme.svelte';

export interface AppState {
  api: ApiClient;
  toasts: Toasts;
  projects: Projects;
  editor: Editor;
  data: DataState;
  training: TrainingState;
  experiments: ExperimentsState;
  theme: Theme;
}

/** Where the window's theme comes from and goes: the system's dark preference, and how to apply one. */
export interface ThemeHost {
  dark: DarkQuery | null;
  apply: (resolved: ResolvedTheme) => void;
}

/**
 * Builds the state objects, each given what it works with. `storage` remembers the last open project and
 * the theme choice; `themeHost` is the window's (tests leave it out: light, applied nowhere).
 */
export function createAppState(api: ApiClient, storage: KeyValueStore, themeHost: ThemeHost = { dark: null, apply: () => {} }): AppState {
  const toasts = new Toasts();
  const projects = new Projects(api, toasts, storage);
  const editor = new Editor(api, toasts);
  const data = new DataState({ api, editor, projects, toasts });
  const training = new TrainingState({ api, editor, projects, data, toasts });
  const experiments = new ExperimentsState({ api, editor, data, training, toasts });
  const theme = new Theme(storage, themeHost.dark, themeHost.apply);
  return { api, toasts, projects, editor, data, training, experiments, theme };
}

const [getApi, setApi] = createContext<ApiClient>();
const [getToasts, setToasts] = createContext<Toasts>();
const [getProjects, setProjects] = createContext<Projects>();
const [getEditor, setEditor] = createContext<Editor>();
const [getDataState, setDataState] = createContext<DataState>();
const [getTraining, setTraining] = createContext<TrainingState>();
const [getExperiments, setExperiments] = createContext<ExperimentsState>();
const [getTheme, setTheme] = createContext<Theme>();

/** Called by App during its initialisation: every component below it reads the state with the getters. */
export function provideAppState(app: AppState): void {
  setApi(app.api);
  setToasts(app.toasts);
  setProjects(app.projects);
  setEditor(app.editor);
  setDataState(app.data);
  setTraining(app.training);
  setExperiments(app.experiments);
  setTheme(app.theme);
}

export { getApi, getToasts, getProjects, getEditor, getDataState, getTraining, getExperiments, getTheme };
