/** The Runs tab's experiments section: a recorded experiment's trials, sortable, a trial opening its run. */
import { test, expect } from './fixtures';
import { createFirstProject } from './ui';
import { call } from './api';
import AxeBuilder from '@axe-core/playwright';

test('an experiment recorded through the API shows its trials, sorts by the metric and opens a trial run', async ({ app }) => {
  const page = app.page;
  await createFirstProject(page, 'Sweep e2e', 'Time-series forecaster (GRU)');
  const project = (await call<{ id: string; name: string }[]>(page, 'projects.list', {})).find((p) => p.name === 'Sweep e2e')!;
  const graph = { version: 3, nodes: [], edges: [], settings: { name: 'm' } };
  const run = await call<{ id: string }>(page, 'runs.start', { projectId: project.id, name: 'sweep #1: gru.units=16', graph, dataPrep: null, settings: {}, backend: 'cpu', device: 'e2e' });
  await call(page, 'runs.finish', { runId: run.id, status: 'completed', reason: null, artifacts: [] });
  const spec = { name: 'units sweep', dimensions: [{ param: 'gru.units', values: [16, 32, 0] }] };
  const e = await call<{ id: string }>(page, 'experiments.create', { projectId: project.id, spec });
  const trial = (i: number, units: number, status: string, value: number | null, runId: string | null, epochs: number) =>
    call(page, 'experiments.recordTrial', { experimentId: e.id, trial: i, point: { 'gru.units': units }, runId, status, value, epochs, epochsPlanned: 10, seconds: 2 * epochs, curve: [], reason: status === 'completed' ? null : `${status} for a reason` });
  await trial(0, 16, 'completed', 0.25, run.id, 10);
  await trial(1, 32, 'pruned', 0.9, null, 2);
  await trial(2, 0, 'failed', null, null, 0);

  await page.getByRole('tab', { name: 'Runs' }).click();
  const section = page.getByRole('region', { name: 'Experiments' });
  await expect(section.getByRole('combobox')).toContainText('units sweep (3 trials');
  const rows = section.getByTestId('trial-row');
  await expect(rows).toHaveCount(3);
  await expect(section).toContainText('Pruning saved 8 epochs');
  // sort by the metric: best first, descending puts the pruned trial first, the failed one stays last
  await section.getByRole('button', { name: 'val_loss' }).click();
  await expect(rows.first()).toContainText('0.25');
  await section.getByRole('button', { name: 'val_loss' }).click();
  await expect(rows.first()).toContainText('pruned');
  await expect(rows.last()).toContainText('failed');
  // the completed trial's number opens its run
  await section.getByRole('button', { name: '1', exact: true }).click();
  await expect(page.getByText('sweep #1: gru.units=16').first()).toBeVisible();
});

