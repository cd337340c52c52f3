/**
 * Pruning: the median rule (as in Optuna's MedianPruner / Google Vizier). After each epoch a trial is
 * stopped when its best metric so far is worse than the median of the other trials' best-so-far values
 * at the same epoch. It never stops before `warmupEpochs`, nor before `minTrials` other trials reached
 * that epoch; a non-finite metric (a diverged trial) stops at once.
 */
import type { Pruning } from './spec';

/** A metric curve: the value after epoch 1, 2, … (index 0 = epoch 1). */
export type Curve = readonly number[];

export interface PruneDecision {
  stop: boolean;
  reason: string | null;
}

function bestSoFar(curve: Curve, epoch: number, minimize: boolean): number {
  let b = minimize ? Infinity : -Infinity;
  for (let i = 0; i < epoch && i < curve.length; i++) {
    const v = curve[i]!;
    if (Number.isFinite(v)) b = minimize ? Math.min(b, v) : Math.max(b, v);
  }
  return b;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Stop or continue `curve` (epochs so far) given the curves of the other trials of the experiment. */
export function pruneDecision(rule: Pruning, curve: Curve, others: readonly Curve[], minimize = true): PruneDecision {
  const epoch = curve.length;
  if (epoch === 0) return { stop: false, reason: null };
  const last = curve[epoch - 1]!;
  if (!Number.isFinite(last)) return { stop: true, reason: `the metric is ${last} at epoch ${epoch} (diverged)` };
  if (rule.rule === 'none' || epoch < rule.warmupEpochs) return { stop: false, reason: null };
  const peers = others.filter((c) => c.length >= epoch).map((c) => bestSoFar(c, epoch, minimize)).filter(Number.isFinite);
  if (peers.length < rule.minTrials) return { stop: false, reason: null };
  const med = median(peers);
  const mine = bestSoFar(curve, epoch, minimize);
  const worse = minimize ? mine > med : mine < med;
  return worse
    ? { stop: true, reason: `pruned at epoch ${epoch}: best so far ${mine.toPrecision(4)} is worse than the median ${med.toPrecision(4)} of ${peers.length} other trials` }
    : { stop: false, reason: null };
}
