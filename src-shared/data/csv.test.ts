import { describe, expect, it } from 'vitest';
import { readFileSync, createReadStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  DataError,
  MAX_FILE_BYTES,
  chunksOf,
  datasetProfile,
  decodeColumn,
  deserializeDataset,
  encodeColumn,
  findInvalidUtf8,
  fnv1a64,
  getColumn,
  parseCsv,
  parseCsvText,
  serializeDataset,
  setColumnType,
  sniffCsv,
  textAt,
  type Dataset,
} from './index';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const SEATTLE = fileURLToPath(new URL('../../resources/samples/seattle-weather.csv', import.meta.url));

async function parseFile(path: string, chunk = 7): Promise<Dataset> {
  const bytes = new Uint8Array(readFileSync(path));
  return parseCsv(chunksOf(bytes, chunk), { name: path.split('/').pop()!, size: bytes.length });
}

async function dataError(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

const types = (ds: Dataset): Record<string, string> => Object.fromEntries(ds.columns.map((c) => [c.name, c.type]));

describe('seattle-weather sample', () => {
  it('imports with date, 4 numbers and 1 category, streamed from disk', async () => {
    const ds = await parseCsv(createReadStream(SEATTLE, { highWaterMark: 4096 }), { name: 'seattle-weather.csv', size: statSync(SEATTLE).size });
    expect(ds.rowCount).toBe(1461);
    expect(types(ds)).toEqual({ date: 'date', precipitation: 'number', temp_max: 'number', temp_min: 'number', wind: 'number', weather: 'category' });
    const w = getColumn(ds, 'weather').profile;
    expect(w.distinct).toBe(5);
    expect(w.top![0]).toEqual({ value: 'rain', count: 641 });
    const t = getColumn(ds, 'temp_max').profile;
    expect(t.min).toBe(-1.6);
    expect(t.max).toBe(35.6);
    expect(t.missing).toBe(0);
    expect(t.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(1461);
    const d = getColumn(ds, 'date');
    expect(d.profile.min).toBe(Date.UTC(2012, 0, 1));
    expect(d.profile.max).toBe(Date.UTC(2015, 11, 31));
    expect(textAt(d, 0)).toBe('2012-01-01');
    expect(ds.preview[0]).toEqual(['2012-01-01', '0.0', '12.8', '5.0', '4.7', 'drizzle']);
    expect(ds.source.size).toBe(statSync(SEATTLE).size);
    expect(ds.source.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(ds.warnings).toEqual([]);
  });

  it('is the unchanged vega-datasets file', () => {
    expect(fnv1a64(new Uint8Array(readFileSync(SEATTLE)))).toBe('3dd765f3646e6cfc');
  });

  it('gives the same result whatever the chunk size', async () => {
    const a = await parseFile(SEATTLE, 1);
    const b = await parseFile(SEATTLE, 65536);
    expect(serializeDataset(a)).toEqual(serializeDataset(b));
  });

  it('round-trips through storage blobs', async () => {
    const ds = await parseFile(SEATTLE, 4096);
    const { meta, blobs } = serializeDataset(ds);
    const json = JSON.parse(JSON.stringify(meta));
    // blobs as SQLite hands them back: a Buffer at an odd offset in a pool
    const odd = blobs.map((b) => {
      const pool = new Uint8Array(b.length + 3);
      pool.set(b, 3);
      return pool.subarray(3);
    });
    const back = deserializeDataset(json, odd);
    expect(back.columns.map((c) => c.data)).toEqual(ds.columns.map((c) => c.data));
    expect(blobs[1]!.byteLength).toBe(1461 * 8); // float64
    expect(blobs[5]!.byteLength).toBe(1461 * 4); // dictionary codes
    expect(() => decodeColumn(blobs[1]!.subarray(8), meta.columns[1]!)).toThrow(DataError);
  });

  it('setColumnType re-profiles one column and names the row of a bad value', async () => {
    const ds = await parseFile(SEATTLE, 4096);
    const asText = setColumnType(ds, 'weather', 'text');
    expect(getColumn(asText, 'weather').type).toBe('text');
    expect(getColumn(asText, 'weather').inferredType).toBe('category');
    const cat = setColumnType(ds, 'temp_max', 'category');
    expect(getColumn(cat, 'temp_max').profile.distinct).toBe(67);
    expect(getColumn(setColumnType(cat, 'temp_max', 'number'), 'temp_max').data).toEqual(getColumn(ds, 'temp_max').data);
    const e = (() => {
      try {
        setColumnType(ds, 'weather', 'number');
      } catch (err) {
        return err as DataError;
      }
      throw new Error('no error');
    })();
    expect(e).toBeInstanceOf(DataError);
    expect(e.row).toBe(1);
    expect(e.column).toBe('weather');
    expect(e.message).toContain('"drizzle" is not a number');
    const coerced = setColumnType(ds, 'weather', 'number', { coerce: true });
    expect(getColumn(coerced, 'weather').profile.missing).toBe(1461);
    expect(ds.columns.find((c) => c.name === 'weather')!.type).toBe('category'); // original untouched
    const bools = setColumnType(await parseCsvText('a\nyes\nno\n\n'), 'a', 'boolean');
    expect(getColumn(bools, 'a').profile.top).toEqual([
      { value: 'false', count: 1 },
      { value: 'true', count: 1 },
    ]);
  });
});

describe('bad-input corpus', () => {
  it('empty file', async () => {
    expect((await dataError(parseFile(fixture('empty.csv')))).message).toMatch(/is empty/);
  });
  it('header only', async () => {
    expect((await dataError(parseFile(fixture('header-only.csv')))).message).toMatch(/header row but no data rows/);
  });
  it('ragged row with too few fields names row and column', async () => {
    const e = await dataError(parseFile(fixture('ragged-short.csv')));
    expect(e.message).toBe('Row 2 (line 3) has 2 fields but the header has 3 (column "wind" is missing).');
    expect([e.row, e.column, e.line]).toEqual([2, 'wind', 3]);
  });
  it('ragged row with too many fields', async () => {
    const e = await dataError(parseFile(fixture('ragged-long.csv')));
    expect(e.message).toMatch(/^Row 2 \(line 3\) has 4 fields but the header has 3: an extra value "5" after column "wind"/);
    expect(e.column).toBe('wind');
  });
  it('trailing empty field is tolerated', async () => {
    const ds = await parseCsvText('a,b\n1,2,\n3,4,\n');
    expect(ds.rowCount).toBe(2);
  });
  it('non-numeric value in a numeric column: read as text with a warning naming the row', async () => {
    const ds = await parseFile(fixture('non-numeric.csv'));
    const c = getColumn(ds, 'temp');
    expect(c.type).toBe('category');
    expect(c.profile.warnings![0]).toMatch(/Column "temp" is mostly numbers but row 3 has "abc"/);
    const e = (() => {
      try {
        setColumnType(ds, 'temp', 'number');
      } catch (err) {
        return err as DataError;
      }
      throw new Error('no error');
    })();
    expect([e.row, e.column]).toEqual([3, 'temp']);
    const fixed = setColumnType(ds, 'temp', 'number', { coerce: true });
    expect(getColumn(fixed, 'temp').profile).toMatchObject({ count: 9, missing: 1, min: 10.5, max: 18 });
  });
  it('NaN and Infinity strings are missing, infinities reported by row', async () => {
    const ds = await parseFile(fixture('nan-inf.csv'));
    const c = getColumn(ds, 'value');
    expect(c.type).toBe('number');
    expect(c.profile).toMatchObject({ count: 3, missing: 5, min: 1.5, max: 3.5, mean: 2.5 });
    expect(c.profile.warnings).toEqual(['Column "value" has 2 infinite values (first at row 3); they are treated as missing.']);
  });
  it('duplicate column names are renamed with a warning', async () => {
    const ds = await parseFile(fixture('duplicate-names.csv'));
    expect(ds.columns.map((c) => c.name)).toEqual(['a', 'b', 'a_2', 'c']);
    expect(ds.warnings[0]).toBe('Columns 1 and 3 are both named "a"; column 3 is renamed "a_2".');
  });
  it('unterminated quote names row and column', async () => {
    const e = await dataError(parseFile(fixture('unterminated-quote.csv')));
    expect(e.message).toMatch(/^Row 1 \(line 2\), column "b": a quoted value opened on line 2 is never closed/);
    expect([e.row, e.column]).toEqual([1, 'b']);
  });
  it('blank lines are skipped', async () => {
    const ds = await parseFile(fixture('blank-lines.csv'));
    expect(ds.rowCount).toBe(3);
    expect(ds.warnings).toEqual(['Skipped 3 blank lines.']);
    expect(getColumn(ds, 'b').data).toEqual({ kind: 'float64', values: new Float64Array([2, 4, 6]) });
  });
  it('binary file', async () => {
    expect((await dataError(parseFile(fixture('binary.png.csv')))).message).toMatch(/binary file, not CSV text \(a zero byte at offset 8\)/);
  });
  it('Latin-1 file: encoding problem with byte offset and line', async () => {
    const e = await dataError(parseFile(fixture('latin1.csv'), 3));
    expect(e.message).toBe(
      'The file is not valid UTF-8: byte 0xE9 at offset 13 (line 2). It may be Latin-1/Windows-1252; save it as UTF-8 and import it again.',
    );
    expect(e.offset).toBe(13);
  });
  it('UTF-16 and xlsx are recognised', async () => {
    const u16 = new Uint8Array([0xff, 0xfe, 0x61, 0, 0x2c, 0]);
    expect((await dataError(parseCsv([u16], { name: 'x.csv' }))).message).toMatch(/UTF-16/);
    const zip = new Uint8Array([0x50, 0x4b, 3, 4, 1, 2]);
    expect((await dataError(parseCsv([zip], { name: 'x.csv' }))).message).toMatch(/Excel/);
  });
  it('semicolon with decimal comma', async () => {
    const ds = await parseFile(fixture('semicolon-decimal-comma.csv'));
    expect(ds.format).toMatchObject({ delimiter: ';', decimalComma: true, header: true });
    expect(types(ds)).toEqual({ city: 'category', temp: 'number', rain: 'number' });
    expect(Array.from((getColumn(ds, 'temp').data as { values: Float64Array }).values)).toEqual([1.5, -2.25, 12]);
  });
  it('tab and pipe delimiters', async () => {
    const t = await parseFile(fixture('tab.tsv'));
    expect(t.format.delimiter).toBe('\t');
    expect(types(t)).toEqual({ a: 'integer', b: 'integer', c: 'category' });
    const p = await parseFile(fixture('pipe.csv'));
    expect(p.format.delimiter).toBe('|');
    expect(p.rowCount).toBe(2);
  });
  it('UTF-8 BOM is stripped', async () => {
    const ds = await parseFile(fixture('bom.csv'), 1);
    expect(ds.format.bom).toBe(true);
    expect(ds.columns[0]!.name).toBe('name');
  });
  it('quoted fields with delimiters, escaped quotes and newlines', async () => {
    const ds = await parseFile(fixture('quoted.csv'), 2);
    expect(ds.preview).toEqual([
      ['x, with comma', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
  });
  it('file without a header', async () => {
    const ds = await parseFile(fixture('no-header.csv'));
    expect(ds.format.header).toBe(false);
    expect(ds.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
    expect(ds.rowCount).toBe(2);
  });
  it('a single 5 MB field parses', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const ds = await parseCsvText(`id,blob,q\n1,${big},"${big}"\n2,small,"a""b"\n`);
    expect(ds.rowCount).toBe(2);
    expect(textAt(getColumn(ds, 'blob'), 0).length).toBe(5 * 1024 * 1024);
    expect(textAt(getColumn(ds, 'q'), 0).length).toBe(5 * 1024 * 1024);
    expect(textAt(getColumn(ds, 'q'), 1)).toBe('a"b');
  });
  it('a file over the advertised limit is refused before reading, one at the limit is read', async () => {
    let read = false;
    const source = (function* () {
      read = true;
      yield new Uint8Array([0x61]);
    })();
    expect(MAX_FILE_BYTES).toBe(200 * 1024 * 1024);
    const e = await dataError(parseCsv(source, { name: 'huge.csv', size: MAX_FILE_BYTES + 1 }));
    expect(e.message).toBe(`"huge.csv" is ${MAX_FILE_BYTES + 1} bytes: too large (limit ${MAX_FILE_BYTES} bytes). Split the file or sample it first.`);
    expect(read).toBe(false);
    const bytes = new TextEncoder().encode('a,b\n1,2\n3,4\n');
    const ok = await parseCsv(chunksOf(bytes, 4), { name: 's.csv', size: bytes.length, maxBytes: bytes.length });
    expect(ok.rowCount).toBe(2);
    const e1 = await dataError(parseCsv(chunksOf(bytes, 4), { name: 's.csv', size: bytes.length, maxBytes: bytes.length - 1 }));
    expect(e1.message).toBe('"s.csv" is 12 bytes: too large (limit 11 bytes). Split the file or sample it first.');
    // Size unknown up front (a stream): refused once more than the limit has been read.
    const e2 = await dataError(parseCsv(chunksOf(bytes, 4), { name: 's.csv', maxBytes: 8 }));
    expect(e2.message).toBe('"s.csv" is more than 8 bytes: too large (limit 8 bytes). Split the file or sample it first.');
    expect((await parseCsv(chunksOf(bytes, 4), { name: 's.csv', maxBytes: 12 })).rowCount).toBe(2);
  });
});

describe('sniffing and values', () => {
  it('detects delimiters and headers', () => {
    expect(sniffCsv('a;b;c\n1;2;3\n')).toEqual({ delimiter: ';', header: true, decimalComma: false });
    expect(sniffCsv('a,b\n"1;2",3\n').delimiter).toBe(',');
    expect(sniffCsv('2024-01-01,3\n2024-01-02,4\n').header).toBe(false);
  });
  it('finds the first invalid UTF-8 byte', () => {
    expect(findInvalidUtf8(new Uint8Array([0x61, 0xc3, 0xa9, 0xe9, 0x62]))).toBe(3);
    expect(findInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(findInvalidUtf8(new TextEncoder().encode('ok ✓ 😀'))).toBe(-1);
  });
  it('infers integer, boolean, datetime, text', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => `${i},${i % 2 ? 'yes' : 'no'},2024-03-01T10:${String(i % 60).padStart(2, '0')}:00Z,word${i}`);
    const ds = await parseCsvText(`n,b,ts,t\n${rows.join('\n')}\n`);
    expect(types(ds)).toEqual({ n: 'integer', b: 'boolean', ts: 'datetime', t: 'text' });
    expect(datasetProfile(ds).columns.map((c) => c.type)).toEqual(['integer', 'boolean', 'datetime', 'text']);
  });
});

describe('properties', () => {
  it('parse never throws anything but DataError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.string({ unit: fc.constantFrom('a', '1', '2.5', ',', ';', '\t', '|', '"', '\n', '\r', ' ', 'NaN', 'é', '\u0000'), maxLength: 60 }).map((s) => new TextEncoder().encode(s)),
        ),
        fc.integer({ min: 1, max: 16 }),
        async (bytes, chunk) => {
          try {
            const ds = await parseCsv(chunksOf(bytes, chunk), { name: 'p.csv', size: bytes.length });
            expect(ds.rowCount).toBeGreaterThan(0);
            for (const c of ds.columns) expect(c.profile.count + c.profile.missing).toBe(ds.rowCount);
          } catch (e) {
            if (!(e instanceof DataError)) throw e;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
  it('chunk boundaries never change the result', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom('x', 'y,z', 'q"q', 'line\nbreak', 'ü')), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 9 }),
        async (rows, chunk) => {
          const text = 'num,txt\r\n' + rows.map(([n, t]) => `${n},"${t.replace(/"/g, '""')}"`).join('\r\n');
          const bytes = new TextEncoder().encode(text);
          const a = await parseCsv(chunksOf(bytes, chunk), { name: 'a.csv' });
          expect(a.rowCount).toBe(rows.length);
          expect(Array.from((getColumn(a, 'num').data as { values: Float64Array }).values)).toEqual(rows.map(([n]) => n));
          const txt = getColumn(a, 'txt');
          expect(rows.map((_, i) => textAt(txt, i))).toEqual(rows.map(([, t]) => t));
          expect(encodeColumn(txt)).toEqual(encodeColumn(getColumn(await parseCsv([bytes], { name: 'b.csv' }), 'txt')));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('countDistinct', () => {
  it('is exact and fast on integers, fractions, -0 and NaN', async () => {
    const { countDistinct } = await import('./profile');
    const ints = Float64Array.from({ length: 300_000 }, (_, i) => i * 1024);
    const t = performance.now();
    expect(countDistinct(ints)).toBe(300_000);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(countDistinct(new Float64Array([0, -0, NaN, 1.5, 1.5, 2 ** 60, -(2 ** 60)]))).toBe(4);
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 200 }), (xs) => {
        expect(countDistinct(Float64Array.from(xs))).toBe(new Set(xs.map((x) => (x === 0 ? 0 : x))).size);
      }),
    );
  });
});

describe('sources', () => {
  it('reads a WHATWG ReadableStream like File.stream()', async () => {
    const { streamChunks } = await import('./csv');
    const bytes = new Uint8Array(readFileSync(SEATTLE));
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const ch of chunksOf(bytes, 1000)) c.enqueue(ch.slice());
        c.close();
      },
    });
    const ds = await parseCsv(streamChunks(stream), { name: 'seattle-weather.csv', size: bytes.length });
    expect(ds.rowCount).toBe(1461);
    expect(ds.source.hash).toBe('3dd765f3646e6cfc');
  });
});