test('define a 6-trial random experiment on the sample, watch it fill, stop, resume, finish and open the best graph', async ({ app }) => {
  test.setTimeout(300_000);
  const page = app.page;
  await createFirstProject(page, 'Sweep app', 'Time-series forecaster (GRU)');
  await page.getByRole('button', { name: /^Sample: Seattle weather/ }).click();
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 14, 4]');
  await page.getByRole('tab', { name: 'Training' }).click();
  const settings = page.getByRole('form', { name: 'Training settings' });
  await settings.getByLabel('Epochs').fill('2');
  await settings.getByLabel('Epochs').blur();
  await settings.getByLabel('Backend').selectOption('wasm');

  await page.getByRole('tab', { name: 'Runs' }).click();
  const section = page.getByRole('region', { name: 'Experiments' });
  await section.getByRole('button', { name: 'New experiment…' }).click();
  const form = page.getByRole('form', { name: 'New experiment' });
  // units of the GRU (the first dimension is offered on it), learning rate (log range), lookback
  await expect(form.getByLabel('Dimension 1: layer')).toHaveValue('gru');
  await expect(form.getByLabel('Dimension 1: param')).toHaveValue('units');
  await form.getByRole('button', { name: 'Training setting' }).click();
  await form.getByRole('button', { name: 'Data prep' }).click();
  await expect(form.getByLabel('Dimension 2: field')).toHaveValue('learningRate');
  await expect(form.getByLabel('Dimension 3: field')).toHaveValue('lookback');
  // a bad value is refused next to its field before anything runs
  await form.getByLabel('Dimension 1: values').fill('4, 8');
  await form.getByLabel('Dimension 3: values').fill('');
  await form.getByRole('button', { name: 'Start experiment' }).click();
  await expect(form.getByRole('alert')).toContainText(['dimensions[2] (data.lookback): the list of values is empty']);
  await expect(section.getByTestId('trial-row')).toHaveCount(0);
  await form.getByLabel('Dimension 3: values').fill('7, 14');
  await expect(form.getByLabel('Trials', { exact: true })).toHaveValue('6');
  await form.getByLabel('Name', { exact: true }).fill('units-lr-lookback');
  await form.getByRole('button', { name: 'Start experiment' }).click();

  const rows = section.getByTestId('trial-row');
  await expect(section.getByTestId('experiment-progress')).toBeVisible({ timeout: 30_000 });
  // the table fills and the plot draws a line per trial as trials end
  await expect(rows).toHaveCount(1, { timeout: 90_000 });
  await expect(section.getByTestId('pc-line')).toHaveCount(1);
  await expect(rows).toHaveCount(2, { timeout: 90_000 });
  await expect(section.getByTestId('pc-line')).toHaveCount(2);
  await section.getByRole('button', { name: 'Stop experiment' }).click();
  await expect(section.getByRole('button', { name: 'Resume' })).toBeVisible({ timeout: 60_000 });
  const stoppedAt = await rows.count();
  expect(stoppedAt).toBeGreaterThanOrEqual(2);
  expect(stoppedAt).toBeLessThan(6);
  await expect(section.getByTestId('experiment-summary')).toContainText(`${stoppedAt} of 6 trials · stopped`);

  // reopening the window still offers to resume; it continues at the next trial and finishes with 6
  await page.reload();
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(section.getByText(/units-lr-lookback was stopped after \d of 6 trials/)).toBeVisible();
  await expect(section.getByRole('button', { name: 'Resume' })).toBeEnabled(); // once the dataset is loaded
  await section.getByRole('button', { name: 'Resume' }).click();
  // one training at a time: the Training tab's Start is held while the experiment runs
  await expect(section.getByRole('button', { name: 'Stop experiment' })).toBeVisible();
  await page.getByRole('tab', { name: 'Training' }).click();
  await expect(page.getByRole('button', { name: 'Start training' })).toBeDisabled();
  await expect(page.getByText('An experiment is running (Runs tab)')).toBeVisible();
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(section.getByTestId('experiment-summary')).toContainText('6 of 6 trials · finished', { timeout: 180_000 });
  await page.getByRole('tab', { name: 'Training' }).click();
  await expect(page.getByRole('button', { name: 'Start training' })).toBeEnabled();
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(rows).toHaveCount(6);
  await expect(section.getByTestId('pc-line')).toHaveCount(6);
  await expect(section.getByTestId('pareto-point')).toHaveCount(6);
  await expect(section.getByTestId('pareto-front-item').first()).toBeVisible();
  const trialNumbers = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td')!.textContent!.replace(/\D+/g, ''))));
  expect(trialNumbers.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);

  // the views at 1440×900 and 1024×700 (workspace maximised): nothing scrolls sideways, the region passes axe;
  // written to docs/ with UPDATE_SCREENSHOTS=1
  const docs = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : test.info().outputDir;
  await page.getByRole('button', { name: 'Maximise' }).click();
  for (const vp of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }]) {
    await page.setViewportSize(vp);
    await expect(section.getByTestId('parallel-coords')).toBeVisible();
    // the plots follow their box's width (a resize observer): poll until they have
    await expect.poll(() => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth), { message: `page at ${vp.width}` }).toBeLessThanOrEqual(0);
    await expect.poll(() => section.evaluate((el) => el.scrollWidth - el.clientWidth), { message: `experiments at ${vp.width}` }).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${docs}/experiments-${vp.width}x${vp.height}.png` });
  }
  const axe = await new AxeBuilder({ page }).include('section[aria-label="Experiments"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  await page.getByRole('button', { name: 'Restore' }).click();

  // the best trial's graph on the canvas: its units in the inspector
  const bestRow = section.locator('tr[data-best="true"]');
  await expect(bestRow).toHaveCount(1);
  const headers = await section.locator('thead th').allTextContents();
  const unitsCol = headers.findIndex((h) => h.trim().startsWith('gru.units'));
  const units = (await bestRow.locator('td').nth(unitsCol).textContent())!.trim();
  expect(['4', '8']).toContain(units);
  await bestRow.getByRole('button', { name: 'Open graph' }).click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByLabel('Units', { exact: true })).toHaveValue(units);
  // Export goes to the export dialog on that trial's run
  const bestNo = (await bestRow.locator('td').first().textContent())!.replace(/\D+/g, '');
  await bestRow.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toBeVisible();
  await expect.poll(() => dialog.locator('select').first().evaluate((s: HTMLSelectElement) => s.options[s.selectedIndex]?.text ?? '')).toContain(`units-lr-lookback #${bestNo}:`);
});
