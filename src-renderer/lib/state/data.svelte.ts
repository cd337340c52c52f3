/**
 * The open project's data: its datasets, the bundled samples, the decoded dataset its preparation
 * reads, the preparation itself (saved with the project, debounced) and the live prepared result.
 * When preparation succeeds, the model's data-fed Inputs follow the data by derivation (editor.modelDoc), and
 * `fitMessage` says when the model's output does not fit the target.
 */
import { untrack } from 'svelte';
import type { DatasetSummary, SampleInfo } from '@shared/api/datasets';
import { loadDataset, storeDataset } from '@shared/api/dataset-transfer';
import type { Project } from '@shared/api/projects';
import { cleanName } from '@shared/api/common';
import {
  dataPrepSchema,
  datasetProfile,
  deserializeDataset,
  inputShapeFor,
  isDataError,
  csvSizeError,
  outputFitsTarget,
  prepare,
  preparedSummary,
  type DataPrep,
  type DataPrepInput,
  type Dataset,
  type DatasetMeta,
  type DatasetProfile,
  type PreparedData,
  type PreparedSummary,
} from '@shared/data/index';
import { initialPrep, recordColumnType, unparseableCount } from '@shared/data/prep-columns';
import type { ApiClient } from '@shared/api/contract';
import { errorMessage } from '../api';
import type { Editor } from './editor.svelte';
import type { Projects } from './projects.svelte';
import type { Toasts } from './toasts.svelte';
import { checkCsvReply, type CsvWorkerRequest } from '../../workers/csv-messages';

const SAVE_DELAY_MS = 500;
/** Datasets with more cells than this are prepared after a pause in editing, not on every keystroke. */
const BIG_CELLS = 2_000_000;
export const CSV_ACCEPT = '.csv,.tsv,.txt,text/csv,text/tab-separated-values';

export type Prepared =
  /** `prep`: the preparation `data` was prepared with (training hands both to its worker, which does not prepare again). */
  | { ok: true; data: PreparedData; summary: PreparedSummary; inputShape: number[]; prep: DataPrep }
  | { ok: false; error: string; hint?: boolean };

/** Whether a file looks like a CSV the user meant to import (by name or type). */
export function isCsvFile(f: { name: string; type: string }): boolean {
  return /\.(csv|tsv|txt)$/i.test(f.name) || /csv|tab-separated/.test(f.type);
}

export { initialPrep };

function runPrepare(ds: Dataset | null, prep: DataPrep | null): Prepared | null {
  if (!ds || !prep) return null;
  if (prep.targets.length === 0) return { ok: false, error: 'Pick the column to predict: tick “Target” in the table.', hint: true };
  try {
    const data = prepare(ds, prep);
    return { ok: true, data, summary: preparedSummary(data), inputShape: inputShapeFor(data), prep };
  } catch (err) {
    return { ok: false, error: isDataError(err) ? err.message : errorMessage(err) };
  }
}

