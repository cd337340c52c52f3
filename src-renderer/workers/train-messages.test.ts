import { beforeAll, describe, expect, it } from 'vitest';
import { defaultDataPrep, parseCsvText, prepare, type PreparedData } from '@shared/data/index';
import { trainingSettings } from '@shared/train/settings';
import { checkTrainReply, checkTrainRequest, type TrainWorkerRequest } from './train-messages';
import { sineDataset, sinePrep, windowModel } from '../lib/testing/fixtures';

let prepared: PreparedData;
beforeAll(async () => {
  prepared = prepare(await sineDataset(), sinePrep());
});
const start = (): TrainWorkerRequest => ({ type: 'start', doc: windowModel(), prep: sinePrep(), prepared, settings: trainingSettings({ epochs: 2 }) });
const batch = { type: 'batch', info: { epoch: 1, batch: 0, batches: 3, epochs: 2, loss: 0.5, metrics: { mae: 0.4 }, tMs: 12 } };

describe('training worker requests', () => {
  it('accepts start and stop, and hands back the very message sent', () => {
    const msg = start();
    const r = checkTrainRequest(msg);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toBe(msg);
      expect(r.ok && r.value.type === 'start' && r.value.prepared.features).toBe(prepared.features);
    }
    expect(checkTrainRequest({ type: 'stop' }).ok).toBe(true);
  });

  it('carries a text preparation (options, vocabulary, summary) to the worker', async () => {
    const csv = 'msg,label\n' + Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'win a free prize now' : 'see you at lunch'} ${i},${i % 2 ? 'spam' : 'ham'}`).join('\n') + '\n';
    const prep = defaultDataPrep({ task: 'binary', mode: 'tabular', targets: ['label'], text: { column: 'msg' } });
    const p = prepare(await parseCsvText(csv), prep);
    expect(p.text?.vocabulary.tokens.length).toBeGreaterThan(2);
    const r = checkTrainRequest({ ...start(), prep, prepared: p });
    expect(r.ok, r.ok ? '' : r.error).toBe(true);
    const bad = checkTrainRequest({ ...start(), prep, prepared: { ...p, text: { ...p.text, vocabulary: { tokens: 'none', counts: [] } } } });
    expect(bad.ok ? '' : bad.error).toMatch(/prepared\.text\.vocabulary\.tokens/);
  });

  it('refuses a malformed request with a message naming the field', () => {
    const bad = (m: unknown): string => {
      const r = checkTrainRequest(m);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.error;
    };
    expect(bad({ type: 'go' })).toMatch(/^Malformed request to the training worker: type: /);
    expect(bad(null)).toMatch(/training worker: \(message\): /);
    expect(bad({ ...start(), prepared: { ...prepared, features: [1, 2, 3] } })).toMatch(/prepared\.features: must be a Float32Array/);
    expect(bad({ ...start(), settings: { ...trainingSettings(), epochs: 0 } })).toMatch(/settings\.epochs: /);
    expect(bad({ ...start(), doc: { ...windowModel(), nodes: 'none' } })).toMatch(/doc\.nodes: /);
    const { prep: _missing, ...noPrep } = start() as Extract<TrainWorkerRequest, { type: 'start' }>;
    expect(bad(noPrep)).toMatch(/: prep: /);
  });
});

describe('training worker replies', () => {
  it('accepts progress, record calls, done and error (a diverging NaN loss included)', () => {
    for (const m of [
      batch,
      { type: 'batch', info: { ...batch.info, loss: Number.NaN } },
      { type: 'epoch', info: { epoch: 1, epochs: 2, logs: { loss: 0.5, val_loss: Number.POSITIVE_INFINITY }, tMs: 40, partial: false } },
      { type: 'record', op: 'backend', arg: { backend: 'cpu', reason: 'chosen', device: 'cpu (CPU)' } },
      { type: 'record', op: 'metrics', arg: [{ epoch: 1, batch: null, name: 'loss', value: 0.5, tMs: 40 }] },
      { type: 'record', op: 'fail', arg: 'out of memory' },
      {
        type: 'record',
        op: 'start',
        arg: { graph: windowModel(), dataPrep: sinePrep(), settings: { ...trainingSettings(), seed: 3 }, backend: 'auto', device: '' },
      },
      {
        type: 'record',
        op: 'finish',
        arg: {
          status: 'completed',
          reason: null,
          result: { epochsRun: 2, epochs: 2, monitor: 'val_loss', bestEpoch: 2, finalLogs: { loss: 0.1 }, evaluation: null },
          artifacts: [{ kind: 'weights-final', meta: { specs: [] }, data: new Uint8Array(4) }],
          evaluation: null,
        },
      },
      { type: 'done', status: 'refused', reason: 'no data', evaluation: null },
      { type: 'error', message: 'Training failed: boom' },
    ]) {
      const r = checkTrainReply(m);
      expect(r.ok ? '' : r.error, JSON.stringify(m)).toBe('');
    }
  });

  it('keeps every field of an evaluation (baselines, warnings, class counts, error per step, forecast paths), so the Training tab can show them', () => {
    const evaluation = {
      split: 'test' as const,
      samples: 10,
      loss: 0.2,
      metrics: { mae: 1.5, mase: 0.8 },
      baseline: { name: 'seasonal naive', metrics: { mae: 1.7 } },
      baselines: [{ key: 'persistence', name: 'persistence', metrics: { mae: 2 } }, { key: 'seasonal-naive', name: 'seasonal naive', metrics: { mae: 1.7 } }],
      beatsBaseline: true,
      warnings: ['Test targets reach 12, 20 % above the training maximum 10'],
      byStep: [
        { name: 'y t+1', step: 1, mae: 1.2, rmse: 1.5, baselines: { persistence: 1.4 } },
        { name: 'y t+7', step: 7, mae: 2.5, rmse: 3.1, baselines: { persistence: 3.0 } },
      ],
      paths: [{ origin: 0, label: '2024-03-01', actual: [1, 2], predicted: [1.1, 2.2] }],
    };
    const r = checkTrainReply({ type: 'done', status: 'completed', reason: null, evaluation });
    expect(r.ok && r.value.type === 'done' ? r.value.evaluation : null).toEqual(evaluation);
    const bad = checkTrainReply({ type: 'done', status: 'completed', reason: null, evaluation: { ...evaluation, byStep: [{ name: 'y t+1', step: 'one', mae: 1, rmse: 1, baselines: {} }] } });
    expect(bad.ok ? '' : bad.error).toMatch(/evaluation\.byStep\.0\.step/);
  });

  it('carries a lost WebGPU device both ways, so the next run of the session leaves WebGPU out', () => {
    const lost = 'The WebGPU device was lost (unknown: GPU hung); start the run again: later runs leave WebGPU out until the app restarts.';
    const done = checkTrainReply({ type: 'done', status: 'failed', reason: lost, evaluation: null, webgpuLost: lost });
    expect(done.ok && done.value.type === 'done' ? done.value.webgpuLost : null).toBe(lost);
    const req = checkTrainRequest({ ...start(), webgpuLost: lost });
    expect(req.ok && req.value.type === 'start' ? req.value.webgpuLost : null).toBe(lost);
    expect(checkTrainRequest({ ...start(), settings: { ...trainingSettings(), backend: 'webgpu' } }).ok).toBe(true);
    // checked, not taken on trust
    expect(checkTrainReply({ type: 'done', status: 'failed', reason: null, evaluation: null, webgpuLost: 42 })).toMatchObject({ ok: false, error: expect.stringMatching(/webgpuLost: /) });
    expect(checkTrainRequest({ ...start(), webgpuLost: 42 })).toMatchObject({ ok: false, error: expect.stringMatching(/webgpuLost: /) });
  });

  it('refuses a malformed reply with a message naming the field', () => {
    const bad = (m: unknown): string => {
      const r = checkTrainReply(m);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.error;
    };
    expect(bad({ ...batch, info: { ...batch.info, loss: '0.5' } })).toBe('Malformed message from the training worker: info.loss: must be a number');
    expect(bad({ ...batch, info: { ...batch.info, epoch: -1 } })).toMatch(/: info\.epoch: /);
    expect(bad({ type: 'done', status: 'exploded', reason: null, evaluation: null })).toMatch(/: status: /);
    expect(bad({ type: 'record', op: 'metrics', arg: [{ epoch: 1, batch: null, name: 'loss', tMs: 1 }] })).toMatch(/: arg\.0\.value: /);
    expect(bad({ type: 'record', op: 'rewind', arg: null })).toMatch(/: op: /);
    expect(bad({ type: 'error' })).toMatch(/: message: /);
    expect(bad('done')).toMatch(/: \(message\): /);
  });
});
