import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../graph/analyze';
import { parseDocument } from '../graph/document';
import { verifyAgainstTfjs } from '../compiler/verify';
import { compileToTfjs } from '../compiler/to-tfjs';
import { getLayer } from '../layers/registry';
import { trainingSettingsSchema } from '../train/settings';
import { TEMPLATES, getTemplate } from './index';
import { stackedGru } from './stacked-gru';
import { gruSkipForecaster } from './forecasters';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('templates', () => {
  it('include the reference models and comparisons', () => {
    const ids = TEMPLATES.map((t) => t.id);
    for (const id of ['sum-regressor', 'binary-sequence-classifier', 'stacked-gru-per-step', 'stacked-gru-per-sequence', 'gru-forecaster', 'lstm-forecaster', 'simple-rnn-forecaster', 'dense-regressor', 'text-classifier', 'text-bigru'])
      expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const t of TEMPLATES)
    it(`${t.id}: valid, no errors, shapes and params equal tfjs`, () => {
      const doc = parseDocument(JSON.parse(JSON.stringify(t.graph())));
      const a = analyze(doc);
      expect(a.errorCount).toBe(0);
      expect(trainingSettingsSchema.parse(t.training)).toEqual(t.training);
      const v = verifyAgainstTfjs(tf, doc);
      expect(v.mismatches).toEqual([]);
    });

  it('the text templates mask the padding (id 0) and build a mask-carrying tfjs Embedding', () => {
    for (const id of ['text-classifier', 'text-bigru']) {
      const doc = getTemplate(id)!.graph();
      const emb = doc.nodes.find((n) => n.kind === 'Embedding')!;
      expect(emb.params.maskZero, id).toBe(true);
      const c = compileToTfjs(tf, doc);
      expect(c.layers.get(emb.id)!.getConfig().maskZero, id).toBe(true);
      c.model.dispose();
    }
  });

  it('every template node stores every param of its kind', () => {
    for (const t of TEMPLATES)
      for (const n of t.graph().nodes) for (const p of getLayer(n.kind)!.params) expect(n.params, `${t.id} ${n.label}.${p.name}`).toHaveProperty(p.name);
  });

  it('stacked reference model: 152,197 params, 512 non-trainable on [30, 6] with 5 classes', () => {
    const v = verifyAgainstTfjs(tf, stackedGru(true, [30, 6], 5));
    expect(v.tfjsTotalParams).toBe(152_197);
    expect(v.totalParams).toBe(152_197);
    expect(v.nonTrainableParams).toBe(512);
    expect(v.outputShapes[0]).toEqual([null, 30, 5]);
    const lines: string[] = [];
    const m = compileToTfjs(tf, stackedGru(true)).model;
    m.summary(120, undefined, (line: string) => lines.push(line));
    m.dispose();
    expect(lines).toContain('Total params: 152197');
    expect(lines).toContain('Non-trainable params: 512');
    const perSeq = verifyAgainstTfjs(tf, getTemplate('stacked-gru-per-sequence')!.graph());
    expect(perSeq.outputShapes[0]).toEqual([null, 5]);
    expect(perSeq.totalParams).toBe(152_197);
  });

  it('per-step variant warns that Dense outputs one value per time step', () => {
    const a = analyze(stackedGru(true));
    expect(a.diagnostics.map((d) => d.code)).toContain('per-timestep-output');
    expect(a.diagnostics.find((d) => d.code === 'per-timestep-output')!.message).toContain('one value per time step');
  });

  it('GRU param formula from the notes (u=128, d=6 → 51,840) and fewer params than LSTM', () => {
    const a = analyze(stackedGru(true));
    expect(a.nodes.get('n2')!.params.trainable).toBe(51_840);
    const p = (id: string) => [...analyze(getTemplate(id)!.graph()).nodes.values()].reduce((s, n) => s + n.params.trainable, 0);
    expect(p('gru-forecaster')).toBeLessThan(p('lstm-forecaster'));
    expect(p('simple-rnn-forecaster')).toBeLessThan(p('gru-forecaster'));
  });

  it('forecasters train longer: 60 epochs, early stopping patience 10, reduce-LR on plateau', () => {
    for (const id of ['gru-forecaster', 'lstm-forecaster', 'simple-rnn-forecaster', 'gru-skip-forecaster']) {
      const t = getTemplate(id)!.training;
      expect(t.epochs, id).toBe(60);
      expect(t.earlyStopping).toMatchObject({ enabled: true, patience: 10, restoreBestWeights: true });
      expect(t.reduceLrOnPlateau.enabled, id).toBe(true);
      expect(t.reduceLrOnPlateau.patience).toBeLessThan(t.earlyStopping.patience);
    }
  });

  it('GRU + linear skip: Flatten → Dense(1) added to GRU → Dense(1); params by hand', () => {
    // GRU(64) on 1 feature: 3·(64·1 + 64·64 + 64) = 12,672; Dense(64→1): 65; Flatten(14·1) → Dense(1): 15
    const v = verifyAgainstTfjs(tf, gruSkipForecaster(14, 1, 1));
    expect(v.mismatches).toEqual([]);
    expect(v.totalParams).toBe(12_672 + 65 + 15);
    expect(v.tfjsTotalParams).toBe(12_752);
    expect(v.outputShapes[0]).toEqual([null, 1]);
    // 4 features, 2 outputs: 3·(64·4 + 64·64 + 64) + (64·2 + 2) + (14·4·2 + 2)
    expect(verifyAgainstTfjs(tf, gruSkipForecaster(14, 4, 2)).totalParams).toBe(3 * (256 + 4096 + 64) + 130 + 114);
    const doc = getTemplate('gru-skip-forecaster')!.graph();
    const add = doc.nodes.find((n) => n.kind === 'Add')!;
    expect(doc.edges.filter((e) => e.target === add.id)).toHaveLength(2);
  });
});
