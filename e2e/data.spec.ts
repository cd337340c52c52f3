import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createFirstProject } from './ui';

const SEATTLE = fileURLToPath(new URL('../resources/samples/seattle-weather.csv', import.meta.url));

async function createForecaster(page: Page, name: string): Promise<void> {
  await createFirstProject(page, name, 'Time-series forecaster (GRU)');
}

/** The canvas node of the model's Input layer (its accessible name carries its output shape). */
const inputNode = (page: Page) => page.locator('[aria-label^="Input window"]');

async function expectSeattleTypes(page: Page): Promise<void> {
  const want: Record<string, string> = { date: 'date', precipitation: 'number', temp_max: 'number', temp_min: 'number', wind: 'number', weather: 'category' };
  for (const [column, type] of Object.entries(want)) await expect(page.getByLabel(`Type of ${column}`, { exact: true })).toHaveValue(type);
}

test('import the bundled sample, pick the window, and the Input node follows', async ({ app }) => {
  const page = app.page;
  await createForecaster(page, 'Seattle');
  await expect(inputNode(page)).toHaveCount(1);
  await expect(inputNode(page)).not.toHaveAttribute('aria-label', /\[null, 14, 4\]/);

  await page.getByRole('button', { name: /^Sample: Seattle weather/ }).click();
  await expectSeattleTypes(page);
  // The sample's suggestion: forecast temp_max one day ahead from 14 days of the four numeric columns.
  await expect(page.getByLabel('Predict temp_max')).toBeChecked();
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 14, 4]');
  await expect(inputNode(page)).toHaveAttribute('aria-label', /output \[null, 14, 4\]/);
  await expect(inputNode(page).getByTestId('node-shape')).toHaveText('[null, 14, 4]');

  await page.getByLabel('Lookback').fill('10');
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 10, 4]');

  // A type override that the values do not fit is refused naming the row; the column keeps its type.
  await page.getByLabel('Type of weather', { exact: true }).selectOption('number');
  await expect(page.getByTestId('type-error')).toContainText('Row 1, column "weather"');
  await expect(page.getByLabel('Type of weather', { exact: true })).toHaveValue('category');
  // One that fits is applied and re-profiled.
  await page.getByLabel('Type of wind', { exact: true }).selectOption('category');
  await expect(page.locator('tr[data-column="wind"] .stats')).toContainText('(');
  await expect(page.getByTestId('input-shape')).toHaveText(/\[null, 10, \d+\]/);
  await page.getByLabel('Type of wind', { exact: true }).selectOption('number');
  await expect(page.getByLabel('Type of wind', { exact: true })).toHaveValue('number');
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 10, 4]');
  await expect(inputNode(page)).toHaveAttribute('aria-label', /output \[null, 10, 4\]/);
  const train = Number((await page.getByTestId('samples-train').textContent())!.replace(/,/g, ''));
  expect(train).toBeGreaterThan(900);

  // A window longer than the data is refused with the reason, and the model is left as it was.
  await page.getByLabel('Lookback').fill('5000');
  await expect(page.getByTestId('prepare-error')).toContainText(/window|rows/i);
  await expect(inputNode(page)).toHaveAttribute('aria-label', /output \[null, 10, 4\]/);
  await page.getByLabel('Lookback').fill('10');

  // A 5-class target with the forecaster's Dense(1) output: the mismatch is said in the Data tab.
  await page.getByLabel('Task').selectOption('multiclass');
  await page.getByLabel('Predict temp_max').uncheck();
  await page.getByLabel('Predict weather').check();
  await expect(page.getByTestId('fit-message')).toContainText('5 classes');
  await page.getByLabel('Task').selectOption('regression');
  await page.getByLabel('Predict weather').uncheck();
  await page.getByLabel('Predict temp_max').check();
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 10, 4]');
  await expect(page.getByText(/5 classes/)).toHaveCount(0);

  // Saved with the project (the Data tab and the model both say so): still there after a reload.
  await expect(page.getByTestId('data-saving')).toHaveCount(0);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  await page.reload();
  await expect(page.getByLabel('Lookback')).toHaveValue('10');
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 10, 4]');
  await expect(inputNode(page)).toHaveAttribute('aria-label', /output \[null, 10, 4\]/);

  if (app.mode === 'web') {
    const base = new URL(app.url!).origin;
    const post = async (method: string, body: unknown) =>
      (await (await fetch(`${base}/api/${method}`, { method: 'POST', body: JSON.stringify(body), headers: { 'x-layerloom-token': app.token! } })).json()) as { ok: boolean; value: any };
    const list = await post('projects.list', {});
    const project = (await post('projects.get', { id: list.value[0].id })).value;
    expect(project.dataPrep).toMatchObject({ targets: ['temp_max'], lookback: 10, dateColumn: 'date' });
    // The stored model keeps what was typed: following the data is a derivation, not an edit.
    const input = project.document.nodes.find((n: { kind: string }) => n.kind === 'Input');
    expect(input.params.source).toBe('dataset');
    expect(input.params.shape).not.toEqual([10, 4]);
  }
});

