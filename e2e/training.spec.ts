import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createFirstProject } from './ui';

/** A GRU forecaster project on the Seattle sample (temp_max tomorrow from 14 days of the four numeric columns). */
async function forecasterOnSeattle(page: Page, name: string): Promise<void> {
  await createFirstProject(page, name, 'Time-series forecaster (GRU)');
  await page.getByRole('button', { name: /^Sample: Seattle weather/ }).click();
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 14, 4]');
  await page.getByRole('tab', { name: 'Training' }).click();
}

const settings = (page: Page) => page.getByRole('form', { name: 'Training settings' });
const points = async (page: Page, title: string): Promise<number> =>
  Number(await page.getByRole('figure', { name: title }).getAttribute('data-points'));

test('start training, watch progress and curves, stop, and find the run after a reload', async ({ app }) => {
  test.setTimeout(240_000);
  const page = app.page;
  await forecasterOnSeattle(page, 'Seattle stop');
  await settings(page).getByLabel('Epochs').fill('200');
  await settings(page).getByLabel('Epochs').blur();
  await settings(page).getByLabel('Backend').selectOption('wasm');
  await page.getByRole('button', { name: 'Start training' }).click();

  const bar = page.getByRole('progressbar', { name: 'Training progress' });
  await expect(bar).toBeVisible();
  await expect(page.getByText(/^Backend /)).toBeVisible({ timeout: 60_000 });
  // the per-batch curve grows, then the per-epoch one
  await expect.poll(() => points(page, 'Loss per batch'), { timeout: 60_000 }).toBeGreaterThan(3);
  const before = await points(page, 'Loss per batch');
  await expect.poll(() => points(page, 'Loss per batch'), { timeout: 30_000 }).toBeGreaterThan(before);
  await expect.poll(() => points(page, 'Loss per epoch'), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(0);
  await expect(page.getByText(/Epoch \d+\/200 · batch \d+\/\d+/)).toBeVisible();

  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.locator('.status .badge')).toHaveText('stopped', { timeout: 30_000 });
  await expect(page.getByText(/Stopped by the user in epoch/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('training-stopped.png') });

  await page.reload();
  await page.getByRole('tab', { name: 'Runs' }).click();
  const row = page.getByTestId('run-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('stopped', { ignoreCase: true });
  await expect(row).toContainText('wasm');
  await expect(row).toContainText(/\d\.\d{2}/); // its final loss, recorded before the stop
});

test('a short full run beats the persistence baseline on test MAE', async ({ app }) => {
  test.setTimeout(300_000);
  const page = app.page;
  await forecasterOnSeattle(page, 'Seattle full');
  await settings(page).getByLabel('Seed').fill('1');
  await settings(page).getByLabel('Seed').blur();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.locator('.status .badge')).toHaveText('completed', { timeout: 280_000 });
  // auto timed the model on each backend that started and says so; the device names the GPU renderer
  const why = page.getByText(/^auto: fastest of /);
  await expect(why).toBeVisible();
  console.log(`backend choice: ${await why.textContent()} · ${await page.locator('.status .backend').textContent()}`);
  const model = Number(await page.getByTestId('model-test').textContent());
  const baseline = Number(await page.getByTestId('baseline-test').textContent());
  expect(baseline).toBeGreaterThan(1);
  expect(model).toBeLessThan(baseline);
  await expect(page.getByText('beats the baseline')).toBeVisible();
  // every baseline on the same test windows; the headline one is the best (lowest MAE) of them
  const rows = page.getByTestId('baselines').locator('tbody tr');
  await expect(rows).toHaveCount(5);
  for (const name of ['persistence (last value)', 'seasonal naive (period 7)', 'training mean', 'linear autoregression']) await expect(page.getByTestId('baselines')).toContainText(name);
  await expect(page.getByTestId('baselines').getByText('(best)')).toHaveCount(1);
  const maes = await rows.evaluateAll((trs) => trs.slice(1).map((tr) => Number(tr.querySelectorAll('td')[1]!.textContent)));
  expect(baseline).toBeCloseTo(Math.min(...maes), 3);
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByTestId('run-row')).toContainText('completed', { ignoreCase: true });
});
