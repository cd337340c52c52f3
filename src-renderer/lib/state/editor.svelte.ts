/**
 * The open project's model: its graph document, undo history, live analysis (shapes, params,
 * diagnostics) and autosave. Every edit is a command from src-shared/graph, so undo/redo is exact.
 * The canvas, inspector, summary and data panels all read and edit through this one object.
 */
import { analyze, emptyDocument, fitGraphToShape, History, safeParseDocument, type Analysis, type Command, type GraphDocument } from '@shared/graph/index';
import type { Project } from '@shared/api/projects';
import type { ApiClient } from '@shared/api/contract';
import { errorMessage } from '../api';
import type { Toasts } from './toasts.svelte';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'error';

/** What of the editor's view is restored when a project is reopened. */
export interface EditorView {
  viewport?: { x: number; y: number; zoom: number };
  selection?: string[];
}

const SAVE_DELAY_MS = 600;
/** After a failed save (disk full, read-only folder, host gone), try again this often. */
const RETRY_MS = 5000;

export class Editor {
  projectId = $state<string | null>(null);
  doc = $state.raw<GraphDocument>(emptyDocument());
  /** The prepared data's sample shape (set by the data state), or null when no data is prepared. */
  dataShape = $state.raw<readonly number[] | null>(null);
  /**
   * The model as it is built: the stored document with its data-fed Inputs following the data. Derived,
   * so preparing other windows never adds an edit to the undo history; what the user typed stays stored.
   */
  /** Regression outputs of the prepared data (targets × forecast steps): a Dense(1) head follows it. */
  dataOutputUnits = $state.raw<number | undefined>(undefined);
  modelDoc = $derived<GraphDocument>(this.dataShape ? fitGraphToShape(this.doc, this.dataShape, this.dataOutputUnits) : this.doc);
  analysis = $derived<Analysis>(analyze(this.modelDoc));
  selection = $state.raw<string[]>([]);
  viewport = $state.raw<EditorView['viewport']>(undefined);
  saveState = $state<SaveState>('saved');
  saveError = $state('');
  canUndo = $state(false);
  canRedo = $state(false);
  /** Bumped when the document is replaced wholesale (load, undo of a replace), for views to refit. */
  generation = $state(0);

  #history = new History(emptyDocument());
  #timer: ReturnType<typeof setTimeout> | undefined;
  #viewDirty = false;
  #docDirty = false;
  #saving: Promise<void> | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  readonly #api: ApiClient;
  readonly #toasts: Toasts;

  constructor(api: ApiClient, toasts: Toasts) {
    this.#api = api;
    this.#toasts = toasts;
  }

  /** Loads a project's document and view. A document that fails to parse is reported, not half-loaded. */
  load(project: Project): void {
    void this.flush();
    this.projectId = project.id;
    let doc = emptyDocument(project.name);
    if (project.document !== null && project.document !== undefined) {
      // a plain copy: the project may come from deep $state, and its proxies must not end up in the document
      // (it is posted to the training worker, and proxies cannot be cloned)
      const parsed = safeParseDocument($state.snapshot(project.document));
      if (parsed.ok) doc = parsed.doc;
      else this.#toasts.error(`This project's model could not be read: ${parsed.error.message}. An empty model is shown; the stored one is unchanged until you edit.`);
    }
    this.#history.reset(doc);
    this.doc = doc;
    const view = (project.view ?? {}) as EditorView;
    const ids = new Set(doc.nodes.map((n) => n.id));
    this.selection = (view.selection ?? []).filter((id) => ids.has(id));
    this.viewport = view.viewport;
    this.#docDirty = false;
    this.#viewDirty = false;
    this.saveState = 'saved';
    this.generation++;
    this.#sync();
  }

  /** Applies a command. Returns null, or the reason it was refused (the document is then unchanged). */
  execute(cmd: Command): string | null {
    try {
      this.doc = this.#history.execute(cmd);
    } catch (err) {
      return errorMessage(err);
    }
    this.#changed();
    return null;
  }

  /** Ends coalescing of the current edit (drag end, field blur). */
  seal(): void {
    this.#history.seal();
  }

  undo(): void {
    if (this.#history.undo()) this.#changed();
  }
  redo(): void {
    if (this.#history.redo()) this.#changed();
  }

  setSelection(ids: string[]): void {
    this.selection = ids;
    this.#viewDirty = true;
    this.#schedule();
  }
  setViewport(v: NonNullable<EditorView['viewport']>): void {
    this.viewport = v;
    this.#viewDirty = true;
    this.#schedule();
  }

  #changed(): void {
    this.doc = this.#history.doc;
    const ids = new Set(this.doc.nodes.map((n) => n.id));
    if (this.selection.some((id) => !ids.has(id))) this.selection = this.selection.filter((id) => ids.has(id));
    this.#docDirty = true;
    this.saveState = 'unsaved';
    this.#sync();
    this.#schedule();
  }
  #sync(): void {
    this.canUndo = this.#history.canUndo;
    this.canRedo = this.#history.canRedo;
  }
  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  /** Saves pending edits now (also called before the window or tab closes). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#saving) await this.#saving;
    const id = this.projectId;
    if (!id || (!this.#docDirty && !this.#viewDirty)) return;
    const sendDoc = this.#docDirty;
    const doc = this.doc;
    const view: EditorView = { selection: this.selection, ...(this.viewport ? { viewport: this.viewport } : {}) };
    this.#docDirty = false;
    this.#viewDirty = false;
    if (sendDoc) this.saveState = 'saving';
    this.#saving = (async () => {
      try {
        await this.#api.call('projects.save', sendDoc ? { id, document: doc, view } : { id, view });
        if (this.doc === doc && !this.#docDirty) this.saveState = 'saved';
        this.saveError = '';
      } catch (err) {
        if (sendDoc) this.#docDirty = true;
        this.#viewDirty = true;
        const repeated = this.saveError !== '';
        this.saveState = 'error';
        this.saveError = errorMessage(err);
        if (!repeated) this.#toasts.error(`Not saved: ${this.saveError} Your model is kept here; saving is retried every few seconds.`);
        clearTimeout(this.#retry);
        this.#retry = setTimeout(() => void this.flush(), RETRY_MS);
      } finally {
        this.#saving = null;
      }
    })();
    await this.#saving;
  }

  /** True when there are edits not yet in the database. */
  get dirty(): boolean {
    return this.#docDirty || this.saveState === 'saving' || this.saveState === 'error';
  }
}
