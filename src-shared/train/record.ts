/**
 * What a host records about a training run, the same in the app and the CLI: metric rows from the
 * loop's callbacks, the run's result summary, and its artifacts (weights and preprocessing).
 */
import type { DataPrep } from '../data/spec';
import type { PreparedData } from '../data/prepare';
import type { MetricRow, RunResult } from '../api/runs';
import type { BatchInfo, EpochInfo, TrainResult } from './loop';
import { encodeSnapshot, preprocessingMeta, type ArtifactKind } from './artifacts';

export function batchRows(b: BatchInfo): MetricRow[] {
  const rows: MetricRow[] = [{ epoch: b.epoch, batch: b.batch, name: 'loss', value: b.loss, tMs: b.tMs }];
  for (const [name, value] of Object.entries(b.metrics)) if (Number.isFinite(value)) rows.push({ epoch: b.epoch, batch: b.batch, name, value, tMs: b.tMs });
  return rows;
}

/** End-of-epoch rows (batch null). A partial epoch (Stop) is recorded under `partial_*` names so curves stay honest. */
export function epochRows(e: EpochInfo): MetricRow[] {
  return Object.entries(e.logs)
    .filter(([, v]) => Number.isFinite(v))
    .map(([name, value]) => ({ epoch: e.epoch, batch: null, name: e.partial ? `partial_${name}` : name, value, tMs: e.tMs }));
}

/** Rows for the test evaluation, written at the end (epoch = epochs run, batch null). */
export function evaluationRows(r: TrainResult, tMs: number): MetricRow[] {
  const ev = r.evaluation;
  if (!ev) return [];
  const rows: MetricRow[] = [];
  const push = (name: string, value: number): void => void (Number.isFinite(value) && rows.push({ epoch: r.epochsRun, batch: null, name, value, tMs }));
  push('test_loss', ev.loss);
  for (const [k, v] of Object.entries(ev.metrics)) push(`test_${k}`, v);
  if (ev.baseline) for (const [k, v] of Object.entries(ev.baseline.metrics)) push(`baseline_${k}`, v);
  // every baseline, by key (baseline_<metric> above stays the best one's)
  for (const b of ev.baselines ?? []) for (const [k, v] of Object.entries(b.metrics)) push(`baseline_${b.key.replace(/-/g, '_')}_${k}`, v);
  return rows;
}

export function runResult(r: TrainResult, epochs: number, extra: { params?: number; backendReason?: string } = {}): RunResult {
  return {
    epochsRun: r.epochsRun,
    epochs,
    monitor: r.monitor,
    bestEpoch: r.best?.epoch ?? null,
    finalLogs: r.history.at(-1) ?? {},
    evaluation: r.evaluation,
    ...(r.warnings.length ? { warnings: r.warnings } : {}),
    ...extra,
  };
}

export interface ArtifactOut {
  kind: ArtifactKind;
  meta: unknown;
  data: Uint8Array<ArrayBuffer> | null;
}

/** Final and best weights (when there are any) and the preprocessing needed to use the model. */
export function runArtifacts(r: TrainResult, p: PreparedData, prep: DataPrep | null): ArtifactOut[] {
  const out: ArtifactOut[] = [];
  const fin = encodeSnapshot(r.finalWeights);
  out.push({ kind: 'weights-final', meta: fin.meta, data: fin.data });
  if (r.bestWeights) {
    const best = encodeSnapshot(r.bestWeights);
    out.push({ kind: 'weights-best', meta: best.meta, data: best.data });
  }
  out.push({ kind: 'preprocessing', meta: preprocessingMeta(p, prep), data: null });
  return out;
}

/** A seed to record when the settings have none, so every run can be reproduced. */
export function ensureSeed<S extends { seed?: number | undefined }>(s: S): S & { seed: number } {
  return { ...s, seed: s.seed ?? Math.floor(Math.random() * 2 ** 31) };
}
