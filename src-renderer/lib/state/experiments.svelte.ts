/**
 * Experiments in the app: the project's experiments and the one shown, starting one from the form's spec
 * (checked with `validateSpec` before anything runs; problems keyed by field for the form), stopping it
 * (the trial in flight is dropped, the experiment stays resumable) and resuming a stopped one — or one
 * left "running" by a closed window or a crash — at its next trial. The experiment worker runs the shared
 * runner; every API call it makes is made here, through the app's API client, and its answer posted back.
 */
import type { ApiClient, MethodName } from '@shared/api/contract';
import type { ExperimentDetail, ExperimentSummary, TrialRecord } from '@shared/api/experiments';
import type { ExperimentSpecInput, Point } from '@shared/experiments/spec';
import { SpecError, validateSpec } from '@shared/experiments/validate';
import { errorMessage } from '../api';
import type { Editor } from './editor.svelte';
import type { DataState } from './data.svelte';
import type { TrainingState } from './training.svelte';
import type { Toasts } from './toasts.svelte';
import { checkExperimentReply, type ExperimentWorkerReply, type ExperimentWorkerRequest } from '../../workers/experiment-messages';

export type ExperimentPhase = 'idle' | 'running' | 'stopping';

export interface ExperimentDeps {
  api: ApiClient;
  editor: Editor;
  data: DataState;
  training: TrainingState;
  toasts: Toasts;
}

/**
 * Splits validateSpec's problems by what they concern: `dimensions[2]`, `budget.trials`, `strategy`…
 * (the text before the first ":" or " (" of each problem), so the form shows each next to its field.
 */
export function problemsByField(problems: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) {
    const m = /^(dimensions\[\d+\]|[a-zA-Z]+(?:\.[a-zA-Z]+)?)/.exec(p);
    const key = m ? (m[1]!.startsWith('dimensions.') ? 'dimensions' : m[1]!) : 'spec';
    (out[key] ??= []).push(p);
  }
  return out;
}

export class ExperimentsState {
  projectId = $state<string | null>(null);
  list = $state.raw<ExperimentSummary[]>([]);
  chosen = $state<string | null>(null);
  detail = $state.raw<ExperimentDetail | null>(null);
  phase = $state<ExperimentPhase>('idle');
  /** The experiment this session's worker runs. */
  runningId = $state<string | null>(null);
  current = $state.raw<{ trial: number; point: Point; epoch: number; epochs: number } | null>(null);
  /** validateSpec's problems for the last Start, by field (see problemsByField). */
  problems = $state.raw<Record<string, string[]>>({});
  error = $state('');
  /** Bumped when a trial's run is recorded, so the runs table reloads. */
  version = $state(0);
  /** A trial's run to open in the export dialog (App opens it and clears this). */
  exportRequest = $state<string | null>(null);

  /** Experiments that can be resumed: stopped ones, and ones marked running that no worker of this window runs. */
  resumable = $derived(this.list.filter((e) => (e.status === 'stopped' || e.status === 'running') && e.id !== this.runningId));
  busy = $derived(this.phase !== 'idle');
  /** The project's dataset is loaded and prepared: trials can run (each prepares it at its point). */
  get canRun(): boolean {
    return !!this.#d.data.dataset && !!this.#d.data.prep;
  }

  #worker: Worker | null = null;
  #token = 0;
  readonly #d: ExperimentDeps;

  constructor(deps: ExperimentDeps) {
    this.#d = deps;
  }

