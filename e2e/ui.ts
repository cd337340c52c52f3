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
