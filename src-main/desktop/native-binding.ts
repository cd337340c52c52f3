/**
 * better-sqlite3 is compiled for Node in node_modules (tests, CLI, web host). The desktop app loads a
 * second build made for Electron's ABI (by `npm run rebuild:electron`, into build/electron-native/, or
 * unpacked beside the packaged app), so neither build overwrites the other.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function electronNativeBinding(appPath: string, resourcesPath: string): string | undefined {
  const candidates = [
    join(resourcesPath, 'app.asar.unpacked', 'build', 'electron-native', 'better_sqlite3.node'),
    join(appPath, 'build', 'electron-native', 'better_sqlite3.node'),
  ];
  return candidates.find((p) => existsSync(p));
}
