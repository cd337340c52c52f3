/**
 * Run rows, their metrics and artifacts. Metric rows are appended in one transaction per call; a run
 * records its owner process so that `markOrphanedRuns` (run on every store open) marks 'interrupted'
 * only runs whose process is gone — never one the CLI or another app instance is still writing.
 */
import type Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { runResultSchema, type Artifact, type ArtifactInfo, type MetricRow, type Run, type RunResult, type RunStatus, type RunSummary } from '../../src-shared/api/runs';
import { storedRunSettingsSchema, trainingSettingsSchema, type TrainingSettings } from '../../src-shared/train/settings';
import type { ArtifactKind } from '../../src-shared/train/artifacts';
import { newId, nowIso } from './ids';
import { damagedNote, readJson, readStored } from './stored-json';

interface Row {
  id: string;
  project_id: string;
  name: string | null;
  status: RunStatus;
  reason: string | null;
  graph: string;
  data_prep: string | null;
  settings: string;
  backend: string | null;
  device: string | null;
  started_at: string;
  ended_at: string | null;
  owner_pid: number | null;
  owner_host: string | null;
  updated_at: string | null;
  summary: string | null;
  epochs_logged: number;
}

/** Artifact meta: written by us from validated input; unreadable meta reads as null. */
const parse = (s: string | null): unknown => readJson(s, 'meta').value;

const SUMMARY_COLS = `r.id, r.project_id, r.name, r.status, r.reason, r.backend, r.device, r.started_at, r.ended_at, r.updated_at, r.summary,
  (SELECT COUNT(DISTINCT m.epoch) FROM metrics m WHERE m.run_id = r.id AND m.batch IS NULL AND m.name = 'loss') AS epochs_logged`;

function summary(r: Omit<Row, 'graph' | 'data_prep' | 'settings' | 'owner_pid' | 'owner_host'>, ...problems: (string | undefined)[]): RunSummary {
  const result = readStored(r.summary, runResultSchema, 'the result');
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    status: r.status,
    reason: r.reason,
    backend: r.backend,
    device: r.device,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    updatedAt: r.updated_at,
    result: result.value as RunResult | null,
    epochsLogged: r.epochs_logged,
    ...damagedNote(result.problem, ...problems),
  };
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface StartRun {
  projectId: string;
  graph: unknown;
  dataPrep: unknown;
  settings: TrainingSettings;
  backend?: string | undefined;
  device?: string | undefined;
  name?: string | null | undefined;
}

