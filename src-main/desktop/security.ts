/** The window's security settings, in one place so a test can assert them. */
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    // Middle-click would otherwise try to open links in a new window (refused anyway by the open handler).
    disableBlinkFeatures: 'Auxclick',
  };
}

/** Only the app's own origin may be loaded; every navigation elsewhere is refused. */
export const APP_ORIGIN = 'app://layerloom';
export const isAppUrl = (url: string): boolean => url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
