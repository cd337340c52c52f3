/**
 * The canvas editor, driven like a user: layers dragged from the palette, handles connected with the
 * mouse, params typed in the inspector, undo/redo, autosave across a reload, refused connections,
 * diagnostics, and clipboard edge cases.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

async function createProject(page: Page, name: string, template?: RegExp): Promise<void> {
  const first = page.getByRole('button', { name: 'Create your first project' });
  if (await first.isVisible()) await first.click();
  else await page.getByRole('button', { name: 'New project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Project name').fill(name);
  if (template) await dialog.getByRole('radio', { name: template }).check({ force: true });
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('current-project')).toHaveText(name);
}

const canvas = (page: Page): Locator => page.getByRole('region', { name: 'Model canvas' });
const node = (page: Page, id: string): Locator => page.locator(`.svelte-flow__node[data-id="${id}"]`);

/** Drags a palette entry onto the canvas, centred at (x, y) relative to the canvas's top-left. */
async function dropLayer(page: Page, label: string, x: number, y: number): Promise<void> {
  const palette = page.getByRole('navigation', { name: 'Layer palette' });
  await palette.getByRole('button', { name: label, exact: true }).dragTo(canvas(page), { targetPosition: { x, y } });
}

async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Draws a connection from `from`'s output handle to `to`'s input handle (port for merge layers). */
async function drawEdge(page: Page, from: string, to: string, port?: number): Promise<void> {
  const s = await centre(node(page, from).locator('.svelte-flow__handle.source'));
  const targetHandle = port === undefined ? '.svelte-flow__handle.target' : `.svelte-flow__handle.target[data-handleid="in-${port}"]`;
  const t = await centre(node(page, to).locator(targetHandle).first());
  await page.mouse.move(s.x, s.y);
  await page.mouse.down();
  await page.mouse.move((s.x + t.x) / 2, (s.y + t.y) / 2, { steps: 5 });
  await page.mouse.move(t.x, t.y, { steps: 5 });
  await page.mouse.up();
}

