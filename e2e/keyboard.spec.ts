/**
 * A model built with the keyboard alone: no pointer or mouse event reaches the page while the user
 * creates a project, adds Input → GRU → Dropout → Dense from the layer search, loads the sample, trains
 * and reads the result; then swaps the GRU for an LSTM in one action (units kept) and undoes it.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** Counts real pointer/mouse presses on the page (a keyboard-activated click has none). */
async function watchPointer(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __pointerPresses: number };
    w.__pointerPresses = 0;
    for (const type of ['pointerdown', 'mousedown', 'mouseup', 'pointerup'])
      window.addEventListener(type, (e) => e.isTrusted && w.__pointerPresses++, { capture: true });
  });
  return () => page.evaluate(() => (window as unknown as { __pointerPresses: number }).__pointerPresses);
}

/** Presses Tab until `target` has the focus (at most `max` presses): the Tab order reaches it. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`Tab never reached ${target}`);
}

test('build Input → GRU → Dropout → Dense with the keyboard only, train it, read the result; replace GRU by LSTM and undo', async ({ app }) => {
  test.setTimeout(240_000);
  const page = app.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  const presses = await watchPointer(page);

  // A new, empty project.
  await tabTo(page, page.getByRole('button', { name: 'Create your first project' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await expect(dialog.getByLabel('Project name')).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Keyboard GRU');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-project')).toHaveText('Keyboard GRU');

  // The layer search: each Enter adds the best match after the selected layer, connected, and selects it.
  const search = page.getByRole('searchbox', { name: /Search layers/ });
  await tabTo(page, search);
  for (const kind of ['Input', 'GRU', 'Dropout', 'Dense']) {
    await page.keyboard.type(kind);
    await page.keyboard.press('Enter');
  }
  await expect(page.locator('.svelte-flow__node')).toHaveCount(4);
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(3);
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByText('About Dense')).toBeVisible(); // the last one added is selected
  await expect(inspector.getByLabel('Input from')).toHaveValue('n3');
  // Nodes run left to right.
  const xs = await page.locator('.svelte-flow__node').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().x));
  expect(xs).toEqual([...xs].sort((a, b) => a - b));

  // One output unit for the forecast: the Dense's Units field, from the keyboard.
  const units = inspector.getByLabel('Units', { exact: true });
  await tabTo(page, units);
  await page.keyboard.press('Control+a');
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: /^Dense dense_1, output \[null, 1\]/ })).toBeVisible();

  // Data: the bundled Seattle sample, then train one epoch.
  await tabTo(page, page.getByRole('tab', { name: 'Data' }));
  await tabTo(page, page.getByRole('button', { name: /^Sample: Seattle weather/ }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('input-shape')).toHaveText(/\[null, \d+, \d+\]/);
  // Back up to the tab bar, then the arrow key moves to the Training tab.
  await tabTo(page, page.getByRole('tab', { name: 'Data' }), 'Shift+Tab');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Training' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Training' })).toHaveAttribute('aria-selected', 'true');
  const epochs = page.getByRole('form', { name: 'Training settings' }).getByLabel('Epochs', { exact: true });
  await tabTo(page, epochs);
  await page.keyboard.press('Control+a');
  await page.keyboard.type('1');
  await tabTo(page, page.getByRole('button', { name: 'Start training' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.status .badge')).toHaveText('completed', { timeout: 150_000 });
  const result = page.getByText(/^Test \(\d+ samples\): model \w+/);
  await expect(result).toBeVisible();
  expect(Number((await result.textContent())!.match(/([\d.]+)\s*$/)![1])).toBeGreaterThan(0);

  // Replace the GRU by an LSTM in one action: select it on the canvas from the keyboard, then the inspector.
  await page.getByRole('group', { name: /^GRU gru_1/ }).focus();
  await page.keyboard.press('Enter');
  await expect(inspector.getByText('About GRU')).toBeVisible();
  const replace = inspector.getByLabel('Replace with…');
  await tabTo(page, replace);
  await replace.selectOption('LSTM');
  await expect(inspector.getByText('About LSTM')).toBeVisible();
  await expect(inspector.getByLabel('Units', { exact: true })).toHaveValue('64');
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(3);
  await expect(page.getByRole('group', { name: /^LSTM lstm_1, output \[null, 64\]/ })).toBeVisible();
  await page.getByRole('group', { name: /^LSTM lstm_1/ }).focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('group', { name: /^GRU gru_1, output \[null, 64\]/ })).toBeVisible();
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(3);

  // Deleting the Dropout offers to reconnect GRU → Dense; accepting is one undo step.
  await page.getByRole('group', { name: /^Dropout dropout_1/ }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Delete');
  const offer = page.getByRole('dialog', { name: 'Delete dropout_1?' });
  await expect(offer.getByRole('button', { name: 'Delete and reconnect' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(3);
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(2);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(4);
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(3);

  // "Input from" reconnects: the Dense fed straight from the GRU (the Dropout left unconnected), then undo.
  await page.getByRole('group', { name: /^Dense dense_1/ }).focus();
  await page.keyboard.press('Enter');
  const inputFrom = inspector.getByLabel('Input from');
  await expect(inputFrom).toHaveValue('n3');
  await tabTo(page, inputFrom);
  await inputFrom.selectOption({ label: 'gru_1 (GRU)' });
  await expect(inputFrom).toHaveValue('n2');
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(3); // Input→GRU, GRU→Dropout, GRU→Dense
  await page.getByRole('group', { name: /^Dense dense_1/ }).focus();
  await page.keyboard.press('Control+z');
  await expect(inputFrom).toHaveValue('n3');

  // The shortcuts sheet on "?".
  await page.getByRole('group', { name: /^Dense dense_1/ }).focus();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Replace with');
  await page.keyboard.press('Escape');

  expect(await presses()).toBe(0);
});

test('the Tab order does not stop on the hidden CSV file input', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Create your first project' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Tabs');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-project')).toHaveText('Tabs');
  const fileInput = page.getByTestId('csv-file-input');
  const seen: string[] = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? ''));
    expect(await fileInput.evaluate((el) => el === document.activeElement)).toBe(false);
  }
  expect(seen.length).toBe(120);
});
