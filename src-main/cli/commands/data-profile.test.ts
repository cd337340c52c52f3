import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../index';
import type { CliIO } from '../command';

const path = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));
const SEATTLE = path('../../../resources/samples/seattle-weather.csv');
const FIXTURES = path('../../../src-shared/data/fixtures/');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: process.cwd() };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('layerloom data profile', () => {
  it('prints a table for the seattle sample', async () => {
    const r = await run(['data', 'profile', SEATTLE]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^seattle-weather\.csv: 1,461 rows × 6 columns, 47\.1 KB, delimiter ",", header, UTF-8, fnv1a64 3dd765f3646e6cfc/);
    expect(r.out).toMatch(/\ndate +date +0 +1461 +2012-01-01 +2015-12-31/);
    expect(r.out).toMatch(/\ntemp_max +number +0 +67 +-1\.6 +35\.6 +16\.439 +7\.3472 +[▁▂▃▄▅▆▇█]{20}/);
    expect(r.out).toMatch(/\nweather +category +0 +5 .*rain \(641\), sun \(640\), fog \(101\)/);
  });

  it('prints JSON with --json', async () => {
    const r = await run(['data', 'profile', SEATTLE, '--json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out);
    expect(p.rowCount).toBe(1461);
    expect(p.columns.map((c: { type: string }) => c.type)).toEqual(['date', 'number', 'number', 'number', 'number', 'category']);
    expect(p.preview.header).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
  });

  it('exits 2 with the message on an unusable file', async () => {
    const r = await run(['data', 'profile', FIXTURES + 'ragged-short.csv']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('layerloom data profile: ragged-short.csv: Row 2 (line 3) has 2 fields but the header has 3 (column "wind" is missing).');
    const latin = await run(['data', 'profile', FIXTURES + 'latin1.csv', '--json']);
    expect(latin.code).toBe(2);
    expect(latin.err).toMatch(/not valid UTF-8: byte 0xE9 at offset 13/);
  });

  it('shows warnings in the table', async () => {
    const r = await run(['data', 'profile', FIXTURES + 'nan-inf.csv']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Warnings:\n  - Column "value" has 2 infinite values (first at row 3); they are treated as missing.');
  });

  it('exits 2 on a missing file or bad usage', async () => {
    expect((await run(['data', 'profile', FIXTURES + 'nope.csv'])).code).toBe(2);
    const u = await run(['data', 'profile']);
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/missing <file\.csv>\nUsage: layerloom data profile <file\.csv> \[--json\]/);
    expect((await run(['data', 'profile', SEATTLE, '--csv'])).code).toBe(2);
  });

  it('prints hostile names and headers terminal-safe: ESC[2J and BEL show as escapes (issue 12)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerloom-profile-'));
    const file = join(dir, 'evil\u0007.csv');
    writeFileSync(file, '"clear\u001b[2Jme","bell\u0007\nline",ok\n1,2,x\u001b]0;title\u0007\n3,4,y\n');
    const r = await run(['data', 'profile', file]);
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
    expect(r.out).not.toMatch(raw);
    expect(r.out).toContain('clear\\u001b[2Jme');
    expect(r.out).toContain('bell\\u0007\\u000aline');
    expect(r.out).toMatch(/^evil\?\.csv: 2 rows/); // the dataset's name follows the name rule (control characters → ?)
    const j = await run(['data', 'profile', file, '--json']);
    expect(j.out).not.toMatch(raw);
    expect(JSON.parse(j.out).columns[0].name).toBe('clear\u001b[2Jme');
    const e = await run(['data', 'profile', join(dir, 'gone\u001b[2J\u0007.csv')]);
    expect(e.code).toBe(2);
    expect(e.err).not.toMatch(raw);
    expect(e.err).toContain('gone\\u001b[2J\\u0007.csv');
  });

  it('says what a path is when it is not a file (issue 12)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerloom-profile-dir-'));
    const d = await run(['data', 'profile', dir]);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/: it is a directory; give a CSV file\.$/);
    const n = await run(['data', 'profile', '/dev/null']);
    expect(n.code).toBe(2);
    expect(n.err).toBe('layerloom data profile: cannot read "/dev/null": it is not a regular file (a device, pipe or socket); give a CSV file.');
    expect((await run(['data', 'profile', join(dir, 'nope.csv')])).err).toMatch(/: no such file\.$/);
  });
});
