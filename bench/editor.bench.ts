/**
 * Canvas editor benchmark in Debian's Chromium through the web host, with a 300-node graph:
 *  - frame time while dragging a node and while panning (target < 16 ms). Chromium runs with vsync and
 *    the frame-rate limit off, and the page moves the pointer once per animation frame, so each
 *    requestAnimationFrame delta is the cost of one frame that handled one drag/pan step;
 *  - time from a param edit in the inspector to the updated shape on the node (target < 50 ms);
 *  - JS heap after 1,000 param edits kept in the undo history (History keeps the last 500 steps).
 * Needs `npm run build` (out/web). Chromium renders in software here, on shared CPU cores.
 */
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/launch';
import { graphOf, type NodeSpec } from '../src-shared/graph/builder';
import { analyze } from '../src-shared/graph/analyze';
import { report, row, type BenchRow } from './lib';

/** The web host's API token for the bench's direct calls (the browser signs in with the printed one-time link). */
const API_TOKEN = randomBytes(24).toString('hex');

const NODES = 300;

/** ~300 nodes: an Input, then blocks of GRU / Conv1D branches merged by Concatenate; laid out in a grid. */
function bigGraph(n: number) {
  const specs: NodeSpec[] = [{ kind: 'Input', params: { shape: [30, 6] } }];
  const edges: [number, number, number?][] = [];
  let cur = 0;
  const add = (s: NodeSpec, from: number): number => (specs.push(s), edges.push([from, specs.length - 1]), specs.length - 1);
  while (specs.length < n - 2) {
    const a = add({ kind: 'GRU', params: { units: 16, returnSequences: true } }, cur);
    const a2 = add({ kind: 'BatchNorm' }, a);
    const b = add({ kind: 'Conv1D', params: { filters: 8, kernelSize: 3, padding: 'same' } }, cur);
    const b2 = add({ kind: 'Dropout', params: { rate: 0.2 } }, b);
    specs.push({ kind: 'Concatenate' });
    const m = specs.length - 1;
    edges.push([a2, m, 0], [b2, m, 1]);
    cur = add({ kind: 'TimeDistributedDense', params: { units: 12 } }, m);
  }
  cur = add({ kind: 'GlobalAveragePooling1D' }, cur);
  while (specs.length < n) add({ kind: 'Dense', params: { units: 1 } }, cur);
  const doc = graphOf('bench', specs, edges);
  doc.nodes.forEach((node, i) => (node.position = { x: (i % 20) * 240, y: Math.floor(i / 20) * 140 }));
  return doc;
}

async function startHost(dataDir: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(process.cwd(), 'out', 'web', 'index.mjs'), '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LAYERLOOM_WEB_TOKEN: API_TOKEN } });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${out}`)), 20_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?code=[0-9a-f]+)/.exec(out);
      if (m) (clearTimeout(timer), resolve(m[1]!));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
  return { url, stop: () => child.kill('SIGINT') };
}

