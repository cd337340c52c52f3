/** The Runs tab's experiments section: a recorded experiment's trials, sortable, a trial opening its run. */
import { test, expect } from './fixtures';
import { createFirstProject } from './ui';
import { call } from './api';

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
