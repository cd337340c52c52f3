/**
 * Electron main process: single instance, one secure window, the native menu, the store in userData,
 * and the API served over IPC. Thin on purpose — the work happens in services shared with the web host.
 */
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { join } from 'node:path';
import { openStore, StoreError, type Store } from './store/store';
import { DB_FILE_NAME } from './store/data-dir';
import { createHandlers } from './services/index';
import { serveIpc } from './desktop/ipc';
import { buildMenu } from './desktop/menu';
import { registerSchemePrivileges, serveRenderer } from './desktop/protocol';
import { APP_ORIGIN, isAppUrl, secureWebPreferences } from './desktop/security';
import { installPermissionHandlers } from './desktop/permissions';
import { loadBounds, trackBounds } from './desktop/window-state';
import { electronNativeBinding } from './desktop/native-binding';
import { Menu } from 'electron';

declare const __LAYERLOOM_VERSION__: string;
const DOCS_URL = 'https://github.com/layerloom/layerloom#readme';

let win: BrowserWindow | null = null;
let store: Store | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerSchemePrivileges();
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.whenReady().then(start, (err: unknown) => fatal(String(err)));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => store?.close());
}

function fatal(message: string): void {
  dialog.showErrorBox('Layerloom cannot start', message);
  app.exit(1);
}

function start(): void {
  const dataDir = process.env.LAYERLOOM_DATA_DIR ?? app.getPath('userData');
  try {
    const nativeBinding = electronNativeBinding(app.getAppPath(), process.resourcesPath);
    store = openStore(join(dataDir, DB_FILE_NAME), nativeBinding ? { nativeBinding } : {});
  } catch (err) {
    fatal(err instanceof StoreError ? err.message : `Could not open the database: ${String(err)}`);
    return;
  }
  installPermissionHandlers(session.defaultSession);
  serveRenderer(join(__dirname, '..', 'renderer'));
  const handlers = createHandlers({ store, host: 'desktop', version: __LAYERLOOM_VERSION__, dataDir, resourcesDir: join(app.getAppPath(), 'resources') });
  serveIpc(handlers, () => win);
  Menu.setApplicationMenu(buildMenu(() => win, DOCS_URL));

  const bounds = loadBounds(store);
  win = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Layerloom',
    backgroundColor: '#1b1d23',
    webPreferences: secureWebPreferences(join(__dirname, '..', 'preload', 'index.cjs')),
  });
  if (bounds.maximized) win.maximize();
  trackBounds(win, store);
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  void shell; // external links are opened only by the Help menu
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}