export const fmtShape = (s: readonly (number | null)[]): string => `[${s.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;

/** What the data state works with: the API, the open project, the model it keeps in step, messages. */
export interface DataDeps {
  api: ApiClient;
  editor: Editor;
  projects: Projects;
  toasts: Toasts;
}

export class DataState {
  projectId = $state<string | null>(null);
  prep = $state.raw<DataPrep | null>(null);
  datasets = $state.raw<DatasetSummary[]>([]);
  samples = $state.raw<SampleInfo[]>([]);
  /** The decoded dataset the preparation reads (null until one is chosen and loaded). */
  dataset = $state.raw<Dataset | null>(null);
  datasetId = $state<string | null>(null);
  loading = $state(false);
  /** The import under way: bytes of the file read (phase "reading"), then of the columns sent ("storing"). */
  importing = $state<{ name: string; read: number; size: number; phase: 'reading' | 'storing' } | null>(null);
  /** The last import's failure, with the row and column the data core named. */
  importError = $state('');
  typeError = $state('');
  /** After a refused type override: the override again with unparseable cells made missing, and how many. */
  typeRetry = $state<{ column: string; type: DataPrep['columnTypes'][string]; cells: number } | null>(null);
  saveState = $state<'saved' | 'unsaved' | 'saving' | 'error'>('saved');

  profile = $derived<DatasetProfile | null>(this.dataset ? datasetProfile(this.dataset) : null);
  /** The live result of `prepare()`; recomputed on every change (after a short pause for big datasets). */
  prepared = $state.raw<Prepared | null>(null);
  /** A recomputation is pending (big datasets only). */
  preparing = $state(false);
  /** Why the model's output does not fit the prepared target, or null. Shown in the Data tab (and available to others). */
  fitMessage = $derived.by<string | null>(() => {
    const p = this.prepared;
    if (!p?.ok) return null;
    const a = this.#editor.analysis;
    for (const id of a.outputs) {
      const shape = a.nodes.get(id)?.outputShape;
      if (!shape) continue;
      const node = this.#editor.modelDoc.nodes.find((n) => n.id === id);
      const act = node?.kind === 'Dense' && typeof node.params.activation === 'string' ? node.params.activation : undefined;
      const msg = outputFitsTarget(shape, p.data, act);
      if (msg) return msg;
    }
    return null;
  });

  #timer: ReturnType<typeof setTimeout> | undefined;
  #pendingSave: { id: string; prep: DataPrep | null } | null = null;
  #worker: Worker | null = null;
  #jobs = 0;
  #fileInput: HTMLInputElement | null = null;
  #loadToken = 0;
  #listening = false;
  readonly #api: ApiClient;
  readonly #editor: Editor;
  readonly #projects: Projects;
  readonly #toasts: Toasts;

  constructor({ api, editor, projects, toasts }: DataDeps) {
    this.#api = api;
    this.#editor = editor;
    this.#projects = projects;
    this.#toasts = toasts;
  }

  /** Follows the open project: loads its preparation, datasets and the dataset it reads. */
  async open(project: Project): Promise<void> {
    await this.flush();
    this.projectId = project.id;
    this.prep = project.dataPrep;
    this.dataset = null;
    this.datasetId = null;
    this.importError = '';
    this.typeError = '';
    this.typeRetry = null;
    this.saveState = 'saved';
    void this.refresh();
    if (this.samples.length === 0) void this.#api.call('datasets.samples', {}).then((s) => (this.samples = s)).catch(() => {});
    if (!this.#listening) {
      this.#listening = true;
      this.#api.on('datasets.changed', () => void this.refresh());
    }
    if (project.dataPrep?.datasetId) await this.#load(project.dataPrep.datasetId);
  }

  async refresh(): Promise<void> {
    const id = this.projectId;
    if (!id) return;
    try {
      const list = await this.#api.call('datasets.list', { projectId: id });
      if (this.projectId === id) this.datasets = list;
    } catch (err) {
      this.#toasts.error(errorMessage(err));
    }
  }

  async #load(id: string): Promise<boolean> {
    const token = ++this.#loadToken;
    this.loading = true;
    try {
      const d = await loadDataset(this.#api, id);
      if (token !== this.#loadToken) return false;
      this.#setDataset(id, d.meta, d.blobs);
      return true;
    } catch (err) {
      if (token === this.#loadToken) this.#toasts.error(`The dataset could not be loaded: ${errorMessage(err)}`);
      return false;
    } finally {
      if (token === this.#loadToken) this.loading = false;
    }
  }

  #setDataset(id: string, meta: DatasetMeta, blobs: Uint8Array[]): Dataset {
    const ds = deserializeDataset(meta, blobs);
    this.dataset = ds;
    this.datasetId = id;
    return ds;
  }

  /** Makes a stored dataset the one this project prepares (keeping settings whose columns still exist). */
  async choose(id: string, suggestion?: DataPrepInput): Promise<void> {
    if (!(await this.#load(id)) || !this.dataset) return;
    this.typeError = '';
    this.typeRetry = null;
    const keepSettings = this.prep && this.prep.datasetId === id;
    if (!keepSettings) this.update(initialPrep(this.dataset, id, this.prep, suggestion));
  }

  async importSample(sample: SampleInfo): Promise<void> {
    if (!this.projectId) return;
    this.importError = '';
    this.importing = { name: sample.file, read: 0, size: 0, phase: 'reading' };
    try {
      const info = await this.#api.call('datasets.importSample', { file: sample.file, projectId: this.projectId });
      await this.refresh();
      await this.choose(info.id, sample.suggested[0]?.prep);
      this.#toasts.show(`Imported ${sample.title}: ${info.rowCount.toLocaleString()} rows.`, 'success');
    } catch (err) {
      this.importError = errorMessage(err);
    } finally {
      this.importing = null;
    }
  }

  /** Parses a CSV file in the worker, stores it, and makes it the project's dataset. */
  async importFile(file: File): Promise<void> {
    const projectId = this.projectId;
    if (!projectId) {
      this.#toasts.error('Open or create a project first, then import the CSV into it.');
      return;
    }
    if (this.importing) {
      this.#toasts.error(`Still importing ${this.importing.name}; try again when it is done.`);
      return;
    }
    this.importError = '';
    // Over the advertised limit: said at once, before reading (the parser says the same for streams).
    const tooLarge = csvSizeError(file.name, file.size);
    if (tooLarge) {
      this.importError = tooLarge;
      return;
    }
    this.importing = { name: file.name, read: 0, size: file.size, phase: 'reading' };
    try {
      const { meta, blobs } = await this.#parse(file);
      const name = file.name.replace(/\.(csv|tsv|txt)$/i, '') || file.name;
      // a file name is not the user's choice: made to fit the name rule rather than refused.
      // Large datasets go in chunks the web host accepts (see src-shared/data/limits.ts).
      const info = await storeDataset(
        this.#api,
        { name: cleanName(name, 'data'), projectId, meta, blobs },
        { onProgress: (sent, total) => (this.importing = { name: file.name, read: sent, size: total, phase: 'storing' }) },
      );
      if (this.projectId !== projectId) return;
      await this.refresh();
      const ds = this.#setDataset(info.id, meta, blobs);
      this.update(initialPrep(ds, info.id, this.prep));
      this.#toasts.show(`Imported ${file.name}: ${info.rowCount.toLocaleString()} rows, ${info.columnCount} columns.`, 'success');
    } catch (err) {
      this.importError = `${file.name}: ${errorMessage(err)}`;
    } finally {
      this.importing = null;
    }
  }

  #parse(file: File): Promise<{ meta: DatasetMeta; blobs: Uint8Array[] }> {
    this.#worker ??= new Worker(new URL('../../workers/csv.worker.ts', import.meta.url), { type: 'module' });
    const worker = this.#worker;
    const id = ++this.#jobs;
    return new Promise((resolve, reject) => {
      const onMessage = (e: MessageEvent<unknown>): void => {
        const checked = checkCsvReply(e.data);
        if (!checked.ok) {
          // Only one import runs at a time: a message that cannot be read fails it, clearly.
          worker.removeEventListener('message', onMessage);
          worker.removeEventListener('error', onError);
          reject(new Error(checked.error));
          return;
        }
        const r = checked.value;
        if (r.id !== id) return;
        if (r.type === 'progress') {
          if (this.importing) this.importing = { ...this.importing, read: r.read, size: r.size, phase: 'reading' };
          return;
        }
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        if (r.type === 'done') resolve({ meta: r.meta, blobs: r.blobs });
        else reject(new Error(r.message));
      };
      const onError = (e: ErrorEvent): void => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        this.#worker = null;
        reject(new Error(`the CSV reader stopped: ${e.message || 'unknown error'}`));
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      worker.postMessage({ id, file } satisfies CsvWorkerRequest);
    });
  }

  /** The Data tab registers its file input; the File menu's Import CSV… clicks it (or a temporary one). */
  registerFileInput(el: HTMLInputElement | null): void {
    this.#fileInput = el;
  }
  pickFile(): void {
    if (this.#fileInput?.isConnected) {
      this.#fileInput.click();
      return;
    }
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = CSV_ACCEPT;
    input.onchange = () => {
      const f = input.files?.[0];
      if (f) void this.importFile(f);
    };
    input.click();
  }

  /** Window drag-and-drop of CSV files (palette drags carry application/layerloom-kind and are left alone). */
  dragOver(e: DragEvent): void {
    const types = e.dataTransfer?.types ?? [];
    if (!types.includes('Files') || types.includes('application/layerloom-kind')) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  }
  drop(e: DragEvent): void {
    const types = e.dataTransfer?.types ?? [];
    if (!types.includes('Files') || types.includes('application/layerloom-kind')) return;
    e.preventDefault();
    const file = Array.from(e.dataTransfer?.files ?? []).find(isCsvFile) ?? e.dataTransfer?.files[0];
    if (!file) return;
    if (!isCsvFile(file)) {
      this.#toasts.error(`${file.name} is not a CSV file; drop a .csv or .tsv file to import it.`);
      return;
    }
    void this.importFile(file);
  }

  /**
   * Overrides a column's type in the stored dataset; false (with `typeError` set) when its values do not
   * fit — then `typeRetry` offers the same override with the cells that do not fit made missing (`coerce`).
   */
  async setColumnType(column: string, type: DataPrep['columnTypes'][string], coerce = false): Promise<boolean> {
    const id = this.datasetId;
    if (!id) return false;
    this.typeError = '';
    this.typeRetry = null;
    try {
      await this.#api.call('datasets.setColumnType', { id, column, type, ...(coerce ? { coerce: true } : {}) });
      await this.#load(id);
      // the override belongs to the preparation too: the project file, run snapshots, Predict and exports read it there
      if (this.dataset && this.prep && this.prep.datasetId === id) this.update(recordColumnType(this.prep, this.dataset, column, type, coerce));
      return true;
    } catch (err) {
      this.typeError = errorMessage(err);
      const cells = this.dataset && this.datasetId === id ? unfit(this.dataset, column, type) : 0;
      if (!coerce && cells > 0) this.typeRetry = { column, type, cells };
      return false;
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.#api.call('datasets.delete', { id });
      if (this.datasetId === id) {
        this.dataset = null;
        this.datasetId = null;
      }
      if (this.prep?.datasetId === id) {
        // Keep the settings for the next dataset, without pointing at the deleted one.
        const { datasetId: _gone, ...rest } = this.prep;
        this.update(rest);
      }
      await this.refresh();
    } catch (err) {
      this.#toasts.error(errorMessage(err));
    }
  }

  /** Replaces the preparation (validated) and saves it shortly after. Returns the reason when refused. */
  update(next: DataPrepInput): string | null {
    const r = dataPrepSchema.safeParse(next);
    if (!r.success) {
      const i = r.error.issues[0];
      return i ? `${i.path.join('.') || 'preparation'}: ${i.message}` : 'invalid preparation';
    }
    this.prep = r.data;
    this.#schedule();
    return null;
  }

  #schedule(): void {
    if (!this.projectId) return;
    this.#pendingSave = { id: this.projectId, prep: this.prep };
    this.saveState = 'unsaved';
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    const p = this.#pendingSave;
    if (!p) return;
    this.#pendingSave = null;
    this.saveState = 'saving';
    try {
      await this.#api.call('projects.save', { id: p.id, dataPrep: p.prep });
      if (this.#projects.current?.id === p.id) this.#projects.current.dataPrep = p.prep;
      if (!this.#pendingSave) this.saveState = 'saved';
    } catch (err) {
      this.saveState = 'error';
      this.#pendingSave ??= p;
      this.#toasts.error(`Data preparation not saved: ${errorMessage(err)}`);
    }
  }

  /**
   * Follows the open project, and keeps the model's Input shape in step with the prepared data, until
   * the returned function is called (the app starts this once; tests start their own).
   */
  follow(): () => void {
    return $effect.root(() => {
      $effect(() => {
        const p = this.#projects.current;
        const id = p?.id ?? null;
        untrack(() => {
          if (p && id !== this.projectId) void this.open(p);
          if (!p && this.projectId) {
            void this.flush();
            this.projectId = null;
            this.dataset = null;
            this.prep = null;
          }
        });
      });

      // Preparation follows the dataset and the settings; big datasets wait for a pause in typing.
      $effect(() => {
        const ds = this.dataset;
        const prep = this.prep && this.prep.datasetId === this.datasetId ? this.prep : null;
        if (!ds || ds.rowCount * ds.columns.length < BIG_CELLS) {
          untrack(() => {
            this.preparing = false;
            this.prepared = runPrepare(ds, prep);
          });
          return;
        }
        untrack(() => (this.preparing = true));
        const t = setTimeout(() => {
          this.prepared = runPrepare(ds, prep);
          this.preparing = false;
        }, 300);
        return () => clearTimeout(t);
      });

      // The model's data-fed Inputs follow the prepared shape by derivation (editor.modelDoc), not by edits.
      // A preparation that fails (a window longer than the data) leaves the model as it was.
      $effect(() => {
        const p = this.prepared;
        const same = this.#editor.projectId === this.projectId;
        if (p && !p.ok && same) return;
        const shape = p?.ok && same ? p.inputShape : null;
        const units = p?.ok && same && p.data.task === 'regression' ? p.data.yWidth : undefined;
        untrack(() => {
          if (JSON.stringify(this.#editor.dataShape) !== JSON.stringify(shape)) this.#editor.dataShape = shape;
          if (this.#editor.dataOutputUnits !== units) this.#editor.dataOutputUnits = units;
        });
      });
    });
  }
}

/** Cells of `column` that `type` cannot read (0 when the conversion fails for another reason). */
function unfit(ds: Dataset, column: string, type: DataPrep['columnTypes'][string]): number {
  try {
    return unparseableCount(ds, column, type);
  } catch {
    return 0;
  }
}
