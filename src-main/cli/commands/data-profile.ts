/** `layerloom data profile <file.csv> [--json]`: imports a CSV like the app does and prints its profile. */
import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UsageError, type CliCommand } from '../command';
import { DataError } from '../../../src-shared/data/errors';
import { parseCsv } from '../../../src-shared/data/csv';
import { datasetProfile, type DatasetProfile } from '../../../src-shared/data/dataset';
import type { ColumnProfile } from '../../../src-shared/data/profile';
import { printable } from '../printable';

const SPARK = '▁▂▃▄▅▆▇█';

function sparkline(counts: number[]): string {
  const max = Math.max(...counts);
  return counts.map((c) => (max === 0 ? SPARK[0] : SPARK[Math.min(7, Math.floor((c / max) * 7.999))])).join('');
}

function num(v: number | undefined): string {
  if (v === undefined) return '';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1e6 || (a > 0 && a < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}

function bytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${(n / 1024 ** 3).toFixed(2)} GB`;
}

function cells(c: ColumnProfile): string[] {
  const isDate = c.type === 'date' || c.type === 'datetime';
  const d = (v: number | undefined): string => (v === undefined ? '' : isDate ? new Date(v).toISOString().slice(0, c.type === 'date' ? 10 : 19) : num(v));
  const top = c.top ? c.top.slice(0, 3).map((t) => `${printable(t.value.length > 16 ? t.value.slice(0, 15) + '…' : t.value, true)} (${t.count})`).join(', ') : '';
  return [printable(c.name, true), c.type === c.inferredType ? c.type : `${c.type}*`, String(c.missing), String(c.distinct), d(c.min), d(c.max), num(c.mean), num(c.std), c.histogram ? sparkline(c.histogram.counts) : top];
}

export function formatProfile(p: DatasetProfile): string[] {
  const delim = p.format.delimiter === '\t' ? 'tab' : `"${p.format.delimiter}"`;
  const out = [
    `${printable(p.name, true)}: ${p.rowCount.toLocaleString('en-US')} rows × ${p.columns.length} columns, ${bytes(p.source.size)}, delimiter ${delim}` +
      `${p.format.header ? ', header' : ', no header'}${p.format.decimalComma ? ', decimal comma' : ''}${p.format.bom ? ', BOM' : ''}, UTF-8, fnv1a64 ${p.source.hash}`,
    '',
  ];
  const header = ['column', 'type', 'missing', 'distinct', 'min', 'max', 'mean', 'std', 'histogram / top'];
  const rows = p.columns.map(cells);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  out.push(line(header), ...rows.map(line));
  const warnings = [...p.warnings, ...p.columns.flatMap((c) => c.warnings ?? [])];
  if (warnings.length) out.push('', 'Warnings:', ...warnings.map((w) => `  - ${printable(w, true)}`));
  return out;
}

export const dataProfileCommand: CliCommand = {
  path: ['data', 'profile'],
  summary: 'Import a CSV file and print its column profile (types, missing, distinct, ranges)',
  usage: 'layerloom data profile <file.csv> [--json]',
  async run(argv, io) {
    let json = false;
    const files: string[] = [];
    for (const a of argv) {
      if (a === '--json') json = true;
      else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
      else files.push(a);
    }
    if (files.length !== 1) throw new UsageError(files.length ? 'give one file' : 'missing <file.csv>');
    const path = resolve(files[0]!);
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) {
        io.err(`layerloom data profile: cannot read "${files[0]}": ${st.isDirectory() ? 'it is a directory' : 'it is not a regular file (a device, pipe or socket)'}; give a CSV file.`);
        return 2;
      }
      size = st.size;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      io.err(`layerloom data profile: cannot read "${files[0]}": ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}.`);
      return 2;
    }
    try {
      const ds = await parseCsv(createReadStream(path, { highWaterMark: 1 << 20 }), { name: basename(path), size });
      const profile = datasetProfile(ds);
      if (json) io.out(JSON.stringify(profile, null, 2));
      else for (const l of formatProfile(profile)) io.out(l);
      return 0;
    } catch (e) {
      if (e instanceof DataError) {
        io.err(`layerloom data profile: ${basename(path)}: ${e.message}`);
        return 2;
      }
      throw e;
    }
  },
};
