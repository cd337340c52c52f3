/** Runs table logic (labels, text/status filter, sorting) kept pure so it is tested outside the UI. */
import type { RunTableRow } from '../api/run-analysis';
import type { RunStatus } from '../api/runs';

export type SortKey = 'name' | 'status' | 'started' | 'duration' | 'backend' | 'model' | 'params' | 'lr' | 'epochs' | 'best' | 'test';

export function runLabel(r: Pick<RunTableRow, 'name' | 'number'>): string {
  return r.name ?? `Run ${r.number}`;
}

/** Every word of `text` must occur (case-insensitive) in the run's name, note, model, backend, status or settings. */
export function filterRuns(rows: readonly RunTableRow[], text: string, status: 'all' | RunStatus): RunTableRow[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => {
    if (status !== 'all' && r.status !== status) return false;
    if (!words.length) return true;
    const hay = [runLabel(r), r.note ?? '', r.model, r.backend ?? '', r.status, r.settings.optimizer, r.settings.loss, `lr ${r.settings.learningRate}`, `batch ${r.settings.batchSize}`]
      .join(' ')
      .toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Sort value; null sorts last whatever the direction. Accuracy-type test metrics sort so that "better" is "smaller" like errors. */
function keyOf(r: RunTableRow, k: SortKey): string | number | null {
  switch (k) {
    case 'name':
      return r.name?.toLowerCase() ?? `run ${String(r.number).padStart(8, '0')}`;
    case 'status':
      return r.status;
    case 'started':
      return r.startedAt;
    case 'duration':
      return r.durationMs;
    case 'backend':
      return r.backend;
    case 'model':
      return r.model || null;
    case 'params':
      return r.params;
    case 'lr':
      return Number.isFinite(r.settings.learningRate) ? r.settings.learningRate : null;
    case 'epochs':
      return r.epochs;
    case 'best':
      return r.best?.value ?? null;
    case 'test':
      return r.test ? (r.test.name === 'accuracy' ? -r.test.value : r.test.value) : null;
  }
}

export function sortRuns(rows: readonly RunTableRow[], key: SortKey, desc: boolean): RunTableRow[] {
  const withKey = rows.map((r, i) => ({ r, k: keyOf(r, key), i }));
  withKey.sort((a, b) => {
    if (a.k === null && b.k === null) return a.i - b.i;
    if (a.k === null) return 1;
    if (b.k === null) return -1;
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k));
    return (desc ? -c : c) || a.i - b.i;
  });
  return withKey.map((x) => x.r);
}
