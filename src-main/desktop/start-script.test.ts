import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

describe('npm start without an Electron runtime', () => {
  it('exits with one clear paragraph that names `npm run web`, not a stack trace', () => {
    const r = spawnSync(process.execPath, ['scripts/start-desktop.mjs'], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/electron' },
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('npm run web');
    expect(r.stderr).toContain('Electron runtime');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack frames
  });
});
