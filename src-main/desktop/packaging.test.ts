/**
 * `npm run dist` needs the internet (electron-builder fetches Electron), so CI validates the packaging
 * configuration instead: against electron-builder's own schema, and for the things that break a package
 * silently (the native SQLite module must be unpacked from the archive, the icon must exist).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const config = JSON.parse(readFileSync('electron-builder.json', 'utf8')) as Record<string, unknown> & {
  asarUnpack: string[];
  files: string[];
  icon: string;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
  asar?: boolean;
  electronFuses?: Record<string, unknown> | null;
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

  it('flips the Electron fuses that close the runtime to code outside the app', () => {
    // electron-builder writes these into the Electron binary before signing (app-builder-lib's
    // generateFuseConfig); a key it does not know would fail the schema test above.
    expect(config.electronFuses).toEqual(
      expect.objectContaining({
        runAsNode: false, // ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node
        enableNodeOptionsEnvironmentVariable: false, // nor NODE_OPTIONS / NODE_EXTRA_CA_CERTS inject code
        enableNodeCliInspectArguments: false, // nor --inspect / SIGUSR1 attach a debugger
        enableCookieEncryption: true,
        // Checked by Electron on macOS and Windows (electron-builder embeds the archive's hash there);
        // Linux has no such check yet and ignores the fuse.
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true, // no app/ folder next to the archive is ever loaded instead
      }),
    );
    // electron-builder flips them with @electron/fuses, which must be installed where it looks.
    expect(() => createRequire(require.resolve('app-builder-lib/package.json')).resolve('@electron/fuses')).not.toThrow();
    // The asar fuses need the app packed as an archive, and the archive's hash computed.
    expect(config.asar).toBe(true);
    expect(config).not.toHaveProperty('disableAsarIntegrity', true);
    // The Electron main process never starts itself as Node (which the RunAsNode fuse would break); only
    // the web host and the CLI, which run in plain Node, may spawn processes.
    const desktopCode = readdirSync('src-main', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !/^(hosts[\\/]web|cli)[\\/]/.test(f));
    expect(desktopCode).toContain('index.ts');
    for (const f of desktopCode) expect(readFileSync(`src-main/${f}`, 'utf8'), f).not.toMatch(/child_process|utilityProcess|ELECTRON_RUN_AS_NODE/);
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
