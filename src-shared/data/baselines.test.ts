import { describe, expect, it } from 'vitest';
import {
  choleskySolve,
  fitLinearAr,
  fitRidge,
  linearArForecast,
  maeRmse,
  mase,
  maseScale,
  parseCsvText,
  persistenceForecast,
  prepare,
  regressionBaselines,
  seasonalNaiveForecast,
  trainingMeanForecast,
  type DataPrepInput,
  type PreparedData,
} from './index';
import { compareWithBaseline } from '../train/evaluate';
import { evaluatePredictions, runEvaluationSchema } from '../eval/run-evaluation';
import { runResultSchema } from '../api/runs';
import { mulberry32 } from './prepare';

/** A seeded standard normal (Box–Muller on mulberry32). */
function normal(seed: number): () => number {
  const r = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
}

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

async function series(ys: number[], prep: DataPrepInput, dates = true): Promise<PreparedData> {
  const lines = [dates ? 'date,y' : 'y', ...ys.map((y, i) => (dates ? `${iso(Date.UTC(2020, 0, 1) + i * DAY)},${y}` : `${y}`))];
  const ds = await parseCsvText(lines.join('\n'));
  return prepare(ds, { task: 'regression', mode: 'sequence', targets: ['y'], features: ['y'], windowTransform: 'level', ...(dates ? { dateColumn: 'date' } : {}), ...prep });
}

/** The daily weekly-cycle series of the forecasting notes: level + weekday pattern + slow wave + noise. */
function weeklyCycle(n: number, seed = 7): number[] {
  const z = normal(seed);
  const pattern = [0.2, 0.5, 0.6, 0.55, 0.8, -1, -1.2]; // × 1500
  return Array.from({ length: n }, (_, t) => Math.round(10000 + 1500 * pattern[t % 7]! + 800 * Math.sin((2 * Math.PI * t) / 365) + 300 * z()));
}

describe('baselines on a tiny series, by hand', () => {
  // 12 rows, lookback 3, horizon 2, no normalization: splits 0.5 / 0.25 / 0.25 → rows 0–5 | 6–8 | 9–11
  const ys = [10, 12, 11, 15, 14, 18, 17, 21, 20, 24, 23, 27];
  const prep: DataPrepInput = { lookback: 3, horizon: 2, normalization: 'none', split: { train: 0.5, validation: 0.25, test: 0.25 }, seasonalPeriod: 2 };

  it('persistence, seasonal naive, training mean: the values a person would write down', async () => {
    const p = await series(ys, { ...prep, split: { train: 0.5, validation: 0, test: 0.5 } });
    // test rows 6–11; a window spans 3 + 2 = 5 rows: starts 6, 7 → targets at rows 10, 11
    expect(Array.from(p.splits.test)).toEqual([6, 7]);
    expect(Array.from(persistenceForecast(p, 'test'))).toEqual([ys[8], ys[9]]); // last window row: 8, 9
    // seasonal naive, m = 2, h = 2: k = 1, ŷ(t) = y(t − 2) → rows 8, 9 (here equal to persistence)
    expect(Array.from(seasonalNaiveForecast(p, 'test', 2))).toEqual([ys[8], ys[9]]);
    // m = 3, h = 2: k = 1, ŷ(t) = y(t − 3) → rows 7, 8
    expect(Array.from(seasonalNaiveForecast(p, 'test', 3))).toEqual([ys[7], ys[8]]);
    // m = 1, h = 2: k = 2, ŷ(t) = y(t − 2) → rows 8, 9
    expect(Array.from(seasonalNaiveForecast(p, 'test', 1))).toEqual([ys[8], ys[9]]);
    // training samples: starts 0, 1 → targets at rows 4, 5 → mean (14 + 18) / 2
    expect(Array.from(trainingMeanForecast(p, 'test'))).toEqual([16, 16]);
    // the seasonal source never precedes the group: m = 7 would reach row 3 / 4 for targets 10 / 11 (fine),
    // but for the first training window (target row 4) row −3 → the last window value (row 2)
    expect(Array.from(seasonalNaiveForecast(p, 'train', 7))).toEqual([ys[2], ys[3]]);
  });

  it('seasonal naive is ŷ(t+h) = y(t+h−m·k) with the smallest k such that h ≤ m·k', async () => {
    const long = Array.from({ length: 60 }, (_, i) => i * i);
    const p = await series(long, { lookback: 10, horizon: 5, normalization: 'none', split: { train: 0.5, validation: 0, test: 0.5 } });
    const sn = seasonalNaiveForecast(p, 'test', 3); // k = 2 → t − 6
    p.splits.test.forEach((s, i) => expect(sn[i]).toBe(long[s + 9 + 5 - 6]));
  });

  it('ridge on one input matches the one-variable closed form', () => {
    const x = [1, 2, 3, 4, 5];
    const y = [2.1, 3.9, 6.2, 7.8, 10.1];
    const m = fitRidge(x, y, 5, 1, 1, 0.01);
    const mx = 3;
    const my = y.reduce((a, b) => a + b) / 5;
    const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0); // 10
    const sxy = x.reduce((a, v, i) => a + (v - mx) * (y[i]! - my), 0);
    const lambda = 0.01 * sxx; // relative to the mean diagonal (d = 1)
    expect(m.lambda).toBeCloseTo(lambda, 9);
    expect(m.w[0]).toBeCloseTo(sxy / (sxx + lambda), 9);
    expect(m.b[0]).toBeCloseTo(my - mx * (sxy / (sxx + lambda)), 9);
  });

  it('Cholesky solves a small SPD system', () => {
    const A = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);
    const x = [1, -2, 0.5];
    const b = Float64Array.from([0, 1, 2].map((i) => A[i * 3]! * x[0]! + A[i * 3 + 1]! * x[1]! + A[i * 3 + 2]! * x[2]!));
    const sol = choleskySolve(A.slice(), b, 3, 1);
    x.forEach((v, i) => expect(sol[i]).toBeCloseTo(v, 10));
    expect(() => choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2, 1)).toThrow(/positive definite/);
  });

  it('MASE: model MAE over the in-sample seasonal-naive MAE of the training rows', async () => {
    const p = await series(ys, prep);
    // training rows 0–5, m = 2: |11−10| |15−12| |14−11| |18−15| = 1 3 3 3 → 2.5
    expect(maseScale(p)).toEqual([2.5]);
    expect(mase([10, 20], [12, 17], [2.5])).toBeCloseTo((2 + 3) / 2 / 2.5, 12);
    const q = await series(ys, { ...prep, seasonalPeriod: undefined }, false); // no dates, no season: m = 1
    // |12−10| |11−12| |15−11| |14−15| |18−14| = 2 1 4 1 4 → 2.4
    expect(q.seasonalPeriod).toBeNull();
    expect(maseScale(q)![0]).toBeCloseTo(2.4, 12);
  });
});

