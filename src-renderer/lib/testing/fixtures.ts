/** Small data and models for the renderer's tests (the same shapes the app works with, built in memory). */
import { defaultDataPrep, parseCsvText, type Dataset, type DataPrep } from '@shared/data/index';
import { sequential } from '@shared/graph/builder';
import type { GraphDocument } from '@shared/graph/index';
import type { Project } from '@shared/api/projects';
import { trainingSettingsSchema } from '@shared/train/settings';

/** An id in the form the app's ids take (the API refuses any other): `uid(1)` = 00000000-0000-4000-8000-000000000001. */
export const uid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** `rows` rows of t, y = a sine, x = a cosine. */
export function sineDataset(rows = 120): Promise<Dataset> {
  const lines = ['t,y,x'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(Math.sin(i / 5) * 3 + 4).toFixed(3)},${Math.cos(i / 5).toFixed(3)}`);
  return parseCsvText(lines.join('\n'), { name: 'sine.csv' });
}

/** Predict y from windows of 4 steps of (y, x). */
export const sinePrep = (datasetId = 'ds'): DataPrep =>
  defaultDataPrep({ datasetId, task: 'regression', mode: 'sequence', targets: ['y'], features: ['y', 'x'], lookback: 4 });

/** Input (follows the data) → Flatten → Dense(1): fits `sinePrep`. */
export const windowModel = (): GraphDocument =>
  sequential('m', [
    { kind: 'Input', label: 'window', params: { shape: [4, 2], source: 'dataset' } },
    { kind: 'Flatten', label: 'flat', params: {} },
    { kind: 'Dense', label: 'out', params: { units: 1 } },
  ]);

export function project(over: Partial<Project> = {}): Project {
  return {
    id: uid(1),
    name: 'One',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    document: null,
    view: null,
    dataPrep: null,
    training: trainingSettingsSchema.parse({}),
    ...over,
  };
}
