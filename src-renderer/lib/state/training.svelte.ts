/**
 * Training in the app: the settings form's state (saved with the project), the checks before a start,
 * the worker that runs the shared pipeline on the data the Data tab prepared, live progress and curves,
 * and the pipeline's recorder: each record call the worker posts (start, backend, metric rows, finish or
 * fail) is written through the API, in order.
 */
import { fitGraphToData, graphProblem, apiRecorder, trainingSettingsSchema, type ApiRecorder, type TrainingSettings, type BatchInfo, type EpochInfo, type Evaluation } from '@shared/train/index';
import type { ApiClient } from '@shared/api/contract';
import { errorMessage } from '../api';
import type { Editor } from './editor.svelte';
import type { Projects } from './projects.svelte';
import type { DataState } from './data.svelte';
import type { Toasts } from './toasts.svelte';
import { checkTrainReply, type RecordCall, type TrainWorkerReply, type TrainWorkerRequest } from '../../workers/train-messages';

const SAVE_DELAY_MS = 400;
/** While training, the run is touched this often so a closed window's run can be told from a live one. */
const HEARTBEAT_MS = 10_000;
const MAX_CURVE_POINTS = 4000;
/** Above this many steps per window, recurrent layers get slow on WebGL (one shader pass per step). */
export const SLOW_WEBGL_LOOKBACK = 100;

export type Phase = 'idle' | 'starting' | 'running' | 'stopping' | 'finished';

/** What training works with: the API, the open project, its model and prepared data, messages. */
export interface TrainingDeps {
  api: ApiClient;
  editor: Editor;
  projects: Projects;
  data: DataState;
  toasts: Toasts;
}

export class TrainingState {
  settings = $state.raw<TrainingSettings>(trainingSettingsSchema.parse({}));
  projectId = $state<string | null>(null);
  phase = $state<Phase>('idle');
  runId = $state<string | null>(null);
  backend = $state('');
  backendReason = $state('');
  device = $state('');
  epoch = $state(0);
  epochs = $state(0);
  batch = $state(0);
  batches = $state(0);
  elapsedMs = $state(0);
  /** Per-batch training loss, x = fractional epoch. */
  batchX = $state.raw<number[]>([]);
  batchLoss = $state.raw<number[]>([]);
  /** End-of-epoch logs (loss, val_loss, metrics, lr). */
  epochLogs = $state.raw<Record<string, number>[]>([]);
  outcome = $state.raw<{ status: string; reason: string | null; evaluation: Evaluation | null } | null>(null);
  /** Bumped when a run is recorded, so the Runs tab reloads. */
  runsVersion = $state(0);