describe('linear autoregression (ridge, closed form)', () => {
  it('recovers the coefficients of a known AR(2) process from the training windows', async () => {
    const z = normal(11);
    const a1 = 0.6;
    const a2 = -0.3;
    const ys = [0, 0];
    for (let t = 2; t < 3000; t++) ys.push(a1 * ys[t - 1]! + a2 * ys[t - 2]! + z());
    const p = await series(ys.map((v) => +v.toFixed(6)), { lookback: 2, horizon: 1, normalization: 'none' }, false);
    const m = fitLinearAr(p)!;
    // the window is [y(t−1), y(t)] → y(t+1): weights [a2, a1]
    expect(m.w[0]).toBeCloseTo(a2, 1);
    expect(m.w[1]).toBeCloseTo(a1, 1);
    expect(Math.abs(m.w[0]! - a2)).toBeLessThan(0.05);
    expect(Math.abs(m.w[1]! - a1)).toBeLessThan(0.05);
    expect(Math.abs(m.b[0]!)).toBeLessThan(0.1);
    // fitted on training windows only: changing a test target does not change the fit
    const q = { ...p, targets: p.targets.slice() };
    q.targets[p.rows - 1] = 1e6;
    expect(Array.from(fitLinearAr(q)!.w)).toEqual(Array.from(m.w));
    // its test forecasts are the fitted linear map
    const f = linearArForecast(p, 'test', m);
    const s0 = p.splits.test[0]!;
    expect(f[0]).toBeCloseTo(m.b[0]! + m.w[0]! * ys[s0]! + m.w[1]! * ys[s0 + 1]!, 4);
  });
});

