/**
 * Gate inspector end to end: train the GRU forecaster on the Seattle sample for one epoch in the UI,
 * open its Gates tab on a test window: every GRU layer gets its four heatmaps, h_t equals the layer's own
 * output, hovering a cell reports its step, unit and value, and the CSV export holds every value.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';
import { createFirstProject, trainForEpochs } from './ui';

const SEATTLE = readFileSync(fileURLToPath(new URL('../resources/samples/seattle-weather.csv', import.meta.url)), 'utf8');

test('gate inspector on a trained forecaster run', async ({ app }) => {
  test.setTimeout(300_000);
  const page = app.page;
  await createFirstProject(page, 'Gates e2e', 'Time-series forecaster (GRU)');
  await page.getByRole('button', { name: /^Sample: Seattle weather/ }).click();
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 14, 4]');

  await trainForEpochs(page, 1, 150_000);

  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.getByRole('button', { name: 'Run 1', exact: true }).click();
  await page.getByRole('tab', { name: 'Gates' }).click();
  await page.getByRole('button', { name: 'Open gate inspector' }).click();

  // One GRU layer (64 units over 14 steps of 4 features): z, r, h~ and h, each drawn.
  const layers = page.getByTestId('gate-layer');
  await expect(layers).toHaveCount(1, { timeout: 60_000 });
  const layer = layers.first();
  await expect(layer).toContainText('GRU · reset_after = False · 64 units · reads 4 features');
  const canvases = layer.locator('canvas.heat-canvas');
  await expect(canvases).toHaveCount(4);
  // The heatmaps hold more than the background colour (the canvas was painted from the trace).
  const colours = await canvases.nth(3).evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<string>();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  });
  expect(colours).toBeGreaterThan(10);
  // h_t computed from the stored weights equals the layer's own output on this window.
  await expect(layer.getByTestId('gate-check')).toContainText("h matches the layer's output");
  await expect(layer.getByTestId('gate-check')).toHaveClass(/ok/);

  // Hover: step, unit and value of the cell; the input series marks the same step.
  const box = (await canvases.nth(0).boundingBox())!;
  await canvases.nth(0).hover({ position: { x: box.width * 0.99, y: 2 } });
  await expect(page.locator('p.hover')).toContainText(/update gate z · step 14 · unit 0: \d/);

  // Another window, then the CSV: 4 gates × 14 steps × 64 units rows.
  await page.getByRole('button', { name: 'Next window' }).click();
  await expect(page.getByLabel('Test window')).toHaveValue('2');
  await expect(layer.getByTestId('gate-check')).toHaveClass(/ok/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toBe('layer,gate,step,input_step,unit,value');
  expect(csv).toHaveLength(1 + 4 * 14 * 64);
  // A pasted window (raw rows, as in Predict): traced the same way, h still equal to the layer's output.
  await page.getByText('Or paste rows').click();
  await page.getByLabel('Rows to inspect').fill(SEATTLE.split('\n').slice(0, 21).join('\n'));
  await page.getByRole('button', { name: 'Inspect pasted window' }).click();
  await expect(page.getByTestId('gates-summary')).toContainText('Pasted window from row 1 (14 steps)');
  await expect(layer.getByTestId('gate-check')).toHaveClass(/ok/);
  // PNG of the layer: a real PNG file, as tall as its four heatmaps.
  const [png] = await Promise.all([page.waitForEvent('download'), layer.getByRole('button', { name: 'PNG' }).click()]);
  const bytes = readFileSync((await png.path())!);
  expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  const heights = await canvases.evaluateAll((cs) => (cs as HTMLCanvasElement[]).reduce((s, c) => s + c.height, 0));
  expect(bytes.readUInt32BE(20)).toBeGreaterThan(heights);
});
