/**
 * Web permissions for the desktop window. Electron grants every permission by default (camera,
 * microphone, geolocation, notifications, opening external links…); the renderer uses only the
 * clipboard (Copy writes it, Paste reads it — Edit menu and shortcuts), so those two are granted to the
 * app's own main frame and everything else is refused, as are all device (HID/USB/serial) requests.
 */
import type { Session } from 'electron';
import { isAppUrl } from './security';

type Permission = Parameters<Parameters<Session['setPermissionCheckHandler']>[0] & object>[1];

/** The permissions the renderer actually uses (navigator.clipboard.writeText / readText). */
export const ALLOWED_PERMISSIONS: readonly Permission[] = ['clipboard-sanitized-write', 'clipboard-read'];

/**
 * The one rule behind both handlers: a listed permission, asked for by the app's top-level page.
 * `origin` is the requesting origin (with or without a trailing slash), `url` the requesting frame's URL
 * when Electron gives it; both must be the app's.
 */
export function permissionAllowed(permission: string, origin: string, url: string | undefined, isMainFrame: boolean): boolean {
  return (
    (ALLOWED_PERMISSIONS as readonly string[]).includes(permission) &&
    isMainFrame &&
    isAppUrl(origin) &&
    (url === undefined || isAppUrl(url))
  );
}

type PermissionSession = Pick<Session, 'setPermissionCheckHandler' | 'setPermissionRequestHandler' | 'setDevicePermissionHandler'>;

export function installPermissionHandlers(ses: PermissionSession): void {
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    permissionAllowed(permission, requestingOrigin, details.requestingUrl, details.isMainFrame) &&
    (details.embeddingOrigin === undefined || isAppUrl(details.embeddingOrigin)),
  );
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl, details.requestingUrl, details.isMainFrame));
  });
  ses.setDevicePermissionHandler(() => false);
}