  /** Why Start is refused now, or null. */
  refusal = $derived.by<string | null>(() => {
    const a = this.#editor.analysis;
    if (a.errorCount > 0) return `The graph has ${a.errorCount} error${a.errorCount === 1 ? '' : 's'}; fix ${a.errorCount === 1 ? 'it' : 'them'} in the canvas before training.`;
    const p = this.#data.prepared;
    if (!p) return 'No data is prepared: choose a dataset and a target column in the Data tab.';
    if (!p.ok) return `The data cannot be prepared: ${p.error}`;
    return graphProblem(fitGraphToData(this.#editor.modelDoc, p.data), p.data);
  });
  /** A warning that does not block (long windows on WebGL). */
  warning = $derived.by<string | null>(() => {
    const p = this.#data.prepared;
    if (!p?.ok || p.data.mode !== 'sequence' || p.data.lookback <= SLOW_WEBGL_LOOKBACK) return null;
    if (this.settings.backend !== 'webgl' && this.settings.backend !== 'auto') return null;
    return `A window of ${p.data.lookback} steps is slow on WebGL (each step of a recurrent layer is a separate GPU pass); wasm is often faster for such models.`;
  });
  progress = $derived(this.epochs ? Math.min(1, (this.epoch - 1 + (this.batches ? (this.batch + 1) / this.batches : 0)) / this.epochs) : 0);
  etaMs = $derived(this.progress > 0 && this.phase === 'running' ? this.elapsedMs / this.progress - this.elapsedMs : null);
  busy = $derived(this.phase === 'starting' || this.phase === 'running' || this.phase === 'stopping');

  #worker: Worker | null = null;
  /** Why WebGPU lost its device in a run of this session: later runs' auto choice skips it. */
  #webgpuLost: string | null = null;
  #recorder: ApiRecorder | null = null;
  #writes: Promise<unknown> = Promise.resolve();
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #stride = 1;
  #skip = 0;
  readonly #api: ApiClient;
  readonly #editor: Editor;
  readonly #projects: Projects;
  readonly #data: DataState;
  readonly #toasts: Toasts;

  constructor({ api, editor, projects, data, toasts }: TrainingDeps) {
    this.#api = api;
    this.#editor = editor;
    this.#projects = projects;
    this.#data = data;
    this.#toasts = toasts;
  }

  /** Follows the open project (settings from its training section). */
  open(projectId: string | null, settings: TrainingSettings | undefined): void {
    if (projectId === this.projectId) return;
    void this.flushSettings();
    this.projectId = projectId;
    this.settings = trainingSettingsSchema.parse(settings ?? {});
    if (!this.busy) this.#reset('idle');
  }

  update(patch: Partial<TrainingSettings>): void {
    const next = trainingSettingsSchema.safeParse({ ...this.settings, ...patch });
    if (!next.success) return;
    this.settings = next.data;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => void this.flushSettings(), SAVE_DELAY_MS);
  }

  async flushSettings(): Promise<void> {
    if (this.#saveTimer === undefined || !this.projectId) return;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    try {
      await this.#api.call('projects.save', { id: this.projectId, training: this.settings });
      if (this.#projects.current?.id === this.projectId) this.#projects.current = { ...this.#projects.current, training: this.settings };
    } catch (err) {
      this.#toasts.error(`The training settings could not be saved: ${errorMessage(err)}`);
    }
  }

  #reset(phase: Phase): void {
    this.phase = phase;
    this.runId = null;
    this.backend = '';
    this.backendReason = '';
    this.device = '';
    this.epoch = 0;
    this.batch = 0;
    this.batches = 0;
    this.elapsedMs = 0;
    this.batchX = [];
    this.batchLoss = [];
    this.#stride = 1;
    this.#skip = 0;
    this.epochLogs = [];
    this.outcome = null;
  }

  async start(): Promise<void> {
    if (this.busy) return;
    const why = this.refusal;
    const p = this.#data.prepared;
    if (why || !p?.ok || !this.projectId) {
      this.#toasts.error(why ?? 'No data is prepared.');
      return;
    }
    await this.flushSettings();
    this.#reset('starting');
    this.epochs = this.settings.epochs;
    this.#recorder = apiRecorder(this.#api, { projectId: this.projectId });
    this.#writes = Promise.resolve();
    this.#worker?.terminate();
    const w = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module' });
    this.#worker = w;
    w.onmessage = (e: MessageEvent<unknown>) => {
      const m = checkTrainReply(e.data);
      if (m.ok) this.#onMessage(w, m.value);
      else void this.#fail(w, `${m.error}. Training was stopped.`);
    };
    w.onerror = (e) => void this.#fail(w, `The training worker crashed: ${e.message || 'unknown error'}. The app is fine; try the wasm or cpu backend.`);
    // The prepared arrays are copied to the worker (the Data tab keeps showing them): prepared once, never decoded again.
    const req: TrainWorkerRequest = { type: 'start', doc: this.#editor.doc, prep: p.prep, prepared: p.data, settings: this.settings, ...(this.#webgpuLost ? { webgpuLost: this.#webgpuLost } : {}) };
    w.postMessage(req);
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      const id = this.#recorder?.runId;
      if (id && this.#worker === w && this.busy) this.#writes = this.#writes.then(() => this.#api.call('runs.appendMetrics', { runId: id, rows: [] })).catch(() => {});
    }, HEARTBEAT_MS);
  }

  stop(): void {
    if (this.phase !== 'running' && this.phase !== 'starting') return;
    this.phase = 'stopping';
    this.#worker?.postMessage({ type: 'stop' } satisfies TrainWorkerRequest);
  }

  /** Writes one of the pipeline's record calls through the API, after the ones before it. */
  #record(w: Worker, m: RecordCall): void {
    const rec = this.#recorder;
    if (!rec) return;
    const write = async (): Promise<void> => {
      if (m.op !== 'start' && (this.#recorder !== rec || !rec.runId)) return; // the run was abandoned
      switch (m.op) {
        case 'start':
          try {
            await rec.start(m.arg);
          } catch (err) {
            this.#abandon(w, `The run could not be started: ${errorMessage(err)}`);
            return;
          }
          if (this.#worker === w) this.runId = rec.runId;
          this.runsVersion++;
          return;
        case 'backend':
          return rec.backend(m.arg).catch(() => {});
        case 'metrics':
          return rec.metrics(m.arg).catch((err: unknown) => this.#toasts.error(`Metrics could not be saved: ${errorMessage(err)}`));
        case 'finish':
          return rec.finish(m.arg).catch((err: unknown) => this.#toasts.error(`The run could not be saved: ${errorMessage(err)}`));
        case 'fail':
          return rec.fail(m.arg).catch(() => {});
      }
    };
    this.#writes = this.#writes.then(write).catch(() => {});
  }

  #onMessage(w: Worker, m: TrainWorkerReply): void {
    if (w !== this.#worker) return;
    switch (m.type) {
      case 'record':
        if (m.op === 'backend') {
          this.backend = m.arg.backend;
          this.backendReason = m.arg.reason;
          this.device = m.arg.device;
          if (this.phase === 'starting') this.phase = 'running';
        }
        this.#record(w, m);
        break;
      case 'batch':
        this.#onBatch(m.info);
        break;
      case 'epoch':
        this.#onEpoch(m.info);
        break;
      case 'done':
        void this.#finish(w, m);
        break;
      case 'error':
        void this.#fail(w, m.message);
        break;
    }
  }

  #onBatch(b: BatchInfo): void {
    this.epoch = b.epoch;
    this.batch = b.batch;
    this.batches = b.batches;
    this.elapsedMs = b.tMs;
    // the per-batch curve keeps at most MAX_CURVE_POINTS points: past that, every other one is dropped
    if (++this.#skip >= this.#stride) {
      this.#skip = 0;
      let x = [...this.batchX, b.epoch - 1 + (b.batch + 1) / b.batches];
      let y = [...this.batchLoss, b.loss];
      if (x.length > MAX_CURVE_POINTS) {
        x = x.filter((_, i) => i % 2 === 1);
        y = y.filter((_, i) => i % 2 === 1);
        this.#stride *= 2;
      }
      this.batchX = x;
      this.batchLoss = y;
    }
  }

  #onEpoch(e: EpochInfo): void {
    if (!e.partial) this.epochLogs = [...this.epochLogs, e.logs];
    this.elapsedMs = e.tMs;
  }

  #stopWorker(w: Worker): void {
    clearInterval(this.#heartbeat);
    w.terminate();
    if (this.#worker === w) this.#worker = null;
  }

  /** The pipeline is done and has made its last record call; shows the outcome once it is written. */
  async #finish(w: Worker, m: Extract<TrainWorkerReply, { type: 'done' }>): Promise<void> {
    this.#stopWorker(w);
    if (m.webgpuLost) this.#webgpuLost = m.webgpuLost;
    await this.#writes;
    if (m.status === 'refused') {
      this.phase = 'idle';
      this.#toasts.error(m.reason ?? 'Training could not start.');
      return;
    }
    this.outcome = { status: m.status, reason: m.reason, evaluation: m.evaluation };
    this.phase = 'finished';
    this.runsVersion++;
    if (m.status === 'failed') this.#toasts.error(m.reason ?? 'Training failed.');
  }

  /** The worker itself died (or reported an error outside the pipeline): the run is recorded as failed. */
  async #fail(w: Worker, message: string): Promise<void> {
    if (w !== this.#worker) return;
    this.#stopWorker(w);
    const rec = this.#recorder;
    this.#writes = this.#writes.then(() => rec?.fail(message)).catch(() => {
      /* the run may already be finished */
    });
    await this.#writes;
    this.outcome = { status: 'failed', reason: message, evaluation: null };
    this.phase = 'finished';
    this.runsVersion++;
    this.#toasts.error(message);
  }

  /** The run could not be recorded: training stops, nothing more is written. */
  #abandon(w: Worker, message: string): void {
    if (w !== this.#worker) return;
    this.#stopWorker(w);
    this.#recorder = null;
    this.phase = 'idle';
    this.#toasts.error(message);
  }
}
