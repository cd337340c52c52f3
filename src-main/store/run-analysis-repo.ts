/**
 * Read-mostly queries behind the Runs tab: the runs table (one query, then one index lookup per finished
 * run for its best value), epoch curves of a few runs, notes/names and stored evaluations
 * (artifacts of kind 'evaluation', meta = the report JSON, one per source).
 */
import type Database from 'better-sqlite3';
import type { RunStatus } from '../../src-shared/api/runs';
import { newId, nowIso } from './ids';
import { readJson } from './stored-json';

export interface TableRowRaw {
  id: string;
  name: string | null;
  note: string | null;
  status: RunStatus;
  reason: string | null;
  started_at: string;
  ended_at: string | null;
  updated_at: string | null;
  backend: string | null;
  graph: string;
  settings: string;
  summary: string | null;
  evaluated: number;
}

export interface RunInfoRaw extends TableRowRaw {
  project_id: string;
  data_prep: string | null;
}

export interface EpochRow {
  run_id: string;
  epoch: number;
  name: string;
  value: number;
  t_ms: number;
}

export function runAnalysisRepo(db: Database.Database) {
  const cols = `r.id, r.name, r.note, r.status, r.reason, r.started_at, r.ended_at, r.updated_at, r.backend, r.graph, r.settings, r.summary,
    EXISTS (SELECT 1 FROM artifacts a WHERE a.run_id = r.id AND a.kind = 'evaluation') AS evaluated`;
  const q = {
    table: db.prepare<[string], TableRowRaw>(`SELECT ${cols} FROM runs r WHERE r.project_id = ? ORDER BY r.started_at DESC, r.id DESC`),
    one: db.prepare<[string], RunInfoRaw>(`SELECT ${cols}, r.project_id, r.data_prep FROM runs r WHERE r.id = ?`),
    order: db.prepare<[string], { id: string }>('SELECT id FROM runs WHERE project_id = ? ORDER BY started_at, id'),
    epochsOne: db.prepare<[string], { e: number | null }>(`SELECT MAX(epoch) AS e FROM metrics WHERE run_id = ? AND name = 'loss' AND batch IS NULL`),
    valueAt: db.prepare<[string, string, number], { v: number }>(`SELECT value AS v FROM metrics WHERE run_id = ? AND name = ? AND epoch = ? AND batch IS NULL LIMIT 1`),
    bestOne: db.prepare<[string, string], { v: number | null; epoch: number | null }>(
      `SELECT MIN(value) AS v, epoch FROM metrics WHERE run_id = ? AND name = ? AND batch IS NULL`,
    ),
    epochRows: db.prepare<[string], EpochRow>(`SELECT run_id, epoch, name, value, t_ms FROM metrics WHERE run_id = ? AND batch IS NULL ORDER BY epoch, rowid`),
    rename: db.prepare('UPDATE runs SET name = ? WHERE id = ?'),
    note: db.prepare('UPDATE runs SET note = ? WHERE id = ?'),
    exists: db.prepare<[string], { id: string }>('SELECT id FROM runs WHERE id = ?'),
    evaluations: db.prepare<[string], { meta: string }>(
      `SELECT meta FROM artifacts WHERE run_id = ? AND kind = 'evaluation' AND meta IS NOT NULL ORDER BY created_at DESC, rowid DESC`,
    ),
    dropEvaluation: db.prepare(
      `DELETE FROM artifacts WHERE run_id = ? AND kind = 'evaluation'
         AND json_extract(meta, '$.source.kind') IS ? AND json_extract(meta, '$.source.datasetId') IS ?`,
    ),
    addEvaluation: db.prepare(`INSERT INTO artifacts (id, run_id, kind, meta, data, created_at) VALUES (?, ?, 'evaluation', ?, NULL, ?)`),
  };
  const saveTx = db.transaction((runId: string, report: { source: { kind: string; datasetId?: string } }) => {
    q.dropEvaluation.run(runId, report.source.kind, report.source.datasetId ?? null);
    q.addEvaluation.run(newId(), runId, JSON.stringify(report), nowIso());
  });

  return {
    exists: (id: string): boolean => q.exists.get(id) !== undefined,
    table: (projectId: string): TableRowRaw[] => q.table.all(projectId),
    one: (id: string): RunInfoRaw | undefined => q.one.get(id),
    /** run id → 1-based number by start order within its project ("Run 3"). */
    numbers(projectId: string): Map<string, number> {
      return new Map(q.order.all(projectId).map((r, i) => [r.id, i + 1]));
    },
    epochsOf: (id: string): number => q.epochsOne.get(id)?.e ?? 0,
    bestOf(id: string, metric: string): { value: number; epoch: number } | null {
      const r = q.bestOne.get(id, metric);
      return r && r.v !== null && r.epoch !== null ? { value: r.v, epoch: r.epoch } : null;
    },
    /** The end-of-epoch value of a metric at an epoch (one index lookup). */
    valueAt: (id: string, metric: string, epoch: number): number | null => q.valueAt.get(id, metric, epoch)?.v ?? null,
    epochRows: (id: string): EpochRow[] => q.epochRows.all(id),
    rename: (id: string, name: string | null): void => void q.rename.run(name, id),
    setNote: (id: string, note: string | null): void => void q.note.run(note, id),
    /** Stored reports; one whose JSON cannot be read is left out (the service checks the rest). */
    evaluations: (id: string): unknown[] => q.evaluations.all(id).flatMap((r) => {
      const v = readJson(r.meta, 'evaluation').value;
      return v === null ? [] : [v];
    }),
    saveEvaluation: (id: string, report: { source: { kind: string; datasetId?: string } }): void => saveTx(id, report),
  };
}

export type RunAnalysisRepo = ReturnType<typeof runAnalysisRepo>;
