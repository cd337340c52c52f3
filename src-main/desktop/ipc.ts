/** The Electron transport: one `ipcMain.handle` for every contract call, events pushed to the window. */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { dispatch, type HandlerContext, type Handlers } from '../../src-shared/api/dispatch';
import { isAppUrl } from './security';

/**
 * Only the app's own page may call the API: the calling frame must be a top-level frame (no iframe,
 * even a same-origin one) showing an app:// URL. Anything else — a remote page that got loaded despite
 * the navigation guards, a frame inside the page — gets `unauthorized` and reaches no handler.
 */
export function isTrustedSender(e: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = e.senderFrame;
  if (!frame) return false; // the frame navigated away or was destroyed before the call arrived
  return frame.parent === null && isAppUrl(frame.url);
}

export function serveIpc(handlers: Handlers, getWindow: () => BrowserWindow | null): HandlerContext {
  const ctx: HandlerContext = {
    emit(event, payload) {
      const win = getWindow();
      if (win && !win.isDestroyed()) win.webContents.send('layerloom:event', { event, payload });
    },
  };
  ipcMain.handle('layerloom:api', async (e, method: unknown, args: unknown) => {
    if (!isTrustedSender(e)) {
      return { ok: false, error: { code: 'unauthorized', message: 'Calls are accepted only from the Layerloom window' } };
    }
    return dispatch(handlers, method, args, ctx, (err) => console.error(`internal error in ${String(method)}:`, err));
  });
  return ctx;
}
