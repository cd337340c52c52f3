/**
 * Issue 14's "done when", through the CLI as a user runs it: the default window transform on a trending
 * monthly series, the default against seasonal naive on a daily weekly cycle (1,500 of the notes' 5,000
 * days), per-step errors on Seattle weather with a 7-step horizon, and every preparation flag in
 * `layerloom train --help`. Epochs are cut to keep each test near a minute on two cores; the full-default
 * measurement (60 epochs, several seeds) is `node scripts/bench-forecast.mjs`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli, ROOT as root, runCli, templateProject } from '../../../scripts/cli-bundle.mjs';
import { openStore } from '../../store/store';
import { runsRepo } from '../../store/runs-repo';

let cli: string;
const seattle = join(root, 'resources/samples/seattle-weather.csv');
let dir: string;

/** mulberry32 normal draws: the notes' monthly series y = 300 + 0.12·t + 3·sin(2πt/12) + N(0, 0.3²), 700 rows. */
function monthly(seed: number): string {
  let a = seed >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const lines = ['month,y'];
  for (let t = 0; t < 700; t++) lines.push(`${new Date(Date.UTC(1950, t, 1)).toISOString().slice(0, 10)},${(300 + 0.12 * t + 3 * Math.sin((2 * Math.PI * t) / 12) + 0.3 * gauss()).toFixed(4)}`);
  return lines.join('\n') + '\n';
}

/** The notes' daily weekly cycle: y = 10000 + 1500·[Monday–Friday] + 800·sin(2πt/365) + N(0, 300²); `n` days. */
function daily(n: number, seed: number): string {
  let a = seed >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const lines = ['day,y'];
  for (let t = 0; t < n; t++) {
    const ms = Date.UTC(2000, 0, 3 + t); // a Monday
    const dow = new Date(ms).getUTCDay();
    lines.push(`${new Date(ms).toISOString().slice(0, 10)},${(10000 + 1500 * (dow >= 1 && dow <= 5 ? 1 : 0) + 800 * Math.sin((2 * Math.PI * t) / 365) + 300 * gauss()).toFixed(1)}`);
  }
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  cli = await bundleCli('test-train-forecast');
  ({ dir } = templateProject(cli, 'forecast'));
  writeFileSync(join(dir, 'monthly.csv'), monthly(1));
  writeFileSync(join(dir, 'daily.csv'), daily(1500, 101));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Summary {
  runId: string;
  status: string;
  test: { mae: number; samples: number };
  baselines: { key: string; mae: number }[];
  windowTransform: string;
  windowTransformReason: string;
  steps: number[];
  byStep: { name: string; step: number; mae: number; rmse: number; baselines: Record<string, number> }[];
}

function train(dataDir: string, csv: string, ...extra: string[]): Summary {
  const r = runCli(cli, ['train', join(dir, 'gru.loom.json'), '--data', csv, '--data-dir', dataDir, '--json', ...extra], { encoding: 'utf8', timeout: 240_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Summary;
}
const mae = (s: Summary, key: string): number => s.baselines.find((b) => b.key === key)!.mae;

describe('layerloom train: window transforms and forecast steps', () => {
  it('--help documents every data-preparation flag; a bad value is refused naming its flag', () => {
    const help = runCli(cli, ['train', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const flag of ['--task', '--mode', '--date', '--group', '--split', '--normalization', '--window-transform', '--window-scale', '--horizon', '--steps', '--seasonal-period', '--split-strategy', '--class-weights', '--lookback', '--features', '--target'])
      expect(help.stdout).toMatch(new RegExp(`^ +${flag} `, 'm'));
    const bad = (args: string[], msg: RegExp): void => {
      const r = runCli(cli, ['train', join(dir, 'gru.loom.json'), '--data', seattle, '--target', 'temp_max', '--data-dir', join(dir, 'bad'), ...args], { encoding: 'utf8' });
      expect(r.status, r.stdout).toBe(2);
      expect(r.stderr).toMatch(msg);
    };
    bad(['--steps', '3-1'], /--steps: "3-1"/);
    bad(['--window-transform', 'log'], /--window-transform must be one of auto, level/);
    bad(['--split', '0.9,0.2,0.1'], /--split: the fractions must sum to 1/);
    bad(['--date', 'day'], /--date: no column "day" in the CSV/);
    bad(['--class-weights', 'x'], /--class-weights must be/);
    // a transform the task cannot have: the preparation says why
    bad(['--mode', 'tabular', '--features', 'wind', '--window-transform', 'difference'], /applies to sequence regression only/);
  });

  it('monthly trend + season: the default (relative to last value) beats persistence, seasonal naive and the training mean; level does not', () => {
    const def = train(join(dir, 'monthly-default'), join(dir, 'monthly.csv'), '--target', 'y', '--seed', '1', '--epochs', '15');
    expect(def.windowTransform).toBe('last-value');
    expect(def.windowTransformReason).toMatch(/target is among the inputs/);
    for (const k of ['persistence', 'seasonal-naive', 'training-mean']) expect(def.test.mae, k).toBeLessThan(mae(def, k));
    const level = train(join(dir, 'monthly-level'), join(dir, 'monthly.csv'), '--target', 'y', '--seed', '1', '--epochs', '15', '--window-transform', 'level');
    expect(level.windowTransform).toBe('level');
    // the test period lies above the training range: the level model lags behind the trend
    expect(level.test.mae).toBeGreaterThan(Math.min(mae(level, 'persistence'), mae(level, 'seasonal-naive')));
    expect(level.test.mae).toBeGreaterThan(2 * def.test.mae);
  }, 240_000);

  it('daily weekly cycle: the default beats seasonal naive (same weekday last week) on test MAE', () => {
    const s = train(join(dir, 'daily'), join(dir, 'daily.csv'), '--target', 'y', '--seed', '1', '--epochs', '10');
    expect(s.windowTransform).toBe('last-value');
    expect(s.baselines.find((b) => b.key === 'seasonal-naive')).toBeDefined(); // period 7 from the daily dates
    expect(s.test.mae).toBeLessThan(mae(s, 'seasonal-naive'));
  }, 240_000);

  it('Seattle temp_max, steps 1–7: an error per step is reported and stored, and step 1 beats persistence', () => {
    const dataDir = join(dir, 'seattle');
    const s = train(dataDir, seattle, '--target', 'temp_max', '--steps', '1-7', '--seed', '1', '--epochs', '8');
    expect(s.steps).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(s.byStep.map((e) => e.name)).toEqual([1, 2, 3, 4, 5, 6, 7].map((k) => `temp_max t+${k}`));
    const one = s.byStep[0]!;
    expect(one.mae).toBeLessThan(one.baselines.persistence!);
    // errors grow with the step (the weather a week ahead is harder than tomorrow's)
    expect(s.byStep[6]!.mae).toBeGreaterThan(one.mae);
    const store = openStore(join(dataDir, 'layerloom.db'));
    try {
      const run = runsRepo(store.db).get(s.runId)!;
      expect(run.result!.evaluation!.byStep!.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(run.result!.evaluation!.byStep![0]!.mae).toBeCloseTo(one.mae, 6);
      expect(run.result!.evaluation!.paths!.length).toBeGreaterThan(1);
      expect(run.result!.evaluation!.paths![0]!.predicted).toHaveLength(7);
    } finally {
      store.close();
    }
  }, 240_000);
});
