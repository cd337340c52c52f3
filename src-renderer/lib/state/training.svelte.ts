/**
 * Training in the app: the settings form's state (saved with the project), the checks before a start,
 * the worker that trains, live progress and curves, and the recording of the run through the API
 * (metric rows in batches — every epoch and every few dozen batches — then status and artifacts).
 */
import { serializeDataset } from '@shared/data/index';
import { fitGraphToData, graphProblem, ensureSeed, batchRows, epochRows, trainingSettingsSchema, type TrainingSettings, type BatchInfo, type EpochInfo, type Evaluation } from '@shared/train/index';
import type { MetricRow, RunSummary } from '@shared/api/runs';
import { api, errorMessage } from '../api';
import { editor } from './editor.svelte';
import { projects } from './projects.svelte';
import { dataState } from './data.svelte';
import { toasts } from './toasts.svelte';
import type { TrainWorkerReply, TrainWorkerRequest } from '../../workers/train.worker';

const SAVE_DELAY_MS = 400;
const FLUSH_EVERY_BATCHES = 50;
/** While training, the run is touched this often so a closed window's run can be told from a live one. */
const HEARTBEAT_MS = 10_000;
const MAX_CURVE_POINTS = 4000;
/** Above this many steps per window, recurrent layers get slow on WebGL (one shader pass per step). */
export const SLOW_WEBGL_LOOKBACK = 100;

export type Phase = 'idle' | 'starting' | 'running' | 'stopping' | 'finished';

