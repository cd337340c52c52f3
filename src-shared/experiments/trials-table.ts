/** The trials table's logic (sorting, the best trial, what pruning saved), kept pure so it is tested outside the UI. */
import type { TrialRecord } from '../api/experiments';

/** A column: a fixed one or a dimension of the point (`dim:<key>`). */
export type TrialSortKey = 'trial' | 'status' | 'value' | 'epochs' | 'seconds' | `dim:${string}`;

function keyOf(t: TrialRecord, k: TrialSortKey, minimize: boolean): string | number | null {
  if (k.startsWith('dim:')) {
    const v = t.point[k.slice(4)];
    return v === undefined ? null : typeof v === 'boolean' ? String(v) : v;
  }
  switch (k) {
    case 'trial':
      return t.trial;
    case 'status':
      return t.status;
    case 'value':
      // "better first" when ascending, whichever the direction of the metric
      return t.value === null ? null : minimize ? t.value : -t.value;
    case 'epochs':
      return t.epochs;
    case 'seconds':
      return t.seconds;
  }
  return null;
}

/** Sorted copy; missing values (failed trials' metric) last whatever the direction, ties in trial order. */
export function sortTrials(trials: readonly TrialRecord[], key: TrialSortKey, desc: boolean, minimize = true): TrialRecord[] {
  const withKey = trials.map((t) => ({ t, k: keyOf(t, key, minimize) }));
  withKey.sort((a, b) => {
    if (a.k === null && b.k === null) return a.t.trial - b.t.trial;
    if (a.k === null) return 1;
    if (b.k === null) return -1;
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k));
    return (desc ? -c : c) || a.t.trial - b.t.trial;
  });
  return withKey.map((x) => x.t);
}

/** The trial with the best metric (failed trials have none), or null. */
export function bestTrial(trials: readonly TrialRecord[], minimize: boolean): TrialRecord | null {
  let best: TrialRecord | null = null;
  for (const t of trials) if (t.value !== null && (best === null || (minimize ? t.value < best.value! : t.value > best.value!))) best = t;
  return best;
}

export function savedByPruning(trials: readonly TrialRecord[]): { epochs: number; seconds: number } {
  let epochs = 0;
  let seconds = 0;
  for (const t of trials)
    if (t.status === 'pruned' && t.epochs > 0) {
      const cut = t.epochsPlanned - t.epochs;
      epochs += cut;
      seconds += (t.seconds / t.epochs) * cut;
    }
  return { epochs, seconds };
}