test('import a CSV file through the file input; a broken file is refused naming row and column', async ({ app }) => {
  const page = app.page;
  await createForecaster(page, 'Uploads');

  await page.getByTestId('csv-file-input').setInputFiles(SEATTLE);
  await expectSeattleTypes(page);
  await expect(page.getByLabel('Dataset', { exact: true })).toContainText('seattle-weather · 1,461 rows');
  // Numeric columns are the features; nothing is predicted until a target is picked.
  await expect(page.getByRole('status').filter({ hasText: 'Pick the column to predict' })).toBeVisible();
  await page.getByLabel('Predict temp_max').check();
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 14, 4]');
  await expect(inputNode(page)).toHaveAttribute('aria-label', /output \[null, 14, 4\]/);

  await page.getByLabel('Lookback').fill('7');
  await expect(inputNode(page)).toHaveAttribute('aria-label', /output \[null, 7, 4\]/);

  await page.getByTestId('csv-file-input').setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('name,temp,wind\nx,1,2\ny,3\nz,5,6\n'),
  });
  const err = page.getByTestId('import-error');
  await expect(err).toContainText('broken.csv');
  await expect(err).toContainText('Row 2');
  await expect(err).toContainText('column "wind"');
  // Nothing half-imported: the dataset list still has only the good file, and its preparation stays.
  await expect(page.getByLabel('Dataset', { exact: true }).locator('option')).toHaveCount(2);
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 7, 4]');

  // Deleting the dataset removes it from the project; a reload does not bring it back.
  await page.getByRole('button', { name: 'Delete dataset' }).click();
  await page.getByRole('dialog', { name: 'Delete dataset' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('');
  await expect(page.getByText('Bring a CSV.')).toBeVisible();
  await expect(page.getByTestId('data-saving')).toHaveCount(0); // the preparation, no longer pointing at it, is saved
  await page.reload();
  await expect(page.getByText('Bring a CSV.')).toBeVisible();
  await expect(page.getByLabel('Dataset', { exact: true }).locator('option')).toHaveCount(1);
});

test('a CSV dropped on the window is imported', async ({ app }) => {
  const page = app.page;
  await createForecaster(page, 'Dropped');
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['day,sales,store\n2024-01-01,10,a\n2024-01-02,12,b\n2024-01-03,9,a\n'], 'shop.csv', { type: 'text/csv' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByLabel('Dataset', { exact: true })).toContainText('shop · 3 rows');
  await expect(page.getByLabel('Type of day', { exact: true })).toHaveValue('date');
  await expect(page.getByLabel('Type of sales', { exact: true })).toHaveValue('integer');
});

