/**
 * The pipeline's Recorder over the API contract: runs.start, runs.setBackend, runs.appendMetrics and
 * runs.finish. The app passes its API client (IPC or HTTP); the CLI passes a client that calls the
 * services through `dispatch`, so both write runs through the same validated methods.
 */
import type { ApiClient } from '../api/contract';
import { MAX_METRIC_ROWS, type MetricRow, type RunSummary } from '../api/runs';
import type { BackendChoice, Recorder, RunEnd, RunStart } from './pipeline';

/** Every call is an API call: a promise that rejects with the API's error. */
export interface ApiRecorder extends Recorder {
  start(run: RunStart): Promise<void>;
  backend(choice: BackendChoice): Promise<void>;
  metrics(rows: MetricRow[]): Promise<void>;
  finish(end: RunEnd): Promise<void>;
  fail(reason: string): Promise<void>;
  /** The run's id once `start` has recorded it. */
  readonly runId: string | null;
  /** The run as `runs.start` returned it. */
  readonly run: RunSummary | null;
}

export function apiRecorder(api: Pick<ApiClient, 'call'>, o: { projectId: string | (() => string | Promise<string>); name?: string }): ApiRecorder {
  let run: RunSummary | null = null;
  const id = (): string => {
    if (!run) throw new Error('The run was not started.');
    return run.id;
  };
  return {
    get runId() {
      return run?.id ?? null;
    },
    get run() {
      return run;
    },
    async start(r) {
      const projectId = typeof o.projectId === 'string' ? o.projectId : await o.projectId();
      run = await api.call('runs.start', {
        projectId,
        graph: r.graph,
        dataPrep: r.dataPrep,
        settings: r.settings,
        backend: r.backend,
        device: r.device,
        ...(o.name !== undefined ? { name: o.name } : {}),
      });
    },
    async backend(c) {
      await api.call('runs.setBackend', { runId: id(), backend: c.backend, device: c.device });
    },
    async metrics(rows) {
      for (let i = 0; i < rows.length; i += MAX_METRIC_ROWS) await api.call('runs.appendMetrics', { runId: id(), rows: rows.slice(i, i + MAX_METRIC_ROWS) });
    },
    async finish(e) {
      await api.call('runs.finish', { runId: id(), status: e.status, reason: e.reason, result: e.result, artifacts: e.artifacts });
    },
    async fail(reason) {
      if (!run) return;
      await api.call('runs.finish', { runId: run.id, status: 'failed', reason, artifacts: [] });
    },
  };
}