describe('a daily series with a weekly cycle', () => {
  it('infers period 7 from the dates; seasonal naive beats persistence; the best baseline decides "beats"', async () => {
    const ys = weeklyCycle(5000);
    const p = await series(ys, { lookback: 14, horizon: 1 });
    expect(p.seasonalPeriod).toBe(7);
    expect(p.seasonalPeriodSource).toBe('date');
    expect(p.frequency).toBe('daily');
    const all = regressionBaselines(p, 'test');
    expect(all.map((b) => b.key)).toEqual(['persistence', 'seasonal-naive', 'training-mean', 'linear-ar']);
    const ev = compareWithBaseline(p, persistenceForecast(p, 'test'), 0);
    const mae = Object.fromEntries(ev.baselines!.map((b) => [b.key, b.metrics.mae!]));
    console.log('[h14] weekly-cycle test MAE', JSON.stringify(mae), 'MASE(persistence)', ev.metrics.mase);
    expect(mae['seasonal-naive']!).toBeLessThan(mae.persistence! * 0.8);
    expect(mae['linear-ar']!).toBeLessThan(mae.persistence!);
    // a model that beats persistence but loses to seasonal naive does not "beat the baselines"
    const actual = compareWithBaseline(p, persistenceForecast(p, 'test'), 0);
    expect(actual.beatsBaseline).toBe(false);
    const pers = persistenceForecast(p, 'test');
    const truth = Float32Array.from(p.splits.test, (s) => p.targets[s + p.targetOffset]!);
    const better = pers.map((v, i) => v - 0.3 * (v - truth[i]!)); // 30 % closer to the truth than persistence
    const e = compareWithBaseline(p, better, 0);
    expect(e.metrics.mae!).toBeLessThan(mae.persistence!);
    expect(e.metrics.mae!).toBeGreaterThan(Math.min(mae['seasonal-naive']!, mae['linear-ar']!));
    expect(e.beatsBaseline).toBe(false);
    expect(e.baseline!.name).not.toMatch(/persistence/);
    // and one better than every baseline does
    const great = compareWithBaseline(p, truth.map((v, i) => v + (i % 2 ? 1e-3 : -1e-3)), 0);
    expect(great.beatsBaseline).toBe(true);
    // every baseline is reported in the target's units (thousands, not z-scores)
    expect(mae.persistence!).toBeGreaterThan(300);
    const direct = maeRmse(
      Array.from(truth, (v) => v * p.stats.targets![0]!.std + p.stats.targets![0]!.mean),
      Array.from(pers, (v) => v * p.stats.targets![0]!.std + p.stats.targets![0]!.mean),
    ).mae;
    expect(mae.persistence!).toBeCloseTo(direct, 2);
    // MASE of the seasonal-naive forecast itself is about 1 (scaled by its own in-sample error)
    const sn = ev.baselines!.find((b) => b.key === 'seasonal-naive')!;
    expect(sn.metrics.mase!).toBeGreaterThan(0.7);
    expect(sn.metrics.mase!).toBeLessThan(1.4);
    // the stored report and the run result keep every baseline and MASE
    const report = evaluatePredictions(p, 'test', better, { kind: 'test', name: 'test split' });
    const stored = runEvaluationSchema.parse(JSON.parse(JSON.stringify(report)));
    expect(stored.regression!.baselines!.map((b) => b.key)).toEqual(['persistence', 'seasonal-naive', 'training-mean', 'linear-ar']);
    expect(stored.regression!.model.mase).toBeCloseTo(report.regression!.model.mase!, 9);
    expect(stored.regression!.beatsBaselines).toBe(false);
    expect(stored.regression!.mase!.period).toBe(7);
    const result = runResultSchema.parse(JSON.parse(JSON.stringify({ epochsRun: 1, epochs: 1, monitor: 'loss', bestEpoch: 1, finalLogs: {}, evaluation: e })));
    expect(result.evaluation!.baselines).toEqual(e.baselines);
  });

  it('the season length comes from the frequency (hourly 24, weekly 52, monthly 12) or the user', async () => {
    const mk = async (step: (i: number) => number, prep: DataPrepInput = {}) => {
      const lines = ['date,y', ...Array.from({ length: 200 }, (_, i) => `${new Date(step(i)).toISOString()},${i % 5}`)];
      return prepare(await parseCsvText(lines.join('\n')), { task: 'regression', mode: 'sequence', targets: ['y'], features: ['y'], windowTransform: 'level', dateColumn: 'date', lookback: 3, ...prep });
    };
    const t0 = Date.UTC(2020, 0, 6);
    expect((await mk((i) => t0 + i * 3_600_000)).seasonalPeriod).toBe(24);
    expect((await mk((i) => t0 + i * 7 * DAY)).seasonalPeriod).toBe(52);
    expect((await mk((i) => Date.UTC(2000, i, 1))).seasonalPeriod).toBe(12);
    expect((await mk((i) => t0 + i * 3 * DAY)).seasonalPeriod).toBeNull();
    const user = await mk((i) => t0 + i * DAY, { seasonalPeriod: 5 });
    expect(user.seasonalPeriod).toBe(5);
    expect(user.seasonalPeriodSource).toBe('user');
    // no season: no seasonal-naive baseline
    const none = await mk((i) => t0 + i * 3 * DAY);
    expect(regressionBaselines(none, 'test').map((b) => b.key)).toEqual(['persistence', 'training-mean', 'linear-ar']);
  });
});
