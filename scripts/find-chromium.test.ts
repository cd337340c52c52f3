import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { findChromium, HOW_TO_GET_ONE, onPath } from './find-chromium.mjs';

const dir = mkdtempSync(join(tmpdir(), 'find-chromium-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, mode: number): string {
  const p = join(dir, name);
  writeFileSync(p, '#!/bin/sh\n');
  chmodSync(p, mode);
  return p;
}

describe('finding a Chromium for the e2e tests', () => {
  it('takes LAYERLOOM_CHROMIUM first, and refuses one that does not exist, naming it', () => {
    const exe = file('my-chrome', 0o755);
    expect(findChromium({ LAYERLOOM_CHROMIUM: exe, PATH: '' })).toEqual({ path: exe, from: 'LAYERLOOM_CHROMIUM' });
    expect(() => findChromium({ LAYERLOOM_CHROMIUM: join(dir, 'missing'), PATH: '' })).toThrow(/LAYERLOOM_CHROMIUM is set to .*missing, which does not exist/);
  });

  it('finds the first executable of the names on PATH, in PATH order, skipping files that cannot run', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'chromium'), '');
    chmodSync(join(a, 'chromium'), 0o644); // not executable
    writeFileSync(join(b, 'google-chrome'), '');
    chmodSync(join(b, 'google-chrome'), 0o755);
    expect(onPath(['chromium', 'chromium-browser', 'google-chrome'], [a, b].join(delimiter), [''])).toBe(join(b, 'google-chrome'));
    expect(onPath(['chromium'], [a, b].join(delimiter), [''])).toBeNull();
  });

  it('says in one paragraph how to get a browser', () => {
    expect(HOW_TO_GET_ONE).not.toContain('\n');
    expect(HOW_TO_GET_ONE).toMatch(/npx playwright install chromium/);
    expect(HOW_TO_GET_ONE).toMatch(/LAYERLOOM_CHROMIUM/);
  });
});
