/**
 * Starts Layerloom for a spec: the Electron app when its runtime exists, otherwise the web host on a free
 * port with a temporary data folder, opened in Chromium (found by scripts/find-chromium.mjs). Both give back a Playwright `Page`.
 */
import { chromium, _electron, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, HOW_TO_GET_ONE } from '../scripts/find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];

/** The browser for web mode: LAYERLOOM_CHROMIUM, else Playwright's Chromium, else one on PATH (see scripts/find-chromium.mjs). */
export function chromiumPath(): string {
  const found = findChromium();
  if (!found) throw new Error(HOW_TO_GET_ONE);
  return found.path;
}

export function electronPath(): string | null {
  if (process.env.LAYERLOOM_E2E_MODE === 'web') return null;
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

export interface Launched {
  page: Page;
  mode: 'electron' | 'web';
  dataDir: string;
  /**
   * Web mode, for checks that go around the UI: `url` is the host's base (`http://127.0.0.1:PORT/`), and
   * `token` the API token the spec sends as `x-layerloom-token` (given to the host in LAYERLOOM_WEB_TOKEN).
   * The browser itself signs in with the printed one-time link and then uses its session cookie.
   */
  url?: string;
  token?: string;
  close(): Promise<void>;
  /** Closes and starts again on the same data folder (what a user does after quitting). */
  restart(): Promise<Launched>;
}

async function startWebHost(dataDir: string, token: string): Promise<{ child: ChildProcess; signInUrl: string }> {
  const child = spawn(process.execPath, [join(root, 'out', 'web', 'index.mjs'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LAYERLOOM_WEB_TOKEN: token },
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${out}`)), 20_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?code=[0-9a-f]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`web host exited with ${code}:\n${out}`)));
  });
  return { child, signInUrl: url };
}

export async function launch(dataDir = mkdtempSync(join(tmpdir(), 'layerloom-e2e-')), ownsDir = true): Promise<Launched> {
  const exe = electronPath();
  if (exe) {
    const app: ElectronApplication = await _electron.launch({
      executablePath: exe,
      args: [root],
      env: { ...process.env, LAYERLOOM_DATA_DIR: dataDir },
    });
    const page = await app.firstWindow();
    return {
      page,
      mode: 'electron',
      dataDir,
      close: async () => {
        await app.close();
        if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
      },
      restart: async () => {
        await app.close();
        return launch(dataDir, ownsDir);
      },
    };
  }
  const token = randomBytes(24).toString('hex');
  const { child, signInUrl } = await startWebHost(dataDir, token);
  const browser: Browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(signInUrl); // trades the one-time code for the session cookie and redirects to /
  const stop = async (): Promise<void> => {
    await browser.close();
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    });
  };
  return {
    page,
    mode: 'web',
    dataDir,
    url: `${new URL(signInUrl).origin}/`,
    token,
    close: async () => {
      await stop();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
    restart: async () => {
      await stop();
      return launch(dataDir, ownsDir);
    },
  };
}
