/**
 * Text classification end to end (issue 18's done-when): import the bundled text sample, prepare its text
 * column (vocabulary size, sequence length), start from the text-classifier template, train in the
 * browser, evaluate (accuracy above the majority class, confusion matrix, ROC), predict on a typed
 * sentence, and check that the exported TypeScript module gives the same probability for that sentence.
 */
import * as tf from '@tensorflow/tfjs';
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { createFirstProject } from './ui';
import { readZip } from '../src-shared/export/index';

const TEMPLATE = 'Text classifier (Embedding → GRU)';
const SAMPLE = /^Sample: SpamAssassin messages/;
const TEXT_COLUMN = 'text';
const SENTENCE = 'Congratulations! You have won a FREE prize, call now to claim your cash reward';

const settings = (page: Page) => page.getByRole('form', { name: 'Training settings' });
async function setField(page: Page, label: string, value: string): Promise<void> {
  const f = settings(page).getByLabel(label, { exact: true });
  await f.fill(value);
  await f.blur();
}

/** The exported TypeScript module, bundled (tfjs external, so it shares this process's tfjs) and imported. */
async function importModule(dir: string): Promise<Record<string, unknown>> {
  const out = join(dir, 'model.bundle.mjs');
  await esbuild.build({ entryPoints: [join(dir, 'model.ts')], outfile: out, bundle: true, format: 'esm', platform: 'node', external: ['@tensorflow/tfjs'], logLevel: 'silent' });
  return (await import(pathToFileURL(out).href)) as Record<string, unknown>;
}

