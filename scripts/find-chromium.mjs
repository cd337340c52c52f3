#!/usr/bin/env node
/**
 * Finds the Chromium the end-to-end tests drive, in this order: LAYERLOOM_CHROMIUM; Playwright's own
 * Chromium where `npx playwright install chromium` put one; a system Chromium or Chrome on PATH
 * (`chromium`, `chromium-browser`, `google-chrome`, `google-chrome-stable`).
 *
 * As a command (`node scripts/find-chromium.mjs [--install]`) it prints the path it found. With
 * `--install` and none found, it installs Debian's `chromium` where it can (Debian/Ubuntu, as root), and
 * otherwise says in one paragraph how to get one and exits 1.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function executable(p) {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Playwright's downloaded Chromium, when it is there. */
function playwrightChromium() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('@playwright/test');
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/** The first of `names` on PATH (with Windows' extensions where they apply). */
export function onPath(names, path = process.env.PATH ?? '', exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : ['']) {
  for (const dir of path.split(delimiter).filter(Boolean))
    for (const name of names)
      for (const ext of exts) {
        const p = join(dir, name + ext);
        if (existsSync(p) && executable(p)) return p;
      }
  return null;
}

/**
 * Where the browser is, and which rule found it; null where none is. A LAYERLOOM_CHROMIUM that does not
 * exist is an error (it was set on purpose), not a reason to look elsewhere.
 */
export function findChromium(env = process.env) {
  const set = env.LAYERLOOM_CHROMIUM;
  if (set) {
    if (!existsSync(set)) throw new Error(`LAYERLOOM_CHROMIUM is set to ${set}, which does not exist: point it at a Chromium or Chrome executable, or unset it.`);
    return { path: set, from: 'LAYERLOOM_CHROMIUM' };
  }
  const pw = playwrightChromium();
  if (pw) return { path: pw, from: 'Playwright' };
  const sys = onPath(PATH_NAMES, env.PATH ?? '');
  if (sys) return { path: sys, from: 'PATH' };
  return null;
}

export const HOW_TO_GET_ONE =
  'No Chromium found for the end-to-end tests. Looked for LAYERLOOM_CHROMIUM, Playwright\'s own Chromium ' +
  `and ${PATH_NAMES.join(', ')} on PATH. Get one with \`npx playwright install chromium\` (downloads ` +
  "Playwright's build; needs the internet), or install your system's package (Debian/Ubuntu: `sudo apt-get " +
  'install chromium`; Fedora: `sudo dnf install chromium`; macOS: `brew install --cask chromium` or Google ' +
  'Chrome), or set LAYERLOOM_CHROMIUM to the path of a Chromium or Chrome executable, then run the tests again.';

function canApt() {
  return process.platform === 'linux' && existsSync('/etc/debian_version') && typeof process.getuid === 'function' && process.getuid() === 0 && onPath(['apt-get']) !== null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    let found = findChromium();
    if (!found && process.argv.includes('--install') && canApt()) {
      console.error('== no Chromium found: installing Debian\'s chromium (apt-get install -y chromium)');
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-dejavu-core'], { stdio: 'inherit', env });
      found = findChromium();
    }
    if (!found) {
      console.error(HOW_TO_GET_ONE);
      process.exit(1);
    }
    console.log(found.path);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
