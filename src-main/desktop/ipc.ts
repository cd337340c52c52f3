/** The Electron transport: one `ipcMain.handle` for every contract call, events pushed to the window. */
import { ipcMain, type BrowserWindow } from 'electron';
import { dispatch, type HandlerContext, type Handlers } from '../../src-shared/api/dispatch';
import { isAppUrl } from './security';

export function serveIpc(handlers: Handlers, getWindow: () => BrowserWindow | null): HandlerContext {
  const ctx: HandlerContext = {
    emit(event, payload) {
      const win = getWindow();
      if (win && !win.isDestroyed()) win.webContents.send('layerloom:event', { event, payload });
    },
  };
  ipcMain.handle('layerloom:api', async (e, method: unknown, args: unknown) => {
    const url = e.senderFrame?.url ?? '';
    if (!isAppUrl(url)) {
      return { ok: false, error: { code: 'unauthorized', message: 'Calls are accepted only from the Layerloom window' } };
    }
    return dispatch(handlers, method, args, ctx, (err) => console.error(`internal error in ${String(method)}:`, err));
  });
  return ctx;
}
