/**
 * Runs tab end to end: train two short runs with different settings in the UI, compare them (both runs'
 * curves and the settings diff), evaluate one on its test split (chart and metrics), delete the other
 * and find it gone after a reload.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createFirstProject } from './ui';
import { b64, call } from './api';
import { compileToTfjs } from '../src-shared/compiler/to-tfjs';
import { buildBatch, defaultDataPrep, parseCsvText, prepare, serializeDataset } from '../src-shared/data/index';
import { graphOf } from '../src-shared/graph/builder';
import { encodeSnapshot, preprocessingMeta, snapshotWeights } from '../src-shared/train/artifacts';
import { trainingSettingsSchema } from '../src-shared/train/settings';

const SEATTLE = readFileSync(fileURLToPath(new URL('../resources/samples/seattle-weather.csv', import.meta.url)), 'utf8');

const settings = (page: Page) => page.getByRole('form', { name: 'Training settings' });

async function setField(page: Page, label: string, value: string): Promise<void> {
  const f = settings(page).getByLabel(label, { exact: true });
  await f.fill(value);
  await f.blur();
}

async function train(page: Page, lr: string, epochs: string): Promise<void> {
  await page.getByRole('tab', { name: 'Training' }).click();
  await setField(page, 'Learning rate', lr);
  await setField(page, 'Epochs', epochs);
  await setField(page, 'Batch size', '64');
  await page.getByRole('button', { name: 'Start training' }).click();
  // The previous run's "completed" badge stays until this run is under way (its settings are saved
  // first): wait for Start to give way to Stop, then for this run's own outcome.
  await expect(page.getByRole('button', { name: 'Start training' })).toHaveCount(0);
  await expect(page.locator('.status .badge')).toHaveText('completed', { timeout: 150_000 });
}

test('train two runs, compare them, evaluate one, delete the other', async ({ app }) => {
  test.setTimeout(400_000);
  const page = app.page;
  await createFirstProject(page, 'Runs e2e', 'Time-series forecaster (GRU)');
  await page.getByRole('button', { name: /^Sample: Seattle weather/ }).click();
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 14, 4]');

  await train(page, '0.01', '2');
  await train(page, '0.003', '3');

  await page.getByRole('tab', { name: 'Runs' }).click();
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Run 2'); // newest first
  await expect(rows.first()).toContainText('completed', { ignoreCase: true });

  // Compare: both runs' train and validation curves on each chart, and the settings that differ.
  await page.getByLabel('Select Run 1').check();
  await page.getByLabel('Select Run 2').check();
  await page.getByRole('button', { name: 'Compare (2)' }).click();
  const loss = page.getByTestId('compare-curve').first();
  await expect(loss).toHaveAttribute('data-series', '4');
  await expect(loss).toHaveAttribute('data-points', '3'); // epochs 1..3 on the shared axis
  await expect(loss.locator('canvas')).toHaveCount(1);
  const diff = page.getByTestId('settings-diff');
  await expect(diff).toContainText('learningRate');
  await expect(diff).toContainText('0.003');
  await expect(diff).toContainText('epochs');
  await expect(page.getByTestId('graph-diff')).toContainText('Same graph');
  await expect(page.getByTestId('compare-metrics').locator('tbody tr')).toHaveCount(2);

  // Evaluate run 1 on its test split: metric cards against the baseline and the predicted-vs-actual chart.
  await page.getByRole('button', { name: '← All runs' }).click();
  await page.getByRole('button', { name: 'Run 1', exact: true }).click();
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('evaluate-test').click();
  const report = page.getByTestId('regression-report');
  await expect(report).toBeVisible({ timeout: 60_000 });
  const mae = Number(await report.getByTestId('metric-MAE').locator('.v').textContent());
  expect(mae).toBeGreaterThan(0);
  expect(mae).toBeLessThan(30); // °C, not z-scores
  await expect(report.getByTestId('metric-MAE')).toContainText('baseline');
  const chart = page.getByTestId('pred-vs-actual');
  await expect(chart).toHaveAttribute('data-series', '3');
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(100);
  // the data has dates: the x axis is the samples' dates, not their position
  await expect(chart.locator('.u-legend .u-series').first()).toContainText('date');
  await expect(page.getByTestId('residual-histogram')).toBeVisible();
  // Stored with the run: still there after a reload.
  await page.reload();
  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.getByRole('button', { name: 'Run 1', exact: true }).click();
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await expect(page.getByTestId('regression-report').getByTestId('metric-MAE').locator('.v')).toHaveText(String(mae));

  // On another imported CSV with the same columns (here the whole sample): every window, the run's statistics.
  await page.getByLabel('Another dataset').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await expect(page.getByTestId('evaluation-source')).toContainText('All of', { timeout: 60_000 });
  const all = Number((await page.getByTestId('evaluation-source').textContent())!.match(/([\d,]+) samples/)![1]!.replace(/,/g, ''));
  expect(all).toBeGreaterThan(1400); // 1,461 rows − 14 − 1 + 1 windows

  // Predict: 20 pasted rows give 6 windows of 14 days, each predicting the next day's temp_max.
  await page.getByRole('tab', { name: 'Predict' }).click();
  await page.getByLabel('Rows to predict').fill(SEATTLE.split('\n').slice(0, 21).join('\n'));
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const preds = page.getByTestId('predictions').locator('tbody tr');
  await expect(preds).toHaveCount(6);
  const first = Number(await preds.first().locator('td').nth(1).textContent());
  expect(first).toBeGreaterThan(-20);
  expect(first).toBeLessThan(40);

  // Open this graph: replaces the canvas as one undoable edit.
  await page.getByRole('button', { name: 'Open this graph' }).click();
  await expect(page.getByText(/The graph of Run 1 is on the canvas/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeEnabled();

  // Delete run 2 (after confirming): gone, also after a reload.
  await page.getByRole('button', { name: '← All runs' }).click();
  await page.getByRole('button', { name: 'Delete Run 2' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete Run 2?' });
  await expect(confirm).toContainText('cannot be undone');
  await confirm.getByRole('button', { name: 'Delete run' }).click();
  await expect(rows).toHaveCount(1);
  await page.reload();
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(page.getByTestId('run-row')).toContainText('Run 1');
  await expect(page.getByTestId('run-row')).not.toContainText('Run 2');
});


test('evaluate a binary classifier: accuracy, confusion matrix and ROC match an independent computation', async ({ app }) => {
  test.setTimeout(120_000);
  const page = app.page;
  await createFirstProject(page, 'Classifier');

  // Data: label "hi" when x1 > x2, with every 7th label flipped so that some predictions are wrong.
  const lines = ['x1,x2,label'];
  for (let i = 0; i < 200; i++) {
    const x1 = ((i * 37) % 101) / 10;
    const x2 = ((i * 53) % 97) / 10;
    const hi = x1 > x2 !== (i % 7 === 0);
    lines.push(`${x1},${x2},${hi ? 'hi' : 'lo'}`);
  }
  const ds = await parseCsvText(lines.join('\n'), { name: 'pairs.csv' });
  const projectId = (await call<{ id: string; name: string }[]>(page, 'projects.list', {})).find((p) => p.name === 'Classifier')!.id;
  const { meta, blobs } = serializeDataset(ds);
  const stored = await call<{ id: string }>(page, 'datasets.create', { name: 'pairs.csv', projectId, meta, blobs: blobs.map(b64) });
  const prep = defaultDataPrep({ datasetId: stored.id, task: 'binary', mode: 'tabular', targets: ['label'], features: ['x1', 'x2'] });
  const prepared = prepare(ds, prep);

  // A "trained" model: sigmoid(4·(x1 − x2)) on the normalized features (both columns have similar spread).
  await tf.setBackend('cpu');
  const graph = graphOf('Pairs', [{ kind: 'Input', params: { shape: [2] } }, { kind: 'Dense', params: { units: 1, activation: 'sigmoid' } }], [[0, 1]]);
  const { model } = compileToTfjs(tf, graph);
  const sx1 = prepared.stats.features[0]!;
  const sx2 = prepared.stats.features[1]!;
  model.setWeights([tf.tensor2d([[4 * sx1.std], [-4 * sx2.std]]), tf.tensor1d([4 * (sx1.mean - sx2.mean)])]);
  const { meta: wmeta, data } = encodeSnapshot(await snapshotWeights(model, 5));
  // Independent expectation: the same model's predictions on the test split, counted here.
  const test_ = buildBatch(prepared, 'test');
  const probs = (model.predict(tf.tensor(test_.x, test_.xShape)) as tf.Tensor).dataSync();
  let correct = 0;
  let tp = 0;
  for (let i = 0; i < test_.y.length; i++) {
    const pred = probs[i]! > 0.5 ? 1 : 0;
    if (pred === test_.y[i]) correct++;
    if (pred === 1 && test_.y[i] === 1) tp++;
  }
  const accuracy = ((100 * correct) / test_.y.length).toFixed(1);
  model.dispose();

  const run = await call<{ id: string }>(page, 'runs.start', { projectId, graph, dataPrep: prep, settings: trainingSettingsSchema.parse({ loss: 'binaryCrossentropy' }) });
  await call(page, 'runs.appendMetrics', { runId: run.id, rows: [1, 2, 3, 4, 5].map((e) => ({ epoch: e, batch: null, name: 'loss', value: 1 / e, tMs: e * 10 })) });
  await call(page, 'runs.finish', {
    runId: run.id,
    status: 'completed',
    artifacts: [
      { kind: 'weights-final', meta: wmeta, data: b64(data) },
      { kind: 'preprocessing', meta: preprocessingMeta(prepared, prep), data: null },
    ],
  });

  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.getByRole('button', { name: 'Refresh runs' }).click();
  await page.getByRole('button', { name: 'Run 1', exact: true }).click();
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('evaluate-test').click();
  const report = page.getByTestId('classification-report');
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(report.getByTestId('metric-accuracy').locator('.v')).toHaveText(`${accuracy}%`);
  expect(Number(accuracy)).toBeLessThan(100); // the flipped labels are found…
  await expect(report.locator('table').last().locator('tbody tr').first()).toBeVisible(); // …and listed
  // confusion matrix: the class-1-predicted-as-class-1 cell (last) holds the count computed above
  const cells = report.getByTestId('confusion-matrix').getByRole('cell');
  await expect(cells).toHaveCount(4);
  await expect(cells.nth(3)).toHaveText(String(tp));
  await expect(report.getByTestId('metric-auc')).toBeVisible();
  await expect(page.getByTestId('roc-curve')).toHaveAttribute('data-series', '2');
  // class counts per split, stored with the run's evaluation, equal the preparation's own count
  const cc = prepared.classCounts!;
  const countRows = report.getByTestId('run-class-counts').locator('tbody tr');
  await expect(countRows).toHaveCount(2);
  for (const i of [0, 1]) await expect(countRows.nth(i).locator('td')).toHaveText([prepared.classes![i]!, String(cc.train[i]), String(cc.validation[i]), String(cc.test[i])]);
});
