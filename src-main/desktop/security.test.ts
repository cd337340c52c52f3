import { describe, expect, it } from 'vitest';
import { isAppUrl, secureWebPreferences } from './security';
import { contentSecurityPolicy } from '../hosts/csp';

describe('desktop window security', () => {
  it('creates the window isolated, sandboxed and without Node', () => {
    const p = secureWebPreferences('/app/preload.cjs');
    expect(p).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/app/preload.cjs',
    });
  });

  it('allows navigation only within the app origin', () => {
    expect(isAppUrl('app://layerloom/index.html')).toBe(true);
    expect(isAppUrl('app://layerloom')).toBe(true);
    for (const url of ['https://example.com', 'app://layerloom.evil.com/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('uses a CSP with no remote sources', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(csp).not.toContain("'unsafe-eval'");
  });
});
