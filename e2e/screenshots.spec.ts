/**
 * Takes the screenshots the README shows. They are written to docs/ when UPDATE_SCREENSHOTS=1,
 * otherwise to test-results/ (so an ordinary test run leaves the repo unchanged).
 */
import { test, expect } from './fixtures';
import { join } from 'node:path';

const dir = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'test-results';

test('screenshot of the app shell', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Create your first project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Project name').fill('Seattle temperature forecaster');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('current-project')).toHaveText('Seattle temperature forecaster');
  await page.screenshot({ path: join(dir, 'screenshot.png') });
});
