/**
 * The session's permission handlers (src-main/desktop/permissions.ts), driven through a mock session the
 * way Electron calls them: the clipboard for the app's own page, nothing else for anyone.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Session } from 'electron';
import { ALLOWED_PERMISSIONS, installPermissionHandlers } from './permissions';

type CheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;
type RequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type DeviceHandler = NonNullable<Parameters<Session['setDevicePermissionHandler']>[0]>;
type Perm = Parameters<CheckHandler>[1];

function mockSession() {
  const installed: { check?: CheckHandler; request?: RequestHandler; device?: DeviceHandler } = {};
  const ses = {
    setPermissionCheckHandler: (h: CheckHandler | null) => void (installed.check = h ?? undefined),
    setPermissionRequestHandler: (h: RequestHandler | null) => void (installed.request = h ?? undefined),
    setDevicePermissionHandler: (h: DeviceHandler | null) => void (installed.device = h ?? undefined),
  };
  installPermissionHandlers(ses);
  const wc = {} as Electron.WebContents;
  return {
    check(permission: Perm, origin: string, details: { isMainFrame?: boolean; requestingUrl?: string; embeddingOrigin?: string } = {}): boolean {
      expect(installed.check, 'a permission check handler is installed').toBeTypeOf('function');
      return installed.check!(wc, permission, origin, { isMainFrame: true, requestingUrl: `${origin.replace(/\/$/, '')}/index.html`, ...details });
    },
    request(permission: Perm, requestingUrl: string, isMainFrame = true): boolean {
      expect(installed.request, 'a permission request handler is installed').toBeTypeOf('function');
      let granted: boolean | undefined;
      installed.request!(wc, permission, (g) => (granted = g), { isMainFrame, requestingUrl });
      expect(granted, 'the request handler answers synchronously').toBeTypeOf('boolean');
      return granted!;
    },
    device(origin: string): boolean {
      expect(installed.device, 'a device permission handler is installed').toBeTypeOf('function');
      return installed.device!({ deviceType: 'usb', origin, device: {} as never } as Parameters<DeviceHandler>[0]);
    },
  };
}

const APP_PAGE = 'app://layerloom/index.html';
const DENIED: Perm[] = ['media', 'geolocation', 'notifications', 'openExternal', 'display-capture', 'fullscreen', 'midiSysex', 'pointerLock', 'hid', 'usb', 'serial', 'fileSystem', 'idle-detection', 'window-management', 'unknown'];
const FOREIGN = ['https://example.com/', 'https://example.com', 'app://layerloom.evil.com/', 'app://other/', 'file:///', 'null'];

describe('desktop permissions', () => {
  it('grants only the clipboard, which Copy and Paste use', () => {
    expect([...ALLOWED_PERMISSIONS].sort()).toEqual(['clipboard-read', 'clipboard-sanitized-write']);
  });

  it('denies every other permission, even to the app page (check and request)', () => {
    const s = mockSession();
    for (const p of DENIED) {
      expect(s.check(p, 'app://layerloom/'), `check ${p}`).toBe(false);
      expect(s.check(p, 'app://layerloom'), `check ${p}`).toBe(false);
      expect(s.request(p, APP_PAGE), `request ${p}`).toBe(false);
    }
  });

  it('grants the clipboard to the app page (origin with or without trailing slash)', () => {
    const s = mockSession();
    for (const p of ALLOWED_PERMISSIONS) {
      expect(s.check(p, 'app://layerloom/'), `check ${p}`).toBe(true);
      expect(s.check(p, 'app://layerloom'), `check ${p}`).toBe(true);
      expect(s.request(p, APP_PAGE), `request ${p}`).toBe(true);
    }
  });

  it('denies the clipboard to any other origin', () => {
    const s = mockSession();
    for (const p of ALLOWED_PERMISSIONS) {
      for (const origin of FOREIGN) {
        expect(s.check(p, origin), `check ${p} from ${origin}`).toBe(false);
        expect(s.request(p, origin), `request ${p} from ${origin}`).toBe(false);
      }
      // A check made without a document URL (e.g. from a worker) is judged by its origin alone.
      for (const origin of FOREIGN) expect(s.check(p, origin, { requestingUrl: undefined }), `check ${p} from ${origin}, no URL`).toBe(false);
      expect(s.check(p, 'app://layerloom/', { requestingUrl: undefined })).toBe(true);
      // The origin claims to be the app but the frame's URL is elsewhere.
      expect(s.check(p, 'app://layerloom/', { requestingUrl: 'https://example.com/' })).toBe(false);
    }
  });

  it('denies the clipboard to subframes, also same-origin ones and ones embedded by a foreign page', () => {
    const s = mockSession();
    for (const p of ALLOWED_PERMISSIONS) {
      expect(s.check(p, 'app://layerloom/', { isMainFrame: false }), `check ${p}`).toBe(false);
      expect(s.request(p, APP_PAGE, false), `request ${p}`).toBe(false);
      expect(s.check(p, 'app://layerloom/', { embeddingOrigin: 'https://example.com/' }), `check ${p}`).toBe(false);
    }
  });

  it('denies HID, USB and serial devices to everyone', () => {
    const s = mockSession();
    expect(s.device('app://layerloom')).toBe(false);
    expect(s.device('https://example.com')).toBe(false);
  });
});

describe('desktop main process', () => {
  it('installs the permission handlers on the default session before the window exists', () => {
    const main = readFileSync('src-main/index.ts', 'utf8');
    const install = main.indexOf('installPermissionHandlers(session.defaultSession)');
    expect(install, 'src-main/index.ts installs the handlers').toBeGreaterThan(-1);
    expect(install).toBeLessThan(main.indexOf('new BrowserWindow('));
    expect(main).not.toMatch(/setPermission(Request|Check)Handler/); // one place decides: permissions.ts
  });
});
