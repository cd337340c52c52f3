/** UI steps several specs share. */
import { expect, type Page } from '@playwright/test';

/** Creates the first project from the welcome screen, optionally from a template (by its title). */
export async function createFirstProject(page: Page, name: string, template?: string): Promise<void> {
  await page.getByRole('button', { name: 'Create your first project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Project name').fill(name);
  if (template) await dialog.getByText(template).click();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('current-project')).toHaveText(name);
}

/** From any tab: trains the open project for `epochs` epochs with its other settings and waits until the run completes. */
export async function trainForEpochs(page: Page, epochs: number, timeout: number): Promise<void> {
  await page.getByRole('tab', { name: 'Training' }).click();
  const field = page.getByRole('form', { name: 'Training settings' }).getByLabel('Epochs', { exact: true });
  await field.fill(String(epochs));
  await field.blur();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByRole('button', { name: 'Start training' })).toHaveCount(0);
  await expect(page.locator('.status .badge')).toHaveText('completed', { timeout });
}
