/**
 * Takes the screenshots the README shows. They are written to docs/ when UPDATE_SCREENSHOTS=1,
 * otherwise to test-results/ (so an ordinary test run leaves the repo unchanged).
 */
import { test, expect } from './fixtures';
import { join } from 'node:path';
import { getTemplate } from '../src-shared/templates/index';

const dir = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'test-results';

test('screenshot of the app shell', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Create your first project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Project name').fill('Seattle temperature forecaster');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('current-project')).toHaveText('Seattle temperature forecaster');
  await page.screenshot({ path: join('test-results', 'app-shell.png') });
});

test('screenshots of the editor with the stacked GRU template', async ({ app }) => {
  test.skip(app.mode !== 'web', 'creates the project through the web API');
  const page = app.page;
  await page.setViewportSize({ width: 1600, height: 1000 });
  // The per-sequence stacked GRU template, laid out in two rows so it reads at a comfortable zoom.
  const t = getTemplate('stacked-gru-per-sequence')!;
  const doc = t.graph();
  doc.nodes.forEach((n, i) => (n.position = { x: (i % 4) * 288, y: Math.floor(i / 4) * 176 }));
  const res = await fetch(`${new URL(app.url!).origin}/api/projects.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-layerloom-token': app.token! },
    body: JSON.stringify({ name: 'Activity classifier (stacked GRU)', document: doc, training: t.training }),
  });
  expect(res.status).toBe(200);
  await page.reload();
  await expect(page.getByTestId('current-project')).toHaveText('Activity classifier (stacked GRU)');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(8);

  // A GRU selected: the inspector shows its params, shapes and help.
  await page.getByRole('group', { name: /^GRU gru_2,/ }).click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByLabel('Units', { exact: true })).toHaveValue('128');
  await page.getByRole('button', { name: 'Fit View', exact: true }).click();
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  // The fit-view animation is over once the viewport's transform holds still between two reads.
  const viewport = page.locator('.svelte-flow__viewport');
  let transform: string | null = null;
  await expect
    .poll(
      async () => {
        const prev = transform;
        transform = await viewport.evaluate((el) => getComputedStyle(el).transform);
        return transform === prev;
      },
      { intervals: [150] },
    )
    .toBe(true);
  await page.screenshot({ path: join(dir, 'screenshot.png') });

  // The same model with the Keras-style summary.
  await inspector.getByRole('tab', { name: 'Summary' }).click();
  await expect(inspector.getByTestId('summary-total')).toHaveText('152,197');
  await page.screenshot({ path: join(dir, 'editor-stacked-gru.png') });
});