export function runsRepo(db: Database.Database) {
  const q = {
    insert: db.prepare(
      `INSERT INTO runs (id, project_id, name, status, graph, data_prep, settings, backend, device, started_at, updated_at, owner_pid, owner_host)
       VALUES (@id, @projectId, @name, 'running', @graph, @dataPrep, @settings, @backend, @device, @now, @now, @pid, @host)`,
    ),
    summary: db.prepare<[string], Row>(`SELECT ${SUMMARY_COLS} FROM runs r WHERE r.id = ?`),
    full: db.prepare<[string], Row>(`SELECT r.*, (SELECT COUNT(DISTINCT m.epoch) FROM metrics m WHERE m.run_id = r.id AND m.batch IS NULL AND m.name = 'loss') AS epochs_logged FROM runs r WHERE r.id = ?`),
    list: db.prepare<[string], Row>(`SELECT ${SUMMARY_COLS} FROM runs r WHERE r.project_id = ? ORDER BY r.started_at DESC, r.id`),
    listAll: db.prepare<[], Row & { project_name: string | null }>(
      `SELECT ${SUMMARY_COLS}, p.name AS project_name FROM runs r LEFT JOIN projects p ON p.id = r.project_id ORDER BY r.started_at DESC, r.id`,
    ),
    status: db.prepare<[string], { status: RunStatus }>('SELECT status FROM runs WHERE id = ?'),
    metric: db.prepare('INSERT INTO metrics (run_id, epoch, batch, name, value, t_ms) VALUES (?, ?, ?, ?, ?, ?)'),
    touch: db.prepare('UPDATE runs SET updated_at = ? WHERE id = ?'),
    setBackend: db.prepare('UPDATE runs SET backend = ?, device = COALESCE(?, device), updated_at = ? WHERE id = ?'),
    finish: db.prepare('UPDATE runs SET status = ?, reason = ?, summary = ?, ended_at = ?, updated_at = ? WHERE id = ?'),
    artifact: db.prepare('INSERT INTO artifacts (id, run_id, kind, meta, data, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    delArtifact: db.prepare('DELETE FROM artifacts WHERE run_id = ? AND kind = ?'),
    metrics: db.prepare<[string], { epoch: number; batch: number | null; name: string; value: number; t_ms: number }>(
      'SELECT epoch, batch, name, value, t_ms FROM metrics WHERE run_id = ? ORDER BY rowid',
    ),
    epochMetrics: db.prepare<[string], { epoch: number; batch: number | null; name: string; value: number; t_ms: number }>(
      'SELECT epoch, batch, name, value, t_ms FROM metrics WHERE run_id = ? AND batch IS NULL ORDER BY rowid',
    ),
    artifacts: db.prepare<[string], { kind: ArtifactKind; meta: string | null; size: number | null; created_at: string }>(
      'SELECT kind, meta, length(data) AS size, created_at FROM artifacts WHERE run_id = ? ORDER BY created_at, kind',
    ),
    oneArtifact: db.prepare<[string, string], { kind: ArtifactKind; meta: string | null; data: Buffer | null }>(
      'SELECT kind, meta, data FROM artifacts WHERE run_id = ? AND kind = ? ORDER BY created_at DESC LIMIT 1',
    ),
    running: db.prepare<[], { id: string; owner_pid: number | null; owner_host: string | null }>(
      "SELECT id, owner_pid, owner_host FROM runs WHERE status = 'running'",
    ),
    interrupt: db.prepare("UPDATE runs SET status = 'interrupted', reason = ?, ended_at = COALESCE(updated_at, started_at) WHERE id = ? AND status = 'running'"),
    staleOwn: db.prepare<[number, string, string], { id: string }>(
      "SELECT id FROM runs WHERE status = 'running' AND owner_pid = ? AND owner_host = ? AND COALESCE(updated_at, started_at) < ?",
    ),
    lastEpoch: db.prepare<[string], { e: number | null }>("SELECT MAX(epoch) AS e FROM metrics WHERE run_id = ? AND batch IS NULL AND name = 'loss'"),
    del: db.prepare('DELETE FROM runs WHERE id = ?'),
  };

  const appendTx = db.transaction((runId: string, rows: MetricRow[]) => {
    for (const r of rows) q.metric.run(runId, r.epoch, r.batch, r.name, r.value, r.tMs);
    q.touch.run(nowIso(), runId);
  });
  const finishTx = db.transaction(
    (runId: string, status: RunStatus, reason: string | null, result: unknown, artifacts: { kind: ArtifactKind; meta: unknown; data: Uint8Array | null }[]) => {
      const now = nowIso();
      for (const a of artifacts) {
        q.delArtifact.run(runId, a.kind);
        q.artifact.run(newId(), runId, a.kind, a.meta === undefined ? null : JSON.stringify(a.meta), a.data ? Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength) : null, now);
      }
      q.finish.run(status, reason, result === null || result === undefined ? null : JSON.stringify(result), now, now, runId);
    },
  );

  return {
    start(s: StartRun): RunSummary {
      const id = newId();
      q.insert.run({
        id,
        projectId: s.projectId,
        name: s.name ?? null,
        graph: JSON.stringify(s.graph ?? null),
        dataPrep: s.dataPrep === undefined ? null : JSON.stringify(s.dataPrep),
        settings: JSON.stringify(s.settings),
        backend: s.backend ?? null,
        device: s.device ?? null,
        now: nowIso(),
        pid: process.pid,
        host: hostname(),
      });
      return summary(q.summary.get(id)!);
    },
    status: (id: string): RunStatus | undefined => q.status.get(id)?.status,
    appendMetrics(runId: string, rows: MetricRow[]): number {
      appendTx(runId, rows);
      return rows.length;
    },
    setBackend(runId: string, backend: string, device?: string): RunSummary {
      q.setBackend.run(backend, device ?? null, nowIso(), runId);
      return summary(q.summary.get(runId)!);
    },
    finish(runId: string, status: RunStatus, reason: string | null, result: unknown, artifacts: { kind: ArtifactKind; meta: unknown; data: Uint8Array | null }[]): RunSummary {
      finishTx(runId, status, reason, result, artifacts);
      return summary(q.summary.get(runId)!);
    },
    summary(id: string): RunSummary | undefined {
      const r = q.summary.get(id);
      return r ? summary(r) : undefined;
    },
    get(id: string): Run | undefined {
      const r = q.full.get(id);
      if (!r) return undefined;
      const settings = readStored(r.settings, storedRunSettingsSchema, 'the training settings');
      const graph = readJson(r.graph, 'the graph snapshot');
      const dataPrep = readJson(r.data_prep, 'the data preparation snapshot');
      return {
        ...summary(r, settings.problem, graph.problem, dataPrep.problem),
        graph: graph.value,
        dataPrep: dataPrep.value,
        settings: settings.value ?? trainingSettingsSchema.parse({}),
      };
    },
    list: (projectId: string): RunSummary[] => q.list.all(projectId).map((r) => summary(r)),
    listAll: (): (RunSummary & { projectName: string | null })[] => q.listAll.all().map((r) => ({ ...summary(r), projectName: r.project_name })),
    metrics(id: string, epochOnly = false): MetricRow[] {
      return (epochOnly ? q.epochMetrics : q.metrics).all(id).map((m) => ({ epoch: m.epoch, batch: m.batch, name: m.name, value: m.value, tMs: m.t_ms }));
    },
    artifacts: (id: string): ArtifactInfo[] =>
      q.artifacts.all(id).map((a) => ({ kind: a.kind, meta: parse(a.meta), size: a.size ?? 0, createdAt: a.created_at })),
    artifact(id: string, kind: ArtifactKind): Artifact | undefined {
      const a = q.oneArtifact.get(id, kind);
      if (!a) return undefined;
      return { kind: a.kind, meta: parse(a.meta), data: a.data ? new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength) : null };
    },
    delete: (id: string): void => void q.del.run(id),
    /**
     * Marks 'interrupted' the running runs of this process that have not written for `maxAgeMs`: their
     * window was closed or reloaded mid-run (the UI writes at least every few seconds while training).
     */
    markStale(maxAgeMs: number, now = Date.now()): string[] {
      const marked: string[] = [];
      for (const r of q.staleOwn.all(process.pid, hostname(), new Date(now - maxAgeMs).toISOString())) {
        const e = q.lastEpoch.get(r.id)?.e ?? null;
        const why = `The window training this run was closed or reloaded before it finished${e ? `; metrics up to epoch ${e} are kept` : ''}.`;
        if (q.interrupt.run(why, r.id).changes) marked.push(r.id);
      }
      return marked;
    },
    /**
     * Marks 'interrupted' every running run whose owner process is gone (same host, pid not alive, or no
     * owner recorded). Metrics already written stay. Returns the ids marked.
     */
    markOrphaned(isAlive: (pid: number) => boolean = processAlive): string[] {
      const host = hostname();
      const marked: string[] = [];
      for (const r of q.running.all()) {
        const gone = r.owner_pid === null || (r.owner_host === host && r.owner_pid !== process.pid && !isAlive(r.owner_pid));
        if (!gone) continue;
        const e = q.lastEpoch.get(r.id)?.e ?? null;
        const why = `The process training this run ended before it finished${e ? `; metrics up to epoch ${e} are kept` : ''}.`;
        if (q.interrupt.run(why, r.id).changes) marked.push(r.id);
      }
      return marked;
    },
  };
}

export type RunsRepo = ReturnType<typeof runsRepo>;