test('text: import, prepare, train the text classifier, evaluate, predict a sentence, and the TS module agrees', async ({ app }) => {
  test.setTimeout(300_000);
  const page = app.page;
  await createFirstProject(page, 'Spam or ham', TEMPLATE);

  // Data: the text sample, its text column as the model's input.
  await page.getByRole('button', { name: SAMPLE }).click();
  const section = page.getByTestId('text-section');
  await expect(section.getByTestId('text-column')).toHaveValue(TEXT_COLUMN);
  const stats = page.getByTestId('text-stats');
  await expect(stats).toBeVisible();
  // vocabulary: limit it; the vocabulary shown follows (reserved ids included)
  await section.getByTestId('text-max-vocab').fill('2000');
  await expect(stats.getByTestId('text-vocab-size')).toHaveText('2,000');
  // sequence length: empty = the suggestion (from the length histogram); a shorter one chosen, the model's Input follows
  await section.getByTestId('text-length').fill('');
  await expect(section.getByTestId('text-length')).toHaveAttribute('placeholder', /^\d+ \(suggested\)$/);
  const suggested = Number((await section.getByTestId('text-length').getAttribute('placeholder'))!.split(' ')[0]);
  await expect(page.getByTestId('input-shape')).toHaveText(`[null, ${suggested}]`);
  await section.getByTestId('text-length').fill('24');
  await expect(page.getByTestId('input-shape')).toHaveText('[null, 24]');
  await expect(stats.getByTestId('text-length-used')).toHaveText('24');
  await expect(stats.getByTestId('text-lengths')).toBeVisible();
  await expect(stats.getByTestId('text-top-tokens').locator('.tok')).not.toHaveCount(0);
  for (const split of ['train', 'validation', 'test']) await expect(stats.getByTestId(`text-oov-${split}`)).toHaveText(/^\d+(\.\d)? %$/);
  await expect(page.getByTestId('fit-message')).toHaveCount(0);

  // The Data tab with the text section fits 1024×700 and 1440×900 (no sideways scroll); screenshots of both.
  await page.getByRole('button', { name: 'Maximise' }).click(); // the whole height for the Data tab
  const dismiss = page.getByRole('button', { name: 'Dismiss' }); // the import's toast would cover the stats
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  for (const vp of [{ width: 1024, height: 700 }, { width: 1440, height: 900 }]) {
    await page.setViewportSize(vp);
    await section.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth), `sideways at ${vp.width}×${vp.height}`).toBe(0);
    await expect(section).toBeInViewport();
    const name = `data-text-${vp.width}x${vp.height}.png`;
    await page.screenshot({ path: process.env.UPDATE_SCREENSHOTS === '1' ? join('docs', name) : test.info().outputPath(name) });
  }
  await page.getByRole('button', { name: 'Restore' }).click();

  // Train a few short epochs in the browser.
  await page.getByRole('tab', { name: 'Training' }).click();
  await setField(page, 'Epochs', '3');
  await setField(page, 'Learning rate', '0.01');
  await setField(page, 'Batch size', '64');
  await setField(page, 'Seed', '1');
  await settings(page).getByLabel('Backend').selectOption('wasm');
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/^Backend /)).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.status .badge')).toHaveText(/^(completed|failed|stopped)$/, { timeout: 240_000 });
  const outcome = await page.locator('.status .badge').textContent();
  if (outcome !== 'completed') throw new Error(`training ${outcome}: ${await page.locator('.note').allTextContents()}`);
  console.log(`text classifier: trained 3 epochs in ${((Date.now() - t0) / 1000).toFixed(0)} s (${await page.locator('.status .backend').textContent()})`);

  // Evaluate on the test split: above the majority class, confusion matrix and ROC on screen.
  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.getByRole('button', { name: 'Run 1', exact: true }).click();
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('evaluate-test').click();
  const report = page.getByTestId('classification-report');
  await expect(report).toBeVisible({ timeout: 60_000 });
  const card = report.getByTestId('metric-accuracy');
  const accuracy = Number((await card.locator('.v').textContent())!.replace('%', ''));
  const majority = Number((await card.locator('.b').textContent())!.match(/([\d.]+)%/)![1]);
  console.log(`text classifier: test accuracy ${accuracy} % vs majority class ${majority} %`);
  expect(accuracy).toBeGreaterThan(majority);
  await expect(card.locator('.b')).toHaveClass(/good/);
  await expect(report.getByTestId('confusion-matrix')).toBeVisible();
  await expect(report.getByRole('figure', { name: /^ROC curve/ })).toBeVisible();

  // Predict on a typed sentence.
  await page.getByRole('tab', { name: 'Predict' }).click();
  await page.getByLabel('Text to predict').fill(SENTENCE);
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const prediction = page.getByTestId('text-prediction');
  await expect(prediction).toBeVisible({ timeout: 30_000 });
  const probs = prediction.getByTestId('text-probability');
  const appProbs = Object.fromEntries(
    await probs.evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-class')!, Number(td.getAttribute('data-p'))] as const)),
  ) as Record<string, number>;
  const appLabel = (await prediction.getAttribute('data-label'))!;
  expect(Object.keys(appProbs).length).toBe(2);

  // Export the run; the TypeScript module tokenizes and encodes the same sentence to the same probability.
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog.getByLabel('Run to export')).toContainText('Run 1');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download .zip' }).click();
  const zipPath = test.info().outputPath('text-export.zip');
  await (await download).saveAs(zipPath);
  const root = test.info().outputPath('text-export');
  for (const e of readZip(new Uint8Array(readFileSync(zipPath)))) {
    const p = join(root, e.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, e.bytes);
  }
  const tsDir = join(root, 'Spam or ham-export', 'typescript');
  await tf.setBackend('cpu');
  const mod = await importModule(tsDir);
  await (mod.loadModel as (o: { weightsPath: string }) => Promise<unknown>)({ weightsPath: join(tsDir, 'group1-shard1of1.bin') });
  const [got] = await (mod.predict as (rows: Record<string, string>[]) => Promise<{ label: string; probabilities: Record<string, number> }[]>)([{ [TEXT_COLUMN]: SENTENCE }]);
  expect(got!.label).toBe(appLabel);
  for (const [c, p] of Object.entries(appProbs)) expect(Math.abs(got!.probabilities[c]! - p), c).toBeLessThan(1e-5);
});
