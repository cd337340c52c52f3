/** Small data and models for the renderer's tests (the same shapes the app works with, built in memory). */
import { defaultDataPrep, parseCsvText, type Dataset, type DataPrep } from '@shared/data/index';
import { sequential } from '@shared/graph/builder';
import type { GraphDocument } from '@shared/graph/index';
import type { Project } from '@shared/api/projects';
import { trainingSettingsSchema } from '@shared/train/settings';

/** 120 rows of t, y = a sine, x = a cosine. */
export function sineDataset(): Promise<Dataset> {
  const lines = ['t,y,x'];
  for (let i = 0; i < 120; i++) lines.push(`${i},${(Math.sin(i / 5) * 3 + 4).toFixed(3)},${Math.cos(i / 5).toFixed(3)}`);
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
    id: 'p1',
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
