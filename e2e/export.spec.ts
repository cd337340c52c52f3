/**
 * Export from the UI: a trained run (seeded through the API with real weights and preprocessing, since
 * training is not driven from this spec) downloads as a zip with the tfjs, TypeScript and Keras files;
 * the project downloads as a .loom.json that imports back; a corrupt file is refused and changes nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { createFirstProject } from './ui';
import { call } from './api';
import { compileToTfjs } from '../src-shared/compiler/to-tfjs';
import { defaultDataPrep, parseCsvText, prepare } from '../src-shared/data/index';
import { encodeModelWeights, readZip } from '../src-shared/export/index';
import { graphOf } from '../src-shared/graph/builder';
import { parseProjectText } from '../src-shared/project/file';
import { preprocessingMeta } from '../src-shared/train/artifacts';
import { trainingSettingsSchema } from '../src-shared/train/settings';


test('export a trained run and the project from the Export dialog; import the project file back', async ({ app }) => {
  const page = app.page;
  await createFirstProject(page, 'Export me');

  // No trained run yet: the dialog says so.
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toContainText('No trained runs yet');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Seed a finished run with real weights and preprocessing, as the training loop stores them.
  await tf.setBackend('cpu');
  const csv = 'x,z,y\n' + Array.from({ length: 60 }, (_, i) => `${i % 7},${(i * 3) % 5},${(i * 7) % 11}`).join('\n') + '\n';
  const prep = defaultDataPrep({ task: 'regression', mode: 'sequence', targets: ['y'], features: ['x', 'z'], lookback: 4 });
  const prepared = prepare(await parseCsvText(csv), prep);
  const graph = graphOf('Seeded', [{ kind: 'Input', params: { shape: [4, 2] } }, { kind: 'GRU', params: { units: 3 } }, { kind: 'Dense', params: { units: 1 } }], [[0, 1], [1, 2]]);
  const { model } = compileToTfjs(tf, graph);
  const w = await encodeModelWeights(tf, model);
  model.dispose();
  const projectId = (await call<{ id: string; name: string }[]>(page, 'projects.list', {})).find((p) => p.name === 'Export me')!.id;
  const run = await call<{ id: string }>(page, 'runs.start', { projectId, graph, dataPrep: prep, settings: trainingSettingsSchema.parse({}) });
  await call(page, 'runs.finish', {
    runId: run.id,
    status: 'completed',
    artifacts: [
      { kind: 'weights-final', meta: { format: 'tfjs-weights', weightSpecs: w.weightSpecs, epoch: 3 }, data: { $b64: Buffer.from(w.data).toString('base64') } },
      { kind: 'preprocessing', meta: preprocessingMeta(prepared, prep), data: null },
    ],
  });

  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(dialog.getByLabel('Run to export')).toContainText('epoch 3');
  await expect(dialog.getByLabel('Run to export')).toContainText(/^Run 1 · completed/); // named as in the runs table
  const zipDownload = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download .zip' }).click();
  const zipFile = await zipDownload;
  expect(zipFile.suggestedFilename()).toMatch(/^Export me-export\.zip$/);
  const zipPath = join(test.info().outputDir, 'export.zip');
  await zipFile.saveAs(zipPath);
  const entries = readZip(new Uint8Array(readFileSync(zipPath)));
  const paths = entries.map((e) => e.path);
  for (const p of ['tfjs/model.json', 'tfjs/group1-shard1of1.bin', 'tfjs/preprocessing.json', 'typescript/model.ts', 'typescript/package.json', 'keras/model.py'])
    expect(paths).toContain(`Export me-export/${p}`);
  const text = (p: string): string => new TextDecoder().decode(entries.find((e) => e.path === `Export me-export/${p}`)!.bytes);
  expect(JSON.parse(text('tfjs/model.json')).format).toBe('layers-model');
  expect(text('typescript/model.ts')).toContain('tf.layers.gru(');
  expect(text('keras/model.py')).toContain('reset_after=False');
  expect(entries.find((e) => e.path.endsWith('tfjs/group1-shard1of1.bin'))!.bytes.length).toBe(w.data.length);

  // Project file: download, then import it back as a new project.
  const projDownload = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download project file' }).click();
  const projFile = await projDownload;
  expect(projFile.suggestedFilename()).toBe('Export me.loom.json');
  const projPath = join(test.info().outputDir, 'Export me.loom.json');
  await projFile.saveAs(projPath);
  const parsed = parseProjectText(readFileSync(projPath, 'utf8'));
  expect(parsed.name).toBe('Export me');
  await dialog.getByRole('button', { name: 'Close' }).click();

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles(projPath);
  await expect(page.getByTestId('current-project')).toHaveText('Export me (2)');

  // A future-version file is refused with a clear message and creates nothing.
  const before = (await call<unknown[]>(page, 'projects.list', {})).length;
  const future = join(test.info().outputDir, 'future.loom.json');
  writeFileSync(future, readFileSync(projPath, 'utf8').replace('"version": 1', '"version": 42'));
  const chooser2 = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import…' }).click();
  await (await chooser2).setFiles(future);
  await expect(page.getByText(/version 42, newer than this Layerloom understands/)).toBeVisible();
  expect((await call<unknown[]>(page, 'projects.list', {})).length).toBe(before);
  await expect(page.getByTestId('current-project')).toHaveText('Export me (2)');
});
