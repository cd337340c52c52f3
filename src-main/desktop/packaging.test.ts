/**
 * `npm run dist` needs the internet (electron-builder fetches Electron), so CI validates the packaging
 * configuration instead: against electron-builder's own schema, and for the things that break a package
 * silently (the native SQLite module must be unpacked from the archive, the icon must exist).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const config = JSON.parse(readFileSync('electron-builder.json', 'utf8')) as Record<string, unknown> & {
  asarUnpack: string[];
  files: string[];
  icon: string;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
};

describe('packaging configuration', () => {
  it('is valid for electron-builder', () => {
    const Ajv = require('ajv') as typeof import('ajv').default;
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const { $schema: _ignored, ...rest } = config;
    const ok = validate(rest);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('builds installers for Linux, macOS and Windows', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toContain('dmg');
    expect(config.win.target).toContain('nsis');
  });

  it('unpacks the native SQLite module and ships the built app and icon', () => {
    expect(config.asarUnpack.some((p) => p.includes('better-sqlite3') && p.endsWith('.node'))).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']));
    expect(existsSync(config.icon)).toBe(true);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toContain('electron-builder');
  });
});
