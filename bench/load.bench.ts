/**
 * Load: a store with 200 projects, 2,000 runs and 1,000,000 metric rows. Measures the web host's
 * start-up to an interactive window (process spawn → the project list usable in Chromium; target
 * < 1.5 s), opening the largest project and listing projects and runs over HTTP (targets < 100 ms).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { openStore } from '../src-main/store/store';
import { createHandlers } from '../src-main/services/index';
import { dispatch } from '../src-shared/api/dispatch';
import { forecaster } from '../src-shared/templates/forecasters';
import { stackedGru } from '../src-shared/templates/stacked-gru';
import { trainingSettings } from '../src-shared/train/settings';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/launch';
import { median, report, row } from './lib';

/** The web host's API token for the bench's direct calls (the browser signs in with the printed one-time link). */
const API_TOKEN = randomBytes(24).toString('hex');

const PROJECTS = 200;
const RUNS = 2000;
const EPOCHS = 125; // 2,000 runs × 125 epochs × 4 metrics = 1,000,000 rows
const dir = mkdtempSync(join(tmpdir(), 'll-bench-load-'));
const file = join(dir, 'layerloom.db');

async function fill(): Promise<{ largest: string; busiest: string; fillMs: number }> {
  const store = openStore(file);
  const handlers = createHandlers({ store, host: 'web', version: 'bench', dataDir: dir, resourcesDir: dir });
  const call = async (m: string, a: unknown): Promise<{ id: string }> => {
    const r = await dispatch(handlers, m, a, { emit: () => undefined });
    if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
    return r.value as { id: string };
  };
  const t0 = performance.now();
  const ids: string[] = [];
  for (let p = 0; p < PROJECTS; p++) {
    const doc = p === 0 ? stackedGru(false) : forecaster(['GRU', 'LSTM', 'SimpleRNN'][p % 3] as 'GRU');
    ids.push((await call('projects.create', { name: `Project ${String(p).padStart(3, '0')}`, document: doc })).id);
  }
  const db = store.db;
  const insRun = db.prepare(
    `INSERT INTO runs (id, project_id, status, graph, data_prep, settings, backend, device, started_at, ended_at)
     VALUES (?, ?, 'completed', ?, '{}', ?, 'wasm', 'bench', ?, ?)`,
  );
  const insMetric = db.prepare('INSERT INTO metrics (run_id, epoch, batch, name, value, t_ms) VALUES (?, ?, NULL, ?, ?, ?)');
  const graph = JSON.stringify(forecaster('GRU'));
  const settings = JSON.stringify(trainingSettings({ epochs: EPOCHS }));
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      // Half the runs belong to project 1 (the busiest); the rest are spread over the others.
      const projectId = i < RUNS / 2 ? ids[1]! : ids[2 + (i % (PROJECTS - 2))]!;
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const start = Date.UTC(2026, 0, 1) + i * 60_000;
      insRun.run(id, projectId, graph, settings, new Date(start).toISOString(), new Date(start + EPOCHS * 100).toISOString());
      for (let e = 1; e <= EPOCHS; e++) {
        for (const [k, name] of ['loss', 'val_loss', 'mae', 'val_mae'].entries()) insMetric.run(id, e, name, 1 / Math.sqrt(e) + k * 0.1, e * 100);
      }
    }
  })();
  const fillMs = performance.now() - t0;
  store.close();
  return { largest: ids[0]!, busiest: ids[1]!, fillMs };
}

function startHost(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['out/web/index.mjs', '--port', '0', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LAYERLOOM_WEB_TOKEN: API_TOKEN } });
  return new Promise((resolve, reject) => {
    let out = '';
    const on = (d: Buffer): void => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?code=[0-9a-f]+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (c) => reject(new Error(`web host exited ${c}: ${out}`)));
  });
}
const stop = (c: ChildProcess): Promise<void> =>
  new Promise((r) => {
    c.once('exit', () => r());
    c.kill('SIGINT');
  });

const { largest, busiest, fillMs } = await fill();
const size = statSync(file).size;
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const startup: number[] = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    const t0 = performance.now();
    const { child, url } = await startHost();
    await page.goto(url);
    await page.getByRole('button', { name: 'Projects' }).click();
    await page.getByRole('menuitemradio', { name: /Project 199/ }).waitFor();
    startup.push(performance.now() - t0);
    await page.close();
    await stop(child);
  }
  const { child, url } = await startHost();
  const base = new URL(url).origin;
  const token = API_TOKEN;
  const api = async (m: string, a: unknown): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/${m}`, { method: 'POST', headers: { 'x-layerloom-token': token }, body: JSON.stringify(a) });
    const body = (await res.json()) as { ok: boolean };
    if (!body.ok) throw new Error(`${m} failed`);
    return performance.now() - t0;
  };
  const times = async (m: string, a: unknown): Promise<number[]> => {
    await api(m, a);
    const out: number[] = [];
    for (let i = 0; i < 15; i++) out.push(await api(m, a));
    return out;
  };
  const list = await times('projects.list', {});
  const open = await times('projects.get', { id: largest });
  const runs = await times('runs.list', { projectId: busiest });
  const table = await times('runs.table', { projectId: busiest }).catch(() => [NaN]);
  await stop(child);
  report(
    'load',
    [
      row('web host start-up → interactive project list (Chromium)', startup, 'ms', { target: 1500 }),
      row('projects.list, 200 projects (HTTP)', list, 'ms', { target: 100 }),
      row('open the largest project (HTTP)', open, 'ms', { target: 100 }),
      row('runs.list, 1,000 runs of one project (HTTP)', runs, 'ms', { target: 100 }),
      row('runs.table, 1,000 runs of one project (HTTP)', table, 'ms', { target: 100 }),
      { name: 'database size', median: size / 1024 / 1024, unit: 'MiB', runs: 1, note: `${PROJECTS} projects, ${RUNS} runs, ${RUNS * EPOCHS * 4} metric rows; filled in ${fillMs.toFixed(0)} ms` },
    ],
    { projects: PROJECTS, runs: RUNS, metricRows: RUNS * EPOCHS * 4, startupMedianMs: median(startup) },
  );
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
