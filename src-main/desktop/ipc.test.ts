/**
 * The IPC sender check (src-main/desktop/ipc.ts): the API answers only the app's own top-level page.
 * Electron is mocked: the test captures the `layerloom:api` handler and calls it as ipcMain would.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import type { Handlers } from '../../src-shared/api/dispatch';

type Invoke = (e: IpcMainInvokeEvent, method: unknown, args: unknown) => Promise<unknown>;
const registered = new Map<string, Invoke>();
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: Invoke) => void registered.set(channel, fn) },
}));

const { serveIpc } = await import('./ipc');

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}
const top = (url: string): FakeFrame => ({ url, parent: null });
const child = (url: string, parentUrl = 'app://layerloom/index.html'): FakeFrame => ({ url, parent: top(parentUrl) });

let calls = 0;
function call(frame: FakeFrame | null, method: unknown = 'app.info', args: unknown = {}) {
  const handler = registered.get('layerloom:api');
  expect(handler, 'serveIpc registers layerloom:api').toBeTypeOf('function');
  return handler!({ senderFrame: frame } as unknown as IpcMainInvokeEvent, method, args) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
}

beforeEach(() => {
  registered.clear();
  calls = 0;
  const info = () => {
    calls++;
    return { name: 'Layerloom', version: 'test', host: 'desktop', dataDir: '/d', databaseFile: '/d/db' };
  };
  serveIpc({ 'app.info': info } as unknown as Handlers, () => null);
});

describe('IPC sender check', () => {
  it('answers the app page', async () => {
    const r = await call(top('app://layerloom/index.html'));
    expect(r).toMatchObject({ ok: true, value: { name: 'Layerloom' } });
    expect(calls).toBe(1);
  });

  it('refuses a foreign page before any handler runs', async () => {
    for (const url of ['https://example.com/', 'http://127.0.0.1:5173/', 'file:///tmp/x.html', 'app://layerloom.evil.com/', 'app://other/index.html', 'about:blank', 'data:text/html,x', '']) {
      const r = await call(top(url));
      expect(r, url).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(calls).toBe(0);
  });

  it('refuses a subframe, foreign or same-origin, inside the app page', async () => {
    for (const frame of [child('https://example.com/'), child('app://layerloom/index.html'), child('app://layerloom/x', 'https://example.com/')]) {
      const r = await call(frame);
      expect(r, frame.url).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(calls).toBe(0);
  });

  it('refuses a call whose frame is gone', async () => {
    expect(await call(null)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls).toBe(0);
  });
});