/** In the page: press at `from`, then move by (dx, dy) per animation frame for `frames` frames; returns rAF deltas. */
async function framesWhileDragging(page: Page, selector: string, frames: number, dx: number, dy: number): Promise<number[]> {
  return page.evaluate(
    async ({ selector, frames, dx, dy }) => {
      const el = document.querySelector(selector) as HTMLElement;
      const r = el.getBoundingClientRect();
      let x = r.left + Math.min(r.width / 2, 40), y = r.top + Math.min(r.height / 2, 20);
      const opts = (): MouseEventInit => ({ bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0, buttons: 1, view: window });
      el.dispatchEvent(new MouseEvent('mousedown', opts()));
      el.dispatchEvent(new PointerEvent('pointerdown', { ...opts(), pointerId: 1, isPrimary: true }));
      const deltas: number[] = [];
      await new Promise<void>((resolve) => {
        let last = 0, i = 0;
        const tick = (t: number): void => {
          if (last) deltas.push(t - last);
          last = t;
          if (i++ >= frames) return resolve();
          x += dx;
          y += dy;
          window.dispatchEvent(new MouseEvent('mousemove', opts()));
          el.dispatchEvent(new PointerEvent('pointermove', { ...opts(), pointerId: 1, isPrimary: true }));
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      window.dispatchEvent(new MouseEvent('mouseup', { ...opts(), buttons: 0 }));
      el.dispatchEvent(new PointerEvent('pointerup', { ...opts(), buttons: 0, pointerId: 1, isPrimary: true }));
      return deltas.slice(2); // the first frames include the press
    },
    { selector, frames, dx, dy },
  );
}

async function heapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return h.usedSize / 1024 / 1024;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'layerloom-bench-'));
  const host = await startHost(dataDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, '--disable-gpu-vsync', '--disable-frame-rate-limit'],
    headless: true,
  });
  const rows: BenchRow[] = [];
  try {
    const doc = bigGraph(NODES);
    const errors = analyze(doc).errorCount;
    const token = API_TOKEN;
    const res = await fetch(`${new URL(host.url).origin}/api/projects.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-layerloom-token': token },
      body: JSON.stringify({ name: 'Bench 300', document: doc }),
    });
    if (res.status !== 200) throw new Error(`projects.create: ${res.status} ${await res.text()}`);
    // Open at zoom 1 (a typical editing view: part of the graph on screen).
    const { value: project } = (await res.json()) as { value: { id: string } };
    await fetch(`${new URL(host.url).origin}/api/projects.save`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-layerloom-token': token },
      body: JSON.stringify({ id: project.id, view: { viewport: { x: 40, y: 40, zoom: 1 }, selection: [] } }),
    });
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const t0 = performance.now();
    await page.goto(host.url);
    await page.locator('.svelte-flow__node[data-id="n2"]').waitFor();
    const loadMs = performance.now() - t0;
    await page.waitForTimeout(1000);
    const rendered = await page.locator('.svelte-flow__node').count();
    rows.push(row('open project (300 nodes) to first node shown', [loadMs], 'ms', { note: `${rendered} of ${NODES} nodes rendered at zoom 1 (the rest are off screen); ${errors} errors in the graph` }));

    // Frames while dragging a node and while panning: at zoom 1, then with all 300 nodes in view.
    rows.push(row('frame while dragging a node (zoom 1)', await framesWhileDragging(page, '.svelte-flow__node[data-id="n2"]', 120, 2, 1), 'ms', { target: 16 }));
    rows.push(row('frame while panning (zoom 1)', await framesWhileDragging(page, '.svelte-flow__pane', 120, -3, -1), 'ms', { target: 16 }));

    // Param edit → updated shape on the node. Select the first GRU and type into Units.
    await page.locator('.svelte-flow__node[data-id="n2"]').click({ force: true });
    const units = page.getByRole('region', { name: 'Inspector' }).getByLabel('Units', { exact: true });
    await units.waitFor();
    const editTimes = await page.evaluate(async () => {
      const input = document.getElementById('param-units') as HTMLInputElement;
      const node = document.querySelector('.svelte-flow__node[data-id="n2"] [data-testid="node-shape"]')!;
      const times: number[] = [];
      for (let i = 0; i < 25; i++) {
        const u = 20 + (i % 2);
        const want = `[null, 30, ${u}]`;
        const t0 = performance.now();
        input.value = String(u);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        await new Promise<void>((resolve) => {
          const check = (): void => {
            if (node.textContent === want) requestAnimationFrame(() => setTimeout(resolve, 0));
            else requestAnimationFrame(check);
          };
          check();
        });
        times.push(performance.now() - t0);
      }
      return times;
    });
    rows.push(row('param edit → shape updated on the node', editTimes.slice(3), 'ms', { target: 50 }));

    // Everything in view: fit the view, then drag and pan again.
    await page.getByRole('button', { name: 'Fit View', exact: true }).click();
    await page.waitForTimeout(1500);
    const all = await page.locator('.svelte-flow__node').count();
    rows.push(
      row('frame while dragging a node (all in view)', await framesWhileDragging(page, '.svelte-flow__node[data-id="n2"]', 120, 2, 1), 'ms', {
        target: 16,
        note: `${all} nodes rendered`,
      }),
    );
    rows.push(row('frame while panning (all in view)', await framesWhileDragging(page, '.svelte-flow__pane', 120, 3, 1), 'ms', { target: 16 }));

    // Memory after 1,000 edits (each its own undo step; History keeps the newest 500).
    const cdp = await page.context().newCDPSession(page);
    const before = await heapMB(cdp);
    await page.evaluate(async () => {
      const input = document.getElementById('param-units') as HTMLInputElement;
      for (let i = 0; i < 1000; i++) {
        input.value = String(8 + (i % 50));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, 0));
      }
    });
    await page.waitForTimeout(1500); // autosave
    const after = await heapMB(cdp);
    rows.push({ name: 'JS heap before the edits', median: before, unit: 'MB', runs: 1 });
    rows.push({ name: 'JS heap after 1,000 edits with undo history', median: after, unit: 'MB', runs: 1, note: `+${(after - before).toFixed(1)} MB over the loaded project` });
    const undoOk = await page.evaluate(() => !(document.querySelector('button[title^="Undo"]') as HTMLButtonElement).disabled);
    if (!undoOk) throw new Error('undo should be available after the edits');
  } finally {
    await browser.close();
    host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  // The machine's load matters a lot here (software rendering on shared cores): record it with the results.
  const load = loadavg().map((l) => Number(l.toFixed(2)));
  console.log(`load average during the run: ${load.join(', ')}`);
  report('editor', rows, { nodes: NODES, browser: 'Debian Chromium (software rendering, vsync off)', loadAverage: load });
}

await main();