class TrainingState {
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
    const a = editor.analysis;
    if (a.errorCount > 0) return `The graph has ${a.errorCount} error${a.errorCount === 1 ? '' : 's'}; fix ${a.errorCount === 1 ? 'it' : 'them'} in the canvas before training.`;
    const p = dataState.prepared;
    if (!p) return 'No data is prepared: choose a dataset and a target column in the Data tab.';
    if (!p.ok) return `The data cannot be prepared: ${p.error}`;
    return graphProblem(fitGraphToData(editor.doc, p.data), p.data);
  });
  /** A warning that does not block (long windows on WebGL). */
  warning = $derived.by<string | null>(() => {
    const p = dataState.prepared;
    if (!p?.ok || p.data.mode !== 'sequence' || p.data.lookback <= SLOW_WEBGL_LOOKBACK) return null;
    if (this.settings.backend !== 'webgl' && this.settings.backend !== 'auto') return null;
    return `A window of ${p.data.lookback} steps is slow on WebGL (each step of a recurrent layer is a separate GPU pass); wasm is often faster for such models.`;
  });
  progress = $derived(this.epochs ? Math.min(1, (this.epoch - 1 + (this.batches ? (this.batch + 1) / this.batches : 0)) / this.epochs) : 0);
  etaMs = $derived(this.progress > 0 && this.phase === 'running' ? this.elapsedMs / this.progress - this.elapsedMs : null);
  busy = $derived(this.phase === 'starting' || this.phase === 'running' || this.phase === 'stopping');

  #worker: Worker | null = null;
  #pending: MetricRow[] = [];
  #batchesSinceFlush = 0;
  #writes: Promise<unknown> = Promise.resolve();
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #stride = 1;
  #skip = 0;

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
      await api.call('projects.save', { id: this.projectId, training: this.settings });
      if (projects.current?.id === this.projectId) projects.current = { ...projects.current, training: this.settings };
    } catch (err) {
      toasts.error(`The training settings could not be saved: ${errorMessage(err)}`);
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
    const p = dataState.prepared;
    const ds = dataState.dataset;
    const prep = dataState.prep;
    if (why || !p?.ok || !ds || !prep || !this.projectId) {
      toasts.error(why ?? 'No data is prepared.');
      return;
    }
    await this.flushSettings();
    this.#reset('starting');
    const settings = ensureSeed(this.settings);
    this.epochs = settings.epochs;
    const doc = fitGraphToData(editor.doc, p.data);
    let run: RunSummary;
    try {
      run = await api.call('runs.start', { projectId: this.projectId, graph: doc, dataPrep: prep, settings, backend: settings.backend, device: 'choosing…' });
    } catch (err) {
      this.phase = 'idle';
      toasts.error(`The run could not be started: ${errorMessage(err)}`);
      return;
    }
    this.runId = run.id;
    this.runsVersion++;
    const { meta, blobs } = serializeDataset(ds);
    this.#worker?.terminate();
    const w = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module' });
    this.#worker = w;
    w.onmessage = (e: MessageEvent<TrainWorkerReply>) => this.#onMessage(run.id, e.data);
    w.onerror = (e) => this.#fail(run.id, `The training worker crashed: ${e.message || 'unknown error'}. The app is fine; try the wasm or cpu backend.`);
    const req: TrainWorkerRequest = { type: 'start', doc, prep, meta, blobs, settings };
    w.postMessage(req);
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      if (this.runId === run.id && this.busy) this.#writes = this.#writes.then(() => api.call('runs.appendMetrics', { runId: run.id, rows: [] })).catch(() => {});
    }, HEARTBEAT_MS);
  }

  stop(): void {
    if (this.phase !== 'running' && this.phase !== 'starting') return;
    this.phase = 'stopping';
    this.#worker?.postMessage({ type: 'stop' } satisfies TrainWorkerRequest);
  }

  #queue(runId: string, rows: MetricRow[], flush: boolean): void {
    this.#pending.push(...rows);
    if (!flush || this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#batchesSinceFlush = 0;
    this.#writes = this.#writes.then(() => api.call('runs.appendMetrics', { runId, rows: batch })).catch((err: unknown) => toasts.error(`Metrics could not be saved: ${errorMessage(err)}`));
  }

  #onMessage(runId: string, m: TrainWorkerReply): void {
    if (runId !== this.runId) return;
    switch (m.type) {
      case 'backend':
        this.backend = m.backend;
        this.backendReason = m.reason;
        this.device = m.device;
        if (this.phase === 'starting') this.phase = 'running';
        this.#writes = this.#writes.then(() => api.call('runs.setBackend', { runId, backend: m.backend, device: m.device })).catch(() => {});
        break;
      case 'batch':
        this.#onBatch(runId, m.info);
        break;
      case 'epoch':
        this.#onEpoch(runId, m.info);
        break;
      case 'done':
        void this.#finish(runId, m);
        break;
      case 'error':
        void this.#fail(runId, m.message);
        break;
    }
  }

  #onBatch(runId: string, b: BatchInfo): void {
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
    this.#queue(runId, batchRows(b), ++this.#batchesSinceFlush >= FLUSH_EVERY_BATCHES);
  }

  #onEpoch(runId: string, e: EpochInfo): void {
    if (!e.partial) this.epochLogs = [...this.epochLogs, e.logs];
    this.elapsedMs = e.tMs;
    this.#queue(runId, epochRows(e), true);
  }

  async #finish(runId: string, m: Extract<TrainWorkerReply, { type: 'done' }>): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#worker?.terminate();
    this.#worker = null;
    this.#queue(runId, [], true);
    if (m.evaluation) {
      const ev = m.evaluation;
      const rows: MetricRow[] = [{ epoch: m.result?.epochsRun ?? this.epoch, batch: null, name: 'test_loss', value: ev.loss, tMs: this.elapsedMs }];
      for (const [k, v] of Object.entries(ev.metrics)) rows.push({ epoch: m.result?.epochsRun ?? this.epoch, batch: null, name: `test_${k}`, value: v, tMs: this.elapsedMs });
      if (ev.baseline) for (const [k, v] of Object.entries(ev.baseline.metrics)) rows.push({ epoch: m.result?.epochsRun ?? this.epoch, batch: null, name: `baseline_${k}`, value: v, tMs: this.elapsedMs });
      this.#queue(runId, rows.filter((r) => Number.isFinite(r.value)), true);
    }
    try {
      await this.#writes;
      await api.call('runs.finish', { runId, status: m.status, reason: m.reason, result: m.result, artifacts: m.artifacts });
    } catch (err) {
      toasts.error(`The run could not be saved: ${errorMessage(err)}`);
    }
    this.outcome = { status: m.status, reason: m.reason, evaluation: m.evaluation };
    this.phase = 'finished';
    this.runsVersion++;
    if (m.status === 'failed') toasts.error(m.reason ?? 'Training failed.');
  }

  async #fail(runId: string, message: string): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#worker?.terminate();
    this.#worker = null;
    this.#queue(runId, [], true);
    try {
      await this.#writes;
      await api.call('runs.finish', { runId, status: 'failed', reason: message, artifacts: [] });
    } catch {
      /* the run may already be finished */
    }
    this.outcome = { status: 'failed', reason: message, evaluation: null };
    this.phase = 'finished';
    this.runsVersion++;
    toasts.error(message);
  }
}

export const training = new TrainingState();
