/**
 * The electronegativity gate (`npm run security`): a review vouches for one finding — same check, same
 * file, same flagged code — so a second insecure window in a reviewed file is not waved through.
 * The last two tests run the real scan, on this checkout and on a copy with such a window planted.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flaggedCode, fingerprint, openFindings, type Review } from '../../scripts/security-gate.mjs';

const SOURCE = [
  "import { BrowserWindow } from 'electron';",
  'function start() {',
  '  win = new BrowserWindow({',
  '    show: false,',
  "    webPreferences: secureWebPreferences(join(__dirname, 'preload.cjs')), // a comment with a ) in it",
  '  });',
  "  const label = ')';",
  '}',
].join('\n');
const WINDOW_CODE = flaggedCode(SOURCE, 3, 9);
const review = (over: Partial<Review> = {}): Review => ({ check: 'SANDBOX_JS_CHECK', file: 'src-main/index.ts', fingerprint: fingerprint(WINDOW_CODE), why: 'reviewed', ...over });
const finding = (over: Record<string, unknown> = {}) => ({ check: 'SANDBOX_JS_CHECK', file: 'src-main/index.ts', line: 3, column: 9, ...over });
const read = (text: string) => (file: string) => (file === 'src-main/index.ts' ? text : null);

describe('security gate: matching findings to reviews', () => {
  it('takes the whole flagged expression, brackets balanced, strings and comments skipped', () => {
    expect(WINDOW_CODE.startsWith('new BrowserWindow({')).toBe(true);
    expect(WINDOW_CODE.endsWith('})')).toBe(true);
    expect(WINDOW_CODE).toContain('secureWebPreferences');
    expect(flaggedCode('  click: () => void shell.openExternal(docsUrl) },', 1, 21)).toBe('shell.openExternal(docsUrl) ');
    expect(flaggedCode('  webPreferences: { sandbox: false, nodeIntegration: true },', 1, 21)).toBe('sandbox: false');
    expect(flaggedCode(SOURCE, 99, 1)).toBe('');
  });

  it('ignores formatting but not code changes', () => {
    expect(fingerprint('new BrowserWindow({ a: 1 })')).toBe(fingerprint('new BrowserWindow({\n  a: 1\n})'));
    expect(fingerprint('new BrowserWindow({ sandbox: true })')).not.toBe(fingerprint('new BrowserWindow({ sandbox: false })'));
  });

  it('passes a reviewed finding, also after the code moved to another line', () => {
    expect(openFindings([finding()], [review()], read(SOURCE))).toEqual([]);
    const moved = `// a new first line\n${SOURCE}`;
    expect(openFindings([finding({ line: 4 })], [review()], read(moved))).toEqual([]);
  });

  it('opens a finding whose flagged code changed, though check and file match', () => {
    const changed = SOURCE.replace("secureWebPreferences(join(__dirname, 'preload.cjs'))", '{ sandbox: false, nodeIntegration: true }');
    const open = openFindings([finding()], [review()], read(changed));
    expect(open).toHaveLength(1);
    expect(open[0]!.code).toContain('sandbox: false');
  });

  it('opens a new finding of a reviewed check in a reviewed file', () => {
    const planted = `${SOURCE}\nconst w2 = new BrowserWindow({ webPreferences: { sandbox: false } });`;
    const open = openFindings([finding(), finding({ line: 9, column: 12 })], [review()], read(planted));
    expect(open.map((f) => f.line)).toEqual([9]);
  });

  it('uses each review once: a second identical finding is open (the count per check and file cannot grow)', () => {
    const twice = `${SOURCE}\n${SOURCE}`;
    const open = openFindings([finding(), finding({ line: 11 })], [review()], read(twice));
    expect(open).toHaveLength(1);
    expect(openFindings([finding(), finding({ line: 11 })], [review(), review()], read(twice))).toEqual([]);
  });

  it('opens findings of another check or file, and findings whose code cannot be read', () => {
    expect(openFindings([finding({ check: 'NODE_INTEGRATION_JS_CHECK' })], [review()], read(SOURCE))).toHaveLength(1);
    expect(openFindings([finding({ file: 'src-main/other.ts' })], [review({ file: 'src-main/other.ts' })], read(SOURCE))).toHaveLength(1);
  });
});

describe('security gate: the real scan (npm run security)', () => {
  const scan = (args: string[]) =>
    spawnSync(process.execPath, ['scripts/security-scan.mjs', ...args], { encoding: 'utf8', timeout: 240_000 });

  it('passes this checkout: every finding is reviewed', { timeout: 300_000 }, () => {
    const r = scan([]);
    expect(r.stdout).toMatch(/ 0 open/);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('fails when a second window without sandbox and isolation, with Node, loads a remote page', { timeout: 300_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerloom-gate-'));
    try {
      cpSync('src-main', join(dir, 'src-main'), { recursive: true });
      const main = join(dir, 'src-main', 'index.ts');
      const planted = readFileSync(main, 'utf8').replace(
        'function start(): void {',
        [
          'function start(): void {',
          '  const remote = new BrowserWindow({ webPreferences: { sandbox: false, contextIsolation: false, nodeIntegration: true } });',
          "  void remote.loadURL('https://example.com');",
        ].join('\n'),
      );
      expect(planted).toContain('const remote = new BrowserWindow');
      writeFileSync(main, planted);
      const r = scan(['--root', dir]);
      expect(r.status, r.stdout + r.stderr).not.toBe(0);
      const open = r.stdout.split('\n').filter((l) => l.includes('OPEN '));
      // The checks the old gate (check + file only) waved through, because the real window is reviewed.
      for (const check of ['SANDBOX_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK']) {
        expect(open.some((l) => l.includes(`OPEN ${check} `) && l.includes('src-main/index.ts')), `${check} open in:\n${r.stdout}`).toBe(true);
      }
      expect(r.stdout).toContain('contextIsolation: false');
      // The reviewed findings on the real window still match: only the planted code is open.
      expect(r.stdout).not.toContain('secureWebPreferences');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
