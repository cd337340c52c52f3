/** Experiments and their trials (see migration 005). JSON columns are written by the services from validated values. */
import type Database from 'better-sqlite3';
import type { ExperimentStatus, ExperimentSummary, TrialRecord, TrialStatus } from '../../src-shared/api/experiments';
import type { ExperimentSpec } from '../../src-shared/experiments/spec';
import { newId, nowIso } from './ids';

interface ExperimentRaw {
  id: string;
  project_id: string;
  name: string;
  spec: string;
  status: ExperimentStatus;
  created_at: string;
  updated_at: string;
  trials: number;
}
interface TrialRaw {
  trial: number;
  point: string;
  run_id: string | null;
  status: TrialStatus;
  value: number | null;
  epochs: number;
  epochs_planned: number;
  seconds: number;
  curve: string;
  reason: string | null;
}

const summary = (r: ExperimentRaw): ExperimentSummary => ({
  id: r.id,
  projectId: r.project_id,
  name: r.name,
  spec: JSON.parse(r.spec) as ExperimentSpec,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  trials: r.trials,
});

export function experimentsRepo(db: Database.Database) {
  const cols = `e.id, e.project_id, e.name, e.spec, e.status, e.created_at, e.updated_at, (SELECT COUNT(*) FROM experiment_trials t WHERE t.experiment_id = e.id) AS trials`;
  const q = {
    insert: db.prepare('INSERT INTO experiments (id, project_id, name, spec, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    one: db.prepare<[string], ExperimentRaw>(`SELECT ${cols} FROM experiments e WHERE e.id = ?`),
    list: db.prepare<[string], ExperimentRaw>(`SELECT ${cols} FROM experiments e WHERE e.project_id = ? ORDER BY e.created_at DESC, e.id DESC`),
    trials: db.prepare<[string], TrialRaw>('SELECT * FROM experiment_trials WHERE experiment_id = ? ORDER BY trial'),
    hasTrial: db.prepare<[string, number], { n: number }>('SELECT 1 AS n FROM experiment_trials WHERE experiment_id = ? AND trial = ?'),
    record: db.prepare(
      `INSERT INTO experiment_trials (experiment_id, trial, point, run_id, status, value, epochs, epochs_planned, seconds, curve, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setStatus: db.prepare('UPDATE experiments SET status = ?, updated_at = ? WHERE id = ?'),
    runProject: db.prepare<[string], { project_id: string }>('SELECT project_id FROM runs WHERE id = ?'),
  };
  return {
    create(projectId: string, spec: ExperimentSpec): ExperimentSummary {
      const id = newId();
      const t = nowIso();
      q.insert.run(id, projectId, spec.name, JSON.stringify(spec), 'running', t, t);
      return summary(q.one.get(id)!);
    },
    get(id: string): ExperimentSummary | null {
      const r = q.one.get(id);
      return r ? summary(r) : null;
    },
    list(projectId: string): ExperimentSummary[] {
      return q.list.all(projectId).map(summary);
    },
    trials(id: string): TrialRecord[] {
      return q.trials.all(id).map((r) => ({
        trial: r.trial,
        point: JSON.parse(r.point) as TrialRecord['point'],
        runId: r.run_id,
        status: r.status,
        value: r.value,
        epochs: r.epochs,
        epochsPlanned: r.epochs_planned,
        seconds: r.seconds,
        curve: JSON.parse(r.curve) as TrialRecord['curve'],
        reason: r.reason,
      }));
    },
    hasTrial(id: string, trial: number): boolean {
      return q.hasTrial.get(id, trial) !== undefined;
    },
    runProject(runId: string): string | null {
      return q.runProject.get(runId)?.project_id ?? null;
    },
    recordTrial(id: string, t: TrialRecord): void {
      db.transaction(() => {
        q.record.run(id, t.trial, JSON.stringify(t.point), t.runId, t.status, t.value, t.epochs, t.epochsPlanned, t.seconds, JSON.stringify(t.curve), t.reason);
        q.setStatus.run('running', nowIso(), id);
      })();
    },
    setStatus(id: string, status: ExperimentStatus): void {
      q.setStatus.run(status, nowIso(), id);
    },
  };
}
