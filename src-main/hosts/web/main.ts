/**
 * `npm run web -- [--port N] [--data-dir DIR] [--open]`: the browser host. Opens the store, serves the
 * built renderer and the API on 127.0.0.1, prints a sign-in link with a one-time code (the browser trades
 * it for a session cookie), and on Ctrl+C closes the server and the database cleanly.
 *
 * Scripts and tests that call the API directly set `LAYERLOOM_WEB_TOKEN` (32+ characters) and send it as
 * `x-layerloom-token`; without it the API token is random and never shown.
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { openStore, StoreError } from '../../store/store';
import { dbFileIn, defaultDataDir } from '../../store/data-dir';
import { createHandlers } from '../../services/index';
import { startWebHost, type WebHost } from './server';
import { newToken } from './security';
import { acquireInstanceLock, InstanceLockError } from '../../store/instance-lock';

declare const __LAYERLOOM_VERSION__: string;

function fail(message: string): never {
  process.stderr.write(`layerloom web: ${message}\n`);
  process.exit(1);
}

async function run(): Promise<void> {
  let values: { port?: string; 'data-dir'?: string; open?: boolean; root?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        open: { type: 'boolean' },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    fail(`${(err as Error).message}\nUsage: npm run web -- [--port N] [--data-dir DIR] [--open]`);
  }
  if (values.help) {
    process.stdout.write('Usage: npm run web -- [--port N] [--data-dir DIR] [--open]\n');
    return;
  }
  const port = values.port === undefined ? 4780 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, not "${values.port}"`);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(values.root ?? join(here, '..', 'renderer'));
  if (!existsSync(join(root, 'index.html'))) fail(`the renderer is not built (${root}/index.html missing). Run \`npm run build\`.`);

  let lock: { release(): void };
  try {
    lock = acquireInstanceLock(dataDir, 'web host');
  } catch (err) {
    if (err instanceof InstanceLockError) fail(err.message);
    throw err;
  }
  let store;
  try {
    store = openStore(dbFileIn(dataDir));
  } catch (err) {
    lock.release();
    if (err instanceof StoreError) fail(err.message);
    throw err;
  }
  const envToken = process.env.LAYERLOOM_WEB_TOKEN;
  delete process.env.LAYERLOOM_WEB_TOKEN; // not inherited by anything this process starts
  if (envToken !== undefined && envToken.length < 32) {
    store.close();
    lock.release();
    fail('LAYERLOOM_WEB_TOKEN must be at least 32 characters long');
  }
  const version = typeof __LAYERLOOM_VERSION__ === 'string' ? __LAYERLOOM_VERSION__ : '0.0.0';
  let host: WebHost;
  try {
    host = await startWebHost({
      root,
      token: envToken ?? newToken(),
      port,
      handlers: createHandlers({ store, host: 'web', version, dataDir, resourcesDir: resolve(here, '..', '..', 'resources') }),
      log: (l) => process.stderr.write(l + '\n'),
      onSignIn: () => process.stdout.write(`A browser signed in. To sign in another one, open (once):\n  ${host.signInUrl()}\n`),
    });
  } catch (err) {
    store.close();
    lock.release();
    const code = (err as { code?: string }).code;
    fail(code === 'EADDRINUSE' ? `port ${port} is in use; pass --port N (0 picks a free one)` : (err as Error).message);
  }
  process.stdout.write(
    `Layerloom ${version} is running. Open this link to sign in (it works once; the browser keeps a session cookie):\n` +
      `  ${host.signInUrl()}\nData: ${store.file}\nPress Ctrl+C to stop.\n`,
  );
  if (values.open) {
    // Its own code, so the printed link stays usable for another browser.
    const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    spawn(opener, [host.signInUrl()], { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  }
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    process.stdout.write(`\n${signal}: closing Layerloom…\n`);
    void host.close().finally(() => {
      store.close();
      lock.release();
      process.stdout.write('Database closed. Bye.\n');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

run().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