  /** Follows the open project. */
  open(projectId: string | null): void {
    if (projectId === this.projectId) return;
    this.projectId = projectId;
    this.list = [];
    this.chosen = null;
    this.detail = null;
    this.problems = {};
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const id = this.projectId;
    const t = ++this.#token;
    if (!id) return;
    try {
      const list = await this.#d.api.call('experiments.list', { projectId: id });
      if (t !== this.#token) return;
      this.list = list;
      if (!this.chosen || !list.some((e) => e.id === this.chosen)) this.chosen = list[0]?.id ?? null;
      await this.load();
    } catch (err) {
      if (t === this.#token) this.error = errorMessage(err);
    }
  }

  async choose(id: string | null): Promise<void> {
    this.chosen = id;
    await this.load();
  }

  async load(): Promise<void> {
    const id = this.chosen;
    if (!id) {
      this.detail = null;
      return;
    }
    try {
      const d = await this.#d.api.call('experiments.get', { id });
      if (this.chosen === id) this.detail = d;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  /** Checks the spec against the open graph; null when it can run (problems are kept by field). */
  check(spec: ExperimentSpecInput): string[] | null {
    try {
      validateSpec(spec, { doc: this.#d.editor.doc });
      this.problems = {};
      return null;
    } catch (err) {
      const list = err instanceof SpecError ? err.problems : [errorMessage(err)];
      this.problems = problemsByField(list);
      return list;
    }
  }

  /** Starts a new experiment from `spec` (nothing runs when it has problems). */
  start(spec: ExperimentSpecInput): boolean {
    if (this.busy || this.#d.training.busy) {
      this.#d.toasts.error('Training is running: stop it before starting an experiment.');
      return false;
    }
    if (this.check(spec)) return false;
    return this.#launch(spec);
  }

  /** Continues a stopped (or orphaned) experiment at its next trial, with its own spec. */
  async resume(id: string): Promise<boolean> {
    if (this.busy || this.#d.training.busy) return false;
    try {
      const e = await this.#d.api.call('experiments.get', { id });
      this.chosen = id;
      this.detail = e;
      return this.#launch(e.spec, id);
    } catch (err) {
      this.#d.toasts.error(`The experiment could not be resumed: ${errorMessage(err)}`);
      return false;
    }
  }

  stop(): void {
    if (this.phase !== 'running') return;
    this.phase = 'stopping';
    this.#worker?.postMessage({ type: 'stop' } satisfies ExperimentWorkerRequest);
  }

  #launch(spec: ExperimentSpecInput, experimentId?: string): boolean {
    const { data, editor, training, toasts } = this.#d;
    if (!this.projectId || !data.dataset || !data.prep) {
      toasts.error('No data is prepared: choose a dataset and a target column in the Data tab.');
      return false;
    }
    this.error = '';
    this.phase = 'running';
    this.runningId = experimentId ?? null;
    this.current = null;
    const w = new Worker(new URL('../../workers/experiment.worker.ts', import.meta.url), { type: 'module' });
    this.#worker = w;
    w.onmessage = (e: MessageEvent<unknown>) => {
      const m = checkExperimentReply(e.data);
      if (m.ok) void this.#onMessage(w, m.value);
      else this.#end(w, `${m.error}. The experiment was stopped.`);
    };
    w.onerror = (e) => this.#end(w, `The experiment worker crashed: ${e.message || 'unknown error'}.`);
    const req: ExperimentWorkerRequest = {
      type: 'start',
      projectId: this.projectId,
      // plain copies: what comes from the open project may be a reactive proxy, which cannot be posted
      spec: $state.snapshot(spec) as ExperimentSpecInput,
      doc: $state.snapshot(editor.doc),
      prep: $state.snapshot(data.prep),
      dataset: data.dataset,
      settings: $state.snapshot(training.settings),
      ...(experimentId ? { experimentId } : {}),
    };
    try {
      w.postMessage(req);
    } catch (err) {
      this.#end(w, `The experiment could not start: ${errorMessage(err)}`);
      return false;
    }
    return true;
  }

  async #onMessage(w: Worker, m: ExperimentWorkerReply): Promise<void> {
    if (w !== this.#worker) return;
    switch (m.type) {
      case 'api': {
        let reply: ExperimentWorkerRequest;
        try {
          const value = await this.#d.api.call(m.method as MethodName, m.params as never);
          reply = { type: 'apiReply', id: m.id, ok: true, value };
          if (m.method === 'experiments.create') {
            const e = value as ExperimentSummary;
            this.runningId = e.id;
            this.chosen = e.id;
            void this.refresh();
          }
          if (m.method === 'runs.start') this.version++;
        } catch (err) {
          reply = { type: 'apiReply', id: m.id, ok: false, error: errorMessage(err) };
        }
        if (w === this.#worker) w.postMessage(reply);
        return;
      }
      case 'trialStart':
        this.current = { trial: m.trial, point: m.point, epoch: 0, epochs: 0 };
        return;
      case 'epoch':
        if (this.current && !m.info.partial) this.current = { ...this.current, epoch: m.info.epoch, epochs: m.info.epochs };
        return;
      case 'trial':
        this.#addTrial(m.record);
        this.version++;
        return;
      case 'done':
        this.#end(w, null);
        return;
      case 'error':
        this.#end(w, m.message);
        return;
    }
  }

  #addTrial(t: TrialRecord): void {
    const d = this.detail;
    if (d && d.id === this.runningId) this.detail = { ...d, trials: d.trials + 1, trialRecords: [...d.trialRecords.filter((x) => x.trial !== t.trial), t] };
    else void this.load();
  }

  #end(w: Worker, error: string | null): void {
    if (w !== this.#worker) return;
    w.terminate();
    this.#worker = null;
    this.phase = 'idle';
    this.current = null;
    this.runningId = null;
    this.version++;
    if (error) {
      this.error = error;
      this.#d.toasts.error(error);
    }
    void this.refresh();
  }
}
