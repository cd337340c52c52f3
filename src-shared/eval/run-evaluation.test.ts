import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildBatch, denormalizeTargets, parseCsvText, persistenceForecast, prepare } from '../data/index';
import { evaluatePredictions, runEvaluationSchema } from './run-evaluation';

const SEATTLE = readFileSync(fileURLToPath(new URL('../../resources/samples/seattle-weather.csv', import.meta.url)), 'utf8');
const src = { kind: 'test' as const, name: 'test split' };

describe('evaluatePredictions: regression', () => {
  it('persistence predictions score exactly like the baseline, in the target units; MAE matches a direct computation', async () => {
    const ds = await parseCsvText(SEATTLE, { name: 's.csv' });
    const p = prepare(ds, { task: 'regression', mode: 'sequence', targets: ['temp_max'], features: ['temp_max', 'wind'], dateColumn: 'date', lookback: 7, horizon: 1, windowTransform: 'level' });
    const pred = persistenceForecast(p, 'test');
    const e = evaluatePredictions(p, 'test', pred, src);
    expect(e.samples).toBe(p.splits.test.length);
    const persistence = e.regression!.baselines!.find((b) => b.key === 'persistence')!;
    expect(e.regression!.model.mae).toBeCloseTo(persistence.metrics.mae, 9);
    expect(e.regression!.model.rmse).toBeCloseTo(persistence.metrics.rmse, 9);
    // independent: denormalized actual vs the value at the window's last row
    const actual = denormalizeTargets(p, buildBatch(p, 'test').y);
    const predicted = denormalizeTargets(p, pred);
    let abs = 0;
    for (let i = 0; i < actual.length; i++) abs += Math.abs(actual[i]! - predicted[i]!);
    expect(e.regression!.model.mae).toBeCloseTo(abs / actual.length, 6);
    expect(e.regression!.model.mae).toBeGreaterThan(0.5); // °C, not z-scores (~0.1)
    expect(e.regression!.series.actual).toHaveLength(p.splits.test.length);
    expect(e.regression!.residuals.counts.reduce((a, b) => a + b, 0)).toBe(p.splits.test.length);
    expect(runEvaluationSchema.safeParse(JSON.parse(JSON.stringify(e))).success).toBe(true);
  });

  it("dates the predicted-vs-actual points with each value's own date (the window's target row); none without a date column", async () => {
    const ds = await parseCsvText(SEATTLE, { name: 's.csv' });
    const p = prepare(ds, { task: 'regression', mode: 'sequence', targets: ['temp_max'], features: ['temp_max'], dateColumn: 'date', lookback: 7, horizon: 2, windowTransform: 'level' });
    const s = evaluatePredictions(p, 'test', persistenceForecast(p, 'test'), src).regression!.series;
    expect(s.dates).toHaveLength(s.position.length);
    const byDate = new Map(SEATTLE.trim().split('\n').slice(1).map((l) => [l.split(',')[0]!, Number(l.split(',')[2])]));
    expect(SEATTLE.split('\n')[0]!.split(',')[2]).toBe('temp_max');
    for (const k of [0, 1, s.position.length - 1]) expect(byDate.get(s.dates![k]!), s.dates![k]).toBeCloseTo(s.actual[k]!, 4);
    expect(s.dates!.every((d, i) => i === 0 || d > s.dates![i - 1]!)).toBe(true);
    const noDate = prepare(ds, { task: 'regression', mode: 'sequence', targets: ['temp_max'], features: ['temp_max'], lookback: 7, windowTransform: 'level' });
    expect(evaluatePredictions(noDate, 'test', persistenceForecast(noDate, 'test'), src).regression!.series.dates).toBeUndefined();
  });

  it('perfect predictions: zero error and R² 1', async () => {
    const ds = await parseCsvText(SEATTLE, { name: 's.csv' });
    const p = prepare(ds, { task: 'regression', mode: 'sequence', targets: ['temp_max', 'temp_min'], features: ['wind'], dateColumn: 'date', lookback: 5, horizon: 2 });
    const e = evaluatePredictions(p, 'test', buildBatch(p, 'test').y, src);
    expect(e.regression!.model.mae).toBeCloseTo(0, 4);
    expect(e.regression!.model.r2).toBeCloseTo(1, 6);
    expect(e.regression!.byOutput.map((o) => o.name)).toEqual(['temp_max', 'temp_min']);
  });

  it('refuses a prediction count that does not match the split', async () => {
    const ds = await parseCsvText(SEATTLE, { name: 's.csv' });
    const p = prepare(ds, { task: 'regression', mode: 'sequence', targets: ['temp_max'], features: ['wind'], dateColumn: 'date', lookback: 5 });
    expect(() => evaluatePredictions(p, 'test', new Float32Array(3), src)).toThrow(/predictions for the test samples, got 3/);
  });
});

describe('evaluatePredictions: classification', () => {
  const csv = ['x,label', ...Array.from({ length: 40 }, (_, i) => `${i},${i % 4 === 0 ? 'cat' : 'dog'}`)].join('\n');

  it('binary: confusion matrix, AUC and misclassified rows from scores', async () => {
    const ds = await parseCsvText(csv, { name: 'c.csv' });
    const p = prepare(ds, { task: 'binary', mode: 'tabular', targets: ['label'], features: ['x'], split: { train: 0.5, validation: 0, test: 0.5 } });
    const y = buildBatch(p, 'test').y;
    // a model that is right except on the first test sample, with graded scores
    const pred = new Float32Array(y.length);
    for (let i = 0; i < y.length; i++) pred[i] = y[i]! > 0.5 ? 0.9 : 0.1;
    pred[0] = y[0]! > 0.5 ? 0.2 : 0.8;
    const e = evaluatePredictions(p, 'test', pred, src);
    const c = e.classification!;
    const total = c.metrics.matrix.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(y.length);
    expect(c.metrics.accuracy).toBeCloseTo((y.length - 1) / y.length);
    expect(c.misclassified).toHaveLength(1);
    expect(c.misclassified[0]!.index).toBe(0);
    expect(c.misclassified[0]!.confidence).toBeCloseTo(0.8);
    // the CSV row the label came from: x equals row - 1, and its label follows the rule
    const row = c.misclassified[0]!.row;
    expect(c.misclassified[0]!.trueLabel).toBe((row - 1) % 4 === 0 ? 'cat' : 'dog');
    expect(c.roc).not.toBeNull();
    expect(c.baselineName).toBe('majority class');
  });
});
