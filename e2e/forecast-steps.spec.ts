/**
 * Multi-step forecasts in the UI (issue 14): the Data tab's forecast steps and window transform controls
 * and what the prepared view says about them; a run's overview with the error by forecast step and the
 * forecast paths. Screenshots at 1024×700 go to test-results/ (forecast-data-tab.png, forecast-run.png).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';
import { createFirstProject, trainForEpochs } from './ui';
import { call } from './api';
import { graphOf } from '../src-shared/graph/builder';
import { trainingSettingsSchema } from '../src-shared/train/settings';

const SEATTLE = readFileSync(fileURLToPath(new URL('../resources/samples/seattle-weather.csv', import.meta.url)), 'utf8');

test('Data tab: the next 7 steps give 7 named outputs; the window transform Auto chose is shown with its reason', async ({ app }) => {
  const page = app.page;
  await page.setViewportSize({ width: 1024, height: 700 });
  await createFirstProject(page, 'Seattle 7-day forecast', 'Time-series forecaster (GRU)');
  await page.getByRole('button', { name: /^Sample: Seattle weather/ }).click();
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 14, 4]');
  await expect(page.getByTestId('target-shape')).toHaveText('[null, 1]');

  // temp_max is among the inputs: Auto forecasts relative to the last value, and says why
  await expect(page.getByLabel('Window transform')).toHaveValue('auto');
  await expect(page.getByTestId('window-transform-resolved')).toHaveAttribute('data-transform', 'last-value');
  await expect(page.getByTestId('window-transform-resolved')).toContainText('target is among the inputs');

  await page.getByTestId('steps-mode').selectOption('next');
  await page.getByTestId('steps-next').fill('7');
  await expect(page.getByTestId('target-shape')).toHaveText('[null, 7]');
  await expect(page.getByTestId('forecast-outputs')).toContainText('Forecast steps 1–7 ahead · 7 outputs');
  await expect(page.getByTestId('forecast-outputs')).toContainText('temp_max t+1, temp_max t+2');
  await expect(page.getByRole('spinbutton', { name: 'Horizon' })).toBeDisabled();

  // a list with a step twice is refused, naming it; the preparation keeps the last good steps
  await page.getByTestId('steps-mode').selectOption('list');
  await page.getByTestId('steps-list').fill('1, 7, 7');
  await expect(page.getByRole('alert').filter({ hasText: 'Step 7 is listed twice.' })).toBeVisible();
  await page.getByTestId('steps-list').fill('1, 7, 14');
  await expect(page.getByTestId('target-shape')).toHaveText('[null, 3]');
  await expect(page.getByTestId('forecast-outputs')).toContainText('temp_max t+1, temp_max t+7, temp_max t+14');

  // window mean offers its scale option; its help line says what it does
  await page.getByLabel('Window transform').selectOption('window-mean');
  await expect(page.getByTestId('window-transform-help')).toContainText('RevIN');
  await page.getByTestId('window-scale').check();
  await expect(page.getByTestId('window-transform-resolved')).toHaveAttribute('data-transform', 'window-mean');
  await expect(page.getByTestId('window-transform-resolved')).toContainText('scaled');
  await page.getByLabel('Window transform').selectOption('auto');
  await expect(page.getByTestId('window-scale')).toHaveCount(0);

  await page.getByTestId('steps-mode').selectOption('next');
  await page.getByTestId('steps-next').fill('7');
  await expect(page.getByTestId('target-shape')).toHaveText('[null, 7]');
  await page.getByTestId('forecast-steps').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join('test-results', 'forecast-data-tab.png') });
  await page.getByTestId('forecast-outputs').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join('test-results', 'forecast-data-prepared.png') });
});

test('run overview: error by forecast step beside the baselines, and the forecast paths from several origins', async ({ app }) => {
  const page = app.page;
  await page.setViewportSize({ width: 1024, height: 700 });
  await createFirstProject(page, 'Paths');
  const projectId = (await call<{ id: string; name: string }[]>(page, 'projects.list', {})).find((p) => p.name === 'Paths')!.id;
  const graph = graphOf('Forecaster', [{ kind: 'Input', params: { shape: [14, 4] } }, { kind: 'GRU', params: { units: 8 } }, { kind: 'Dense', params: { units: 7 } }], [[0, 1], [1, 2]]);
  const prep = { task: 'regression', mode: 'sequence', targets: ['temp_max'], features: ['temp_max'], lookback: 14, horizonSteps: [1, 2, 3, 4, 5, 6, 7] };
  const run = await call<{ id: string }>(page, 'runs.start', { projectId, graph, dataPrep: prep, settings: trainingSettingsSchema.parse({}) });
  // a stored result as the training loop records it (the numbers are set here; the view only shows them)
  const steps = [1, 2, 3, 4, 5, 6, 7];
  const byStep = steps.map((s) => ({
    name: `temp_max t+${s}`,
    step: s,
    mae: 2 + 0.3 * s,
    rmse: 2.6 + 0.4 * s,
    baselines: { persistence: 2.4 + 0.35 * s, 'seasonal-naive': 4.5, 'training-mean': 6.1, 'linear-ar': s < 3 ? 2.1 : 2 + 0.5 * s },
  }));
  const paths = [0, 40, 80, 120, 160, 200].map((origin, k) => ({
    origin,
    label: `2015-0${1 + k}-10`,
    actual: steps.map((s) => 10 + 5 * Math.sin((origin + s) / 9)),
    predicted: steps.map((s) => 10 + 5 * Math.sin((origin + s) / 9) + 0.4 * s * (k % 2 ? 1 : -1)),
  }));
  await call(page, 'runs.appendMetrics', { runId: run.id, rows: [1, 2, 3].map((e) => ({ epoch: e, batch: null, name: 'loss', value: 1 / e, tMs: e * 10 })) });
  await call(page, 'runs.finish', {
    runId: run.id,
    status: 'completed',
    result: {
      epochsRun: 3,
      epochs: 3,
      monitor: 'val_loss',
      bestEpoch: 3,
      finalLogs: { loss: 0.3 },
      evaluation: {
        split: 'test',
        samples: 212,
        loss: 0.3,
        metrics: { mae: 3.2, rmse: 4.1 },
        baseline: { name: 'persistence (last value)', metrics: { mae: 3.8 } },
        beatsBaseline: true,
        baselines: [
          { key: 'persistence', name: 'persistence (last value)', metrics: { mae: 3.8 } },
          { key: 'seasonal-naive', name: 'seasonal naive (period 7)', metrics: { mae: 4.5 } },
          { key: 'training-mean', name: 'training mean', metrics: { mae: 6.1 } },
          { key: 'linear-ar', name: 'linear autoregression (ridge on the 14-step window)', metrics: { mae: 4 } },
        ],
        byStep,
        paths,
      },
    },
  });

  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.getByRole('button', { name: 'Refresh runs' }).click();
  await page.getByRole('button', { name: 'Run 1', exact: true }).click();
  const table = page.getByTestId('error-by-step');
  await expect(table.locator('tbody tr')).toHaveCount(7);
  await expect(table.locator('thead')).toContainText('persistence MAE');
  await expect(table.locator('thead')).toContainText('seasonal naive (period 7) MAE');
  await expect(table.locator('tbody tr').first().locator('td').nth(1)).toHaveText('2.3');
  // step 1: the linear autoregression (2.1) is below the model's 2.3; from step 3 on the model wins
  await expect(table.getByTestId('steps-beaten')).toHaveText('The model beats every baseline at 5 of 7 steps (by MAE).');
  const charts = page.getByTestId('forecast-path');
  await expect(charts).toHaveCount(6);
  await expect(charts.first()).toHaveAttribute('data-points', '7');
  await expect(page.getByTestId('forecast-paths')).toContainText('From 2015-01-10');
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join('test-results', 'forecast-run.png') });
  await charts.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join('test-results', 'forecast-run-paths.png') });
});

test('Training tab: a 7-step forecaster trained for one epoch shows its test error by step and forecast paths', async ({ app }) => {
  test.setTimeout(300_000);
  const page = app.page;
  await page.setViewportSize({ width: 1024, height: 700 });
  await createFirstProject(page, 'Seattle 7 steps', 'Time-series forecaster (GRU)');
  await page.getByRole('button', { name: /^Sample: Seattle weather/ }).click();
  await page.getByTestId('steps-mode').selectOption('next');
  await page.getByTestId('steps-next').fill('7');
  await expect(page.getByTestId('target-shape')).toHaveText('[null, 7]');
  await trainForEpochs(page, 1, 240_000);
  const table = page.getByTestId('error-by-step');
  await expect(table.locator('tbody tr')).toHaveCount(7);
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('temp_max t+1');
  await expect(table.locator('thead')).toContainText('persistence MAE');
  await expect(page.getByTestId('forecast-path')).toHaveCount(6);
  // the panel does not grow wider than the window: the step table scrolls inside it
  expect(await page.evaluate(() => document.querySelector('[role=tabpanel]')!.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join('test-results', 'forecast-training.png') });

  // the run: its overview shows the stored error by step; Evaluate reports per step; Predict gives 7 values per window
  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.getByRole('button', { name: 'Run 1', exact: true }).click();
  await expect(page.getByTestId('run-test-forecasts').getByTestId('error-by-step').locator('tbody tr')).toHaveCount(7);
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('evaluate-test').click();
  const report = page.getByTestId('regression-report');
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(report.getByTestId('error-by-step').locator('tbody tr')).toHaveCount(7);
  await page.getByRole('tab', { name: 'Predict' }).click();
  await page.getByLabel('Rows to predict').fill(SEATTLE.split('\n').slice(0, 21).join('\n'));
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const preds = page.getByTestId('predictions');
  await expect(preds.locator('thead tr').first()).toContainText('temp_max t+1');
  await expect(preds.locator('thead tr').first()).toContainText('temp_max t+7');
  await expect(preds.locator('thead th[colspan="2"]')).toHaveCount(7);
  // 20 rows: windows of 14 days end at rows 14…20; each row holds 7 predicted values (and the actual ones the rows reach)
  await expect(preds.locator('tbody tr')).toHaveCount(7);
  const first = await preds.locator('tbody tr').first().locator('td').allTextContents();
  expect(first).toHaveLength(1 + 7 * 2);
  for (let k = 0; k < 7; k++) expect(Number(first[1 + 2 * k])).toBeGreaterThan(-20);
  expect(await page.evaluate(() => document.querySelector('[role=tabpanel]')!.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
  await preds.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join('test-results', 'forecast-predict.png') });
});
