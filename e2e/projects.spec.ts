import { test, expect } from './fixtures';

test('create a project, reload, rename it, delete it', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Create your first project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Project name').fill('Weather GRU');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('current-project')).toHaveText('Weather GRU');

  // The palette lists the registry's kinds as buttons named by their labels.
  const palette = page.getByRole('navigation', { name: 'Layer palette' });
  for (const label of ['GRU', 'Dense', 'Dropout', 'BatchNorm']) {
    await expect(palette.getByRole('button', { name: label, exact: true })).toBeVisible();
  }

  // Still there after a reload (and after a restart of the app).
  await page.reload();
  await expect(page.getByTestId('current-project')).toHaveText('Weather GRU');
  await app.restart();
  await expect(app.page.getByTestId('current-project')).toHaveText('Weather GRU');

  // A name already taken is refused with a message; nothing changes.
  await app.page.getByRole('button', { name: 'New project' }).click();
  const again = app.page.getByRole('dialog', { name: 'New project' });
  await again.getByLabel('Project name').fill('weather gru');
  await again.getByRole('button', { name: 'Create' }).click();
  await expect(again.getByRole('alert')).toContainText('already exists');
  await again.getByRole('button', { name: 'Cancel' }).click();

  await app.page.getByRole('button', { name: 'Rename project' }).click();
  const rename = app.page.getByRole('dialog', { name: 'Rename project' });
  await rename.getByLabel('Project name').fill('Seattle forecaster');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(app.page.getByTestId('current-project')).toHaveText('Seattle forecaster');
  await app.page.reload();
  await expect(app.page.getByTestId('current-project')).toHaveText('Seattle forecaster');

  await app.page.getByRole('button', { name: 'Delete project' }).click();
  await app.page.getByRole('dialog', { name: 'Delete project' }).getByRole('button', { name: 'Delete' }).click();
  await expect(app.page.getByRole('button', { name: 'Create your first project' })).toBeVisible();
  await app.page.reload();
  await expect(app.page.getByRole('button', { name: 'Create your first project' })).toBeVisible();
});

test('the API refuses calls without the token', async ({ app }) => {
  test.skip(app.mode !== 'web', 'web host only');
  const base = new URL(app.url!).origin;
  const res = await fetch(`${base}/api/projects.list`, { method: 'POST', body: '{}' });
  expect(res.status).toBe(401);
  const ok = await fetch(`${base}/api/projects.list`, { method: 'POST', body: '{}', headers: { 'x-layerloom-token': app.token! } });
  expect(ok.status).toBe(200);
});

test('About shows the version', async ({ app }) => {
  await app.page.getByRole('button', { name: 'About' }).click();
  const about = app.page.getByRole('dialog', { name: 'About Layerloom' });
  await expect(about.getByTestId('about-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await about.getByRole('button', { name: 'Close' }).click();
  await expect(about).toBeHidden();
});

test('the browser is signed in by an HttpOnly cookie: no code in the address bar, no secret for page scripts', async ({ app }) => {
  test.skip(app.mode !== 'web', 'web host only');
  const page = app.page;
  expect(new URL(page.url()).search).toBe(''); // the one-time code was redirected away
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
  const cookies = await page.context().cookies();
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  // The event socket authenticates by the same cookie.
  const socket = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/api/events`);
        ws.onopen = () => (ws.close(), resolve('open'));
        ws.onerror = () => resolve('refused');
      }),
  );
  expect(socket).toBe('open');
  await page.reload();
  await expect(page.getByRole('button', { name: 'About' })).toBeVisible();
  expect(await page.evaluate(async () => (await fetch('/api/projects.list', { method: 'POST', body: '{}' })).status)).toBe(200);
});