describe('encoding errors deep in a file', () => {
  it('reports the exact byte offset and line across chunk boundaries', async () => {
    const head = new TextEncoder().encode('name,value\n' + 'é,1\n'.repeat(5000)); // 2-byte chars all the way
    for (const chunk of [1, 2, 3, 1000, 4097]) {
      const bytes = new Uint8Array(head.length + 6);
      bytes.set(head);
      bytes.set([0x41, 0xe9, 0x2c, 0x32, 0x0a, 0x41], head.length); // "A\xE9,2\nA" — Latin-1 é
      const e = await dataError(parseCsv(chunksOf(bytes, chunk), { name: 'x.csv' }));
      expect(e.offset).toBe(head.length + 1);
      expect(e.line).toBe(5002);
    }
  });
});

describe('column name limit (issue 12)', () => {
  it('is one limit: the parser refuses a longer header naming the column; datasets.create accepts what the parser accepts', async () => {
    const { MAX_COLUMN_NAME_CHARS } = await import('../data/spec');
    const { datasetMetaSchema } = await import('../api/datasets');
    const longest = 'h'.repeat(MAX_COLUMN_NAME_CHARS);
    const ok = await parseCsvText(`a,${longest}\n1,2\n3,4\n`);
    expect(ok.columns[1]!.name).toBe(longest);
    expect(datasetMetaSchema.safeParse(serializeDataset(ok).meta).success).toBe(true);
    const err = await parseCsvText(`a,b,${'x'.repeat(5000)}\n1,2,3\n`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).message).toMatch(/^Column 3's name is 5,000 characters long \(it starts "x{40}…"\); column names can have at most 1000 characters/);
    expect((err as DataError).message.length).toBeLessThan(300);
  });
});
