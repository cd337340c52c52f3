#!/usr/bin/env node
/**
 * Issue 14's forecasting measurements with template defaults (60 epochs, patience 10, reduce-LR), through
 * `layerloom train` as a user runs it: the notes' monthly trend + season series (default vs level), the
 * daily weekly-cycle series (default vs seasonal naive), Seattle temp_max with steps 1–7 (step 1 vs
 * persistence). Prints one line per run and a JSON summary. Slow on a laptop (minutes per run).
 *
 *   node scripts/bench-forecast.mjs [--seeds 1,2] [--only monthly,daily,seattle]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli, ROOT as root, runCli, templateProject } from './cli-bundle.mjs';

const arg = (k, d) => {
  const i = process.argv.indexOf(`--${k}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const seeds = arg('seeds', '1,2').split(',').map(Number);
const only = new Set(arg('only', 'monthly,daily,seattle').split(','));

const cli = await bundleCli('bench-forecast');
const { dir, project } = templateProject(cli, 'bench');

function rng(seed) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { u, gauss: () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()) };
}
/** y = 300 + 0.12·t + 3·sin(2πt/12) + N(0, 0.3²), 700 months. */
function monthly(seed) {
  const { gauss } = rng(seed);
  const lines = ['month,y'];
  for (let t = 0; t < 700; t++) lines.push(`${new Date(Date.UTC(1950, t, 1)).toISOString().slice(0, 10)},${(300 + 0.12 * t + 3 * Math.sin((2 * Math.PI * t) / 12) + 0.3 * gauss()).toFixed(4)}`);
  return lines.join('\n') + '\n';
}
/** y = 10000 + 1500·[Monday–Friday] + 800·sin(2πt/365) + N(0, 300²), 5000 days. */
function daily(seed) {
  const { gauss } = rng(seed + 100);
  const lines = ['day,y'];
  for (let t = 0; t < 5000; t++) {
    const ms = Date.UTC(2000, 0, 3 + t); // 2000-01-03 was a Monday
    const dow = new Date(ms).getUTCDay();
    lines.push(`${new Date(ms).toISOString().slice(0, 10)},${(10000 + 1500 * (dow >= 1 && dow <= 5 ? 1 : 0) + 800 * Math.sin((2 * Math.PI * t) / 365) + 300 * gauss()).toFixed(1)}`);
  }
  return lines.join('\n') + '\n';
}

const results = [];
function train(name, csv, extra) {
  const t0 = Date.now();
  const r = runCli(cli, ['train', project, '--data', csv, '--data-dir', join(dir, 'db'), '--json', ...extra], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    console.log(`${name}: FAILED\n${r.stderr.slice(-2000)}`);
    return null;
  }
  const s = JSON.parse(r.stdout);
  const b = Object.fromEntries(s.baselines.map((x) => [x.key, x.mae]));
  const row = { name, transform: s.windowTransform, epochs: s.epochsRun, mae: s.test.mae, baselines: b, byStep: s.byStep.map((e) => ({ step: e.step, mae: e.mae, persistence: e.baselines.persistence })), seconds: (Date.now() - t0) / 1000 };
  results.push(row);
  const f = (v) => (v === undefined ? '–' : v.toFixed(4));
  console.log(
    `${name}: ${s.windowTransform}, ${s.epochsRun} epochs, test MAE ${f(s.test.mae)} | persistence ${f(b.persistence)}, seasonal naive ${f(b['seasonal-naive'])}, mean ${f(b['training-mean'])}, ridge AR ${f(b['linear-ar'])}${
      s.byStep.length ? ` | by step: ${s.byStep.map((e) => `${e.step}:${f(e.mae)}/${f(e.baselines.persistence)}`).join(' ')}` : ''
    } (${row.seconds.toFixed(0)} s)`,
  );
  return row;
}

for (const seed of seeds) {
  if (only.has('monthly')) {
    const csv = join(dir, `monthly-${seed}.csv`);
    writeFileSync(csv, monthly(seed));
    train(`monthly seed ${seed} default`, csv, ['--target', 'y', '--seed', String(seed)]);
    train(`monthly seed ${seed} level`, csv, ['--target', 'y', '--seed', String(seed), '--window-transform', 'level']);
  }
  if (only.has('daily')) {
    const csv = join(dir, `daily-${seed}.csv`);
    writeFileSync(csv, daily(seed));
    train(`daily seed ${seed} default`, csv, ['--target', 'y', '--seed', String(seed)]);
  }
  if (only.has('seattle')) train(`seattle temp_max steps 1-7 seed ${seed}`, join(root, 'resources/samples/seattle-weather.csv'), ['--target', 'temp_max', '--steps', '1-7', '--seed', String(seed)]);
}
console.log(JSON.stringify(results, null, 1));