test('a CSV whose columns span several upload chunks is stored and loads back after a reload', async ({ app }) => {
  const page = app.page;
  await createForecaster(page, 'Big data');
  // In the browser version the calls are HTTP requests: count the chunks both ways.
  const calls: string[] = [];
  page.on('request', (r) => {
    const m = /\/api\/(datasets\.[A-Za-z]+)/.exec(r.url());
    if (m) calls.push(m[1]!);
  });
  // 700,000 rows of two integer columns: 2.8 MB of CSV, 11.2 MB of float64 columns (two 8 MB chunks).
  const rows = 700_000;
  const lines = ['a,b'];
  for (let i = 0; i < rows; i++) lines.push(`${i % 10},${(i * 7) % 10}`);
  await page.getByTestId('csv-file-input').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
  await expect(page.getByLabel('Dataset', { exact: true })).toContainText('big · 700,000 rows', { timeout: 60_000 });
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  await expect(page.getByLabel('Type of b', { exact: true })).toHaveValue('integer');
  if (app.mode === 'web') expect(calls.filter((c) => c === 'datasets.uploadChunk')).toHaveLength(2);
  // Reopened, the dataset comes back from the service (in chunks) and prepares.
  await expect(page.getByTestId('data-saving')).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Type of b', { exact: true })).toHaveValue('integer', { timeout: 60_000 });
  if (app.mode === 'web') expect(calls.filter((c) => c === 'datasets.loadChunk')).toHaveLength(2);
  await page.getByLabel('Predict a').check();
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 14, 2]', { timeout: 60_000 });
});

test('a CSV over the advertised limit is refused before it is read, saying the limit', async ({ app }) => {
  const page = app.page;
  await createForecaster(page, 'Too big');
  // A small file that says it is 300 MB: the size alone must decide (a real one would only slow the test).
  await page.evaluate(() => {
    const file = new File(['a,b\n1,2\n'], 'huge.csv', { type: 'text/csv' });
    Object.defineProperty(file, 'size', { value: 300 * 1024 * 1024 });
    const drop = new DragEvent('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [file] } });
    window.dispatchEvent(drop);
  });
  await expect(page.getByTestId('import-error')).toContainText('"huge.csv" is 300 MB: too large (limit 200 MB). Split the file or sample it first.');
  await expect(page.getByLabel('Dataset', { exact: true }).locator('option')).toHaveCount(1);
});

test('a rare class: counts per split in the Data tab, missing from test, then in every split with stratified blocks', async ({ app }) => {
  const page = app.page;
  await createForecaster(page, 'Rare');
  const lines = ['x,alarm'];
  for (let t = 0; t < 2000; t++) {
    const on = [210, 810, 1310].some((b) => t >= b && t < b + 6);
    lines.push(`${((t * 37) % 11) / 10 + (on ? 2 : 0)},${on}`);
  }
  await page.getByTestId('csv-file-input').setInputFiles({ name: 'alarms.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByLabel('Dataset', { exact: true })).toContainText('alarms · 2,000 rows');
  await page.getByLabel('Predict alarm').check();
  await expect(page.getByLabel('Task')).toHaveValue('binary');
  const counts = page.getByTestId('class-counts');
  const trueRow = counts.locator('tbody tr').filter({ hasText: 'true' });
  // chronological: the three bursts (18 rows) lie in the first 70 %; validation and test have none
  await expect(trueRow.locator('td')).toHaveText(['true', '18', '0', '0']);
  await expect(trueRow.locator('td.missing')).toHaveCount(2);
  await expect(page.getByText(/The test split has no "true" samples/)).toBeVisible();
  await page.getByTestId('split-strategy').selectOption('stratified-blocks');
  await expect(page.getByRole('group', { name: /Split \(stratified blocks\)/ })).toBeVisible();
  for (const i of [1, 2, 3]) await expect(trueRow.locator('td').nth(i)).not.toHaveText('0');
  await expect(page.getByText(/The test split has no "true" samples/)).toHaveCount(0);
  await expect(page.getByText(/not strictly the latest period/)).toBeVisible();
});
