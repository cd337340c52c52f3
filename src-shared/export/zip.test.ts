import { describe, expect, it } from 'vitest';
import { fileName } from '../compiler/sanitize';
import { crc32, isSafeEntryPath, readZip, writeZip, ZipError } from './zip';
import { exportArchiveName } from './run-export';
import { projectFileName } from './project-file';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('zip', () => {
  it('crc32 matches the reference value', () => {
    expect(crc32(bytes('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('refuses entry names that escape the folder', () => {
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\x', 'a//b', './x', '', 'a/\n/b'])
      expect(() => writeZip([{ path: bad, bytes: bytes('x') }]), bad).toThrow(ZipError);
    expect(isSafeEntryPath('tfjs/model.json')).toBe(true);
    expect(() => writeZip([{ path: 'a', bytes: bytes('1') }, { path: 'a', bytes: bytes('2') }])).toThrow(/Duplicate/);
  });

  it('detects damaged archives', () => {
    const z = writeZip([{ path: 'a.txt', bytes: bytes('hello') }]);
    expect(readZip(z)[0]!.path).toBe('a.txt');
    const bad = z.slice();
    bad[35] = bad[35]! ^ 0xff; // first data byte
    expect(() => readZip(bad)).toThrow(/CRC/);
    expect(() => readZip(bytes('not a zip'))).toThrow(/Not a zip/);
  });
});

describe('file names from user text', () => {
  it('never contain separators, .. or control characters', () => {
    for (const s of ['../../etc/passwd', 'a/b\\c', '..', '.hidden', 'con', 'x\n\u0000y', 'a:b*c?"<>|', ' ', '', '…'.repeat(300)]) {
      const n = fileName(s);
      expect(n).not.toMatch(/[\\/\u0000-\u001f:*?"<>|]/);
      expect(n).not.toContain('..');
      expect(n.length).toBeGreaterThan(0);
      expect(n.length).toBeLessThanOrEqual(100);
      expect(n.startsWith('.')).toBe(false);
      expect(isSafeEntryPath(n)).toBe(true);
    }
    expect(fileName('con')).toBe('_con');
    expect(fileName('My model v2')).toBe('My model v2');
    expect(projectFileName('../evil')).toBe('evil.loom.json');
    expect(exportArchiveName('a/b')).toBe('a-b-export.zip');
  });
});