test('build Input → GRU → BatchNorm → Dropout → Dense by drag and drop; edit units with undo/redo; survives a reload', async ({ app }) => {
  const page = app.page;
  await createProject(page, 'Hand-built GRU');
  await expect(page.getByText('Drag a layer from the palette')).toBeVisible();

  await dropLayer(page, 'Input', 130, 110);
  await dropLayer(page, 'GRU', 400, 110);
  await dropLayer(page, 'BatchNorm', 670, 110);
  await dropLayer(page, 'Dropout', 680, 380);
  await expect(page.locator('.svelte-flow__node')).toHaveCount(4);

  // Each node has an accessible name with its kind, label and output shape.
  await expect(page.getByRole('group', { name: 'GRU gru_1, output unknown, 1 error' })).toBeVisible();

  await drawEdge(page, 'n1', 'n2');
  await drawEdge(page, 'n2', 'n3');
  await drawEdge(page, 'n3', 'n4');
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(3);
  // The last one from the keyboard: with the Dropout selected, Enter on the palette's Dense adds it to the
  // Dropout's right, connected (the view pans to show it).
  await node(page, 'n4').click();
  await page.getByRole('navigation', { name: 'Layer palette' }).getByRole('button', { name: 'Dense', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(5);
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(4);
  await page.getByRole('button', { name: 'Fit View', exact: true }).click();

  const gru = node(page, 'n2');
  await expect(gru).toContainText('[null, 64]');
  await expect(gru).toContainText('13,632 params');
  await expect(page.getByRole('group', { name: 'GRU gru_1, output [null, 64]' })).toBeVisible();
  await expect(node(page, 'n5')).toContainText('[null, 32]'); // Dense, 32 units by default
  await expect(page.locator('.svelte-flow__node .badge.err')).toHaveCount(0);

  // Set GRU units to 32 in the inspector.
  await gru.click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByText('About GRU')).toBeVisible();
  await expect(inspector).toContainText('h_new = z ⊙ h'); // the help shows the equations
  const units = inspector.getByLabel('Units', { exact: true });
  await expect(units).toHaveValue('64');
  await units.fill('0');
  await expect(inspector.getByRole('alert')).toContainText('must be at least 1');
  await expect(gru).toContainText('[null, 64]'); // an invalid value is not applied
  await units.fill('3');
  await units.fill('32');
  await units.press('Enter');
  await expect(gru).toContainText('[null, 32]');
  await expect(gru).toContainText('3,744 params');
  await expect(inspector.getByTestId('inspector-output-shape')).toHaveText('[null, 32]');

  await inspector.getByRole('tab', { name: 'Summary' }).click();
  const gruRow = inspector.getByRole('row', { name: /gru_1 \(GRU\)/ });
  await expect(gruRow).toContainText('[null, 32]');
  await expect(gruRow).toContainText('3,744');

  // Undo returns to 64 (one step for the whole field edit), redo to 32.
  await page.locator('.svelte-flow__pane').click({ position: { x: 300, y: 520 } });
  await page.keyboard.press('Control+z');
  await expect(gru).toContainText('[null, 64]');
  await expect(gruRow).toContainText('13,632');
  await page.keyboard.press('Control+Shift+z');
  await expect(gru).toContainText('[null, 32]');
  await expect(gruRow).toContainText('3,744');

  // Renaming: a taken name is refused inline; a free one renames the node.
  await gru.click();
  await inspector.getByRole('tab', { name: 'Layer' }).click();
  const name = inspector.getByLabel('Name', { exact: true });
  await name.fill('dense_1');
  await name.press('Enter');
  await expect(inspector.getByRole('alert')).toContainText('already called "dense_1"');
  await name.fill('encoder');
  await name.press('Enter');
  await expect(gru).toContainText('encoder');
  await expect(page.getByRole('group', { name: 'GRU encoder, output [null, 32]' })).toBeVisible();

  // Autosave (graph and view), then a reload shows the same graph with the same layer selected.
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  if (app.mode === 'web') {
    const stored = async (): Promise<unknown> => {
      const list = await fetch(`${new URL(app.url!).origin}/api/projects.list`, { method: 'POST', body: '{}', headers: { 'x-layerloom-token': app.token! } });
      const id = ((await list.json()) as { value: { id: string }[] }).value[0]!.id;
      const got = await fetch(`${new URL(app.url!).origin}/api/projects.get`, { method: 'POST', body: JSON.stringify({ id }), headers: { 'x-layerloom-token': app.token! } });
      return ((await got.json()) as { value: { view: { selection?: string[] } } }).value.view.selection;
    };
    await expect.poll(stored).toEqual(['n2']);
  }
  await page.reload();
  await expect(page.locator('.svelte-flow__node')).toHaveCount(5);
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(4);
  await expect(node(page, 'n2')).toContainText('[null, 32]');
  await expect(node(page, 'n2')).toContainText('3,744 params');
  await expect(node(page, 'n2')).toContainText('encoder');
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  if (app.mode === 'web') await expect(inspector.getByLabel('Name', { exact: true })).toHaveValue('encoder');
});

test('an invalid connection or a cycle is refused with the reason; deleting the Input shows diagnostics downstream', async ({ app }) => {
  const page = app.page;
  await createProject(page, 'Stacked GRU', /Stacked GRU classifier, per sequence/);
  await expect(page.locator('.svelte-flow__node')).toHaveCount(8);
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(7);
  await expect(node(page, 'n8')).toContainText('[null, 5]');

  // Undo/redo buttons start disabled for a freshly opened project.
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();

  await dropLayer(page, 'GRU', 250, 90);
  await dropLayer(page, 'Concatenate', 650, 90);
  await expect(page.locator('.svelte-flow__node')).toHaveCount(10);

  // dropout_2 outputs [null, 128] (a vector); a GRU needs a sequence.
  await drawEdge(page, 'n7', 'n9');
  const refusal = page.locator('.refusal');
  await expect(refusal).toContainText('expects a sequence');
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(7);

  // A loop drawn by hand: GRU → Concatenate → back into the GRU.
  await drawEdge(page, 'n9', 'n10', 0);
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(8);
  await drawEdge(page, 'n10', 'n9');
  await expect(refusal).toContainText('cycle');
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(8);

  // A selected connection is deleted with Delete, and comes back with undo.
  await page.locator('.svelte-flow__edge[data-id="e8"]').click();
  await page.keyboard.press('Delete');
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(7);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(8);

  // Delete the Input: the layers after it now report that they have no input.
  await node(page, 'n1').click();
  await page.keyboard.press('Delete');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(9);
  const gru1 = node(page, 'n2');
  await expect(gru1.locator('.badge.err')).toBeVisible();
  await expect(gru1.locator('.badge.err')).toHaveAttribute('title', /has no input/);
  await gru1.click();
  await expect(page.getByRole('list', { name: 'Problems' })).toContainText('has no input');
  await expect(node(page, 'n8').locator('.badge.err')).toBeVisible();

  // Undo brings it back and the errors go away.
  await page.locator('.svelte-flow__pane').click({ position: { x: 200, y: 500 } });
  await page.keyboard.press('Control+z');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(10);
  await expect(gru1.locator('.badge.err')).toHaveCount(0);
});

test('copy and paste across projects, duplicate, and bad clipboard content is refused without changes', async ({ app }) => {
  const page = app.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await createProject(page, 'Source model', /Time-series forecaster \(GRU\)/);
  const count = await page.locator('.svelte-flow__node').count();
  expect(count).toBeGreaterThan(2);

  // Auto-layout (dagre) spaces the chain out left to right, as one undoable step.
  const gap = async (): Promise<number> => {
    const a = (await node(page, 'n1').boundingBox())!;
    const b = (await node(page, 'n2').boundingBox())!;
    return (b.x - (a.x + a.width)) / a.width; // the space between two layers, in node widths
  };
  // The nodes settle after their first measurement: take the gap once two reads 100 ms apart agree.
  const stableGap = async (): Promise<number> => {
    let last = Number.NaN;
    await expect
      .poll(
        async () => {
          const prev = last;
          last = await gap();
          return Math.abs(last - prev);
        },
        { intervals: [100] },
      )
      .toBeLessThan(1e-3);
    return last;
  };
  const before = await stableGap();
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await expect.poll(async () => Math.abs((await gap()) - 64 / 200)).toBeLessThan(0.1); // dagre rank gap 64 px (snapped to the 16 px grid), nodes 200 px
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => Math.abs((await gap()) - before)).toBeLessThan(0.03);

  // Select all, copy; duplicate adds copies with fresh labels.
  await page.locator('.svelte-flow__pane').click({ position: { x: 200, y: 500 } });
  await page.keyboard.press('Control+a');
  await expect(page.locator('.svelte-flow__node.selected')).toHaveCount(count);
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+d');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(count * 2);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(count);

  // Paste into another project.
  await createProject(page, 'Target model');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(0);
  await page.locator('.svelte-flow__pane').click({ position: { x: 200, y: 300 } });
  await page.keyboard.press('Control+v');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(count);
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(count - 1);

  // Garbage on the clipboard: a clear message, nothing pasted, undo still works.
  await page.evaluate(() => navigator.clipboard.writeText('definitely not layers'));
  await page.keyboard.press('Control+v');
  await expect(page.getByRole('alert').filter({ hasText: 'does not hold Layerloom layers' })).toBeVisible();
  await expect(page.locator('.svelte-flow__node')).toHaveCount(count);

  // Layers from a newer Layerloom.
  await page.evaluate(() =>
    navigator.clipboard.writeText(JSON.stringify({ type: 'layerloom/fragment', version: 99, nodes: [{ id: 'x', kind: 'Future', label: 'x', params: {}, position: { x: 0, y: 0 } }], edges: [] })),
  );
  await page.keyboard.press('Control+v');
  await expect(page.getByRole('alert').filter({ hasText: 'newer Layerloom' })).toBeVisible();
  await expect(page.locator('.svelte-flow__node')).toHaveCount(count);

  await page.keyboard.press('Control+z');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(0);
  await page.keyboard.press('Control+y');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(count);

  // After switching projects, a layer added from the palette lands at the centre of this canvas's view.
  await page.getByRole('navigation', { name: 'Layer palette' }).getByRole('button', { name: 'Dense', exact: true }).dblclick();
  await expect(page.locator('.svelte-flow__node')).toHaveCount(count + 1);
  const added = await centre(page.locator('.svelte-flow__node.selected'));
  const view = await centre(canvas(page));
  expect(Math.abs(added.x - view.x)).toBeLessThan(80);
  expect(Math.abs(added.y - view.y)).toBeLessThan(80);
});
