import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { openStore, type Store } from '../store/store';
import { runsRepo } from '../store/runs-repo';
import { localApi } from './local-api';
import { parseCsvText } from '../../src-shared/data/csv';
import { defaultDataPrep } from '../../src-shared/data/spec';
import { sequential } from '../../src-shared/graph/builder';
import { trainingSettings } from '../../src-shared/train/settings';
import { runPipeline } from '../../src-shared/train/pipeline';
import { apiRecorder } from '../../src-shared/train/recorder';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'll-local-api-'));
  store = openStore(join(dir, 'layerloom.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the CLI's recorder writes through the API contract", () => {
  it('records a pipeline run via dispatch to the services, and the contract validates what it is given', async () => {
    await tf.setBackend('cpu');
    const api = localApi(store, dir);
    const lines = ['t,y'];
    for (let i = 0; i < 80; i++) lines.push(`${i},${Math.sin(i / 4).toFixed(3)}`);
    const ds = await parseCsvText(lines.join('\n'));
    const recorder = apiRecorder(api, { projectId: async () => (await api.call('projects.create', { name: 'Local' })).id, name: 'CLI: test' });
    const out = await runPipeline({
      doc: sequential('m', [
        { kind: 'Input', label: 'x', params: { shape: [1, 1], source: 'dataset' } },
        { kind: 'Flatten', label: 'f', params: {} },
        { kind: 'Dense', label: 'out', params: { units: 1 } },
      ]),
      prep: defaultDataPrep({ targets: ['y'], features: ['y'], lookback: 3 }),
      data: { dataset: ds },
      settings: trainingSettings({ epochs: 1, batchSize: 8, seed: 1 }),
      tfp: { tf, ready: async () => ({ backend: 'cpu', reason: 'test', device: 'test' }) },
      recorder,
    });
    expect(out.status).toBe('completed');
    const run = runsRepo(store.db).get(recorder.runId!)!;
    expect(run).toMatchObject({ status: 'completed', name: 'CLI: test', backend: 'cpu', epochsLogged: 1 });
    // dispatch validates arguments as it does for the app: a NaN metric is refused, not written
    const p = await api.call('projects.list', {});
    const second = await api.call('runs.start', { projectId: p[0]!.id, graph: {}, dataPrep: {}, settings: trainingSettings({}) });
    await expect(api.call('runs.appendMetrics', { runId: second.id, rows: [{ epoch: 1, batch: null, name: 'loss', value: Number.NaN, tMs: 0 }] })).rejects.toMatchObject({
      code: 'bad_request',
    });
    await expect(api.call('runs.finish', { runId: recorder.runId!, status: 'completed', artifacts: [] })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('`layerloom train` reaches the store only through the contract', () => {
    const src = readFileSync(new URL('./commands/train.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/store\/(runs|projects|artifacts)-repo/);
    expect(src).toMatch(/localApi\(/);
  });
});
