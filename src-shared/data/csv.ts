/**
 * Streaming CSV import: bytes in (an async iterable of Uint8Array chunks: `File.stream()` in a Web
 * Worker, `fs.createReadStream` in Node), a typed, profiled Dataset out — or a DataError naming the
 * row and column. Nothing is returned half-built: a failure anywhere throws before any result exists.
 *
 * RFC 4180 quoting ("" escapes a quote, quoted fields may hold delimiters and newlines), CRLF/LF/CR
 * line ends, fatal UTF-8 decoding with the byte offset of a bad byte, BOM stripped, delimiter
 * (, ; tab |), header and decimal comma sniffed from the first 64 KB.
 */
import { cleanName } from '../api/common';
import { DataError } from './errors';
import { MAX_COLUMN_NAME_CHARS } from './spec';
import { Fnv1a64 } from './hash';
import { BOOL_MISSING, convertColumn, type ColumnData, type RawColumn } from './column';
import { inferDictType, inferNumericType, numericShare, profileColumn } from './profile';
import { isInfinityText, isMissingText, parseDate, parseNum } from './values';
import { PREVIEW_ROWS, type Column, type CsvFormat, type Dataset } from './dataset';
import { MAX_CSV_BYTES, tooLargeMessage } from './limits';

/** Files larger than this are refused before reading: the advertised limit (see ./limits.ts for why). */
export const MAX_FILE_BYTES = MAX_CSV_BYTES;
/** One field may hold up to this many characters (a 5 MB field parses; a runaway quote stops here). */
export const MAX_FIELD_CHARS = 64 * 1024 * 1024;
export const MAX_COLUMNS = 10_000;
const SNIFF_CHARS = 64 * 1024;
const DELIMITERS = [',', ';', '\t', '|'] as const;

const QUOTE = 34;
const LF = 10;
const CR = 13;

const enum S {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  AfterCR,
}

/** Incremental RFC 4180 tokenizer: push decoded text in pieces; it calls onRow(fields, line) per record. */
export class CsvTokenizer {
  private state = S.FieldStart;
  private partial = '';
  private fields: string[] = [];
  private rowQuoted = false;
  /** Physical line (1-based) the current record started on / the tokenizer is on. */
  private rowLine = 1;
  private line = 1;
  private quoteLine = 0;
  constructor(
    private readonly delim: number,
    private readonly onRow: (fields: string[], line: number, quoted: boolean) => void,
  ) {}

  get inQuotes(): boolean {
    return this.state === S.Quoted;
  }
  get openQuoteLine(): number {
    return this.quoteLine;
  }
  get fieldIndex(): number {
    return this.fields.length;
  }
  get currentLine(): number {
    return this.rowLine;
  }

  private endRow(): void {
    this.onRow(this.fields, this.rowLine, this.rowQuoted);
    this.fields.length = 0;
    this.rowQuoted = false;
    this.line++;
    this.rowLine = this.line;
  }

  private tooLong(): never {
    throw new DataError(
      `Row starting on line ${this.rowLine}: field ${this.fields.length + 1} is longer than ${MAX_FIELD_CHARS / 1024 / 1024} MB` +
        (this.state === S.Quoted ? ` — probably a quote opened on line ${this.quoteLine} that is never closed.` : '.'),
      { line: this.rowLine },
    );
  }

  push(s: string): void {
    const n = s.length;
    const d = this.delim;
    const fields = this.fields;
    let i = 0;
    let state = this.state;
    let partial = this.partial;
    while (i < n) {
      if (state === S.FieldStart || state === S.Unquoted) {
        if (state === S.FieldStart && s.charCodeAt(i) === QUOTE) {
          state = S.Quoted;
          this.rowQuoted = true;
          this.quoteLine = this.line;
          partial = '';
          i++;
          continue;
        }
        let j = i;
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          j++;
        }
        if (j === n) {
          partial = state === S.Unquoted ? partial + s.slice(i) : s.slice(i);
          state = S.Unquoted;
          if (partial.length > MAX_FIELD_CHARS) {
            this.state = state;
            this.tooLong();
          }
          i = n;
          break;
        }
        fields.push(state === S.Unquoted ? partial + s.slice(i, j) : s.slice(i, j));
        partial = '';
        const c = s.charCodeAt(j);
        i = j + 1;
        if (c === d) state = S.FieldStart;
        else {
          this.endRow();
          state = c === CR ? S.AfterCR : S.FieldStart;
        }
      } else if (state === S.Quoted) {
        const j = s.indexOf('"', i);
        const end = j < 0 ? n : j;
        if (end > i) {
          const seg = s.slice(i, end);
          for (let k = seg.indexOf('\n'); k >= 0; k = seg.indexOf('\n', k + 1)) this.line++;
          partial += seg;
          if (partial.length > MAX_FIELD_CHARS) {
            this.state = state;
            this.tooLong();
          }
        }
        if (j < 0) {
          i = n;
        } else {
          i = j + 1;
          state = S.QuoteInQuoted;
        }
      } else if (state === S.QuoteInQuoted) {
        const c = s.charCodeAt(i);
        if (c === QUOTE) {
          partial += '"';
          state = S.Quoted;
          i++;
        } else if (c === d) {
          fields.push(partial);
          partial = '';
          state = S.FieldStart;
          i++;
        } else if (c === LF || c === CR) {
          fields.push(partial);
          partial = '';
          this.endRow();
          state = c === CR ? S.AfterCR : S.FieldStart;
          i++;
        } else {
          // text after a closing quote (`"a"b`): kept, like most readers do
          state = S.Unquoted;
        }
      } else {
        // AfterCR: swallow the LF of a CRLF
        if (s.charCodeAt(i) === LF) i++;
        state = S.FieldStart;
      }
    }
    this.state = state;
    this.partial = partial;
  }

  /** End of input: flushes the last record. Throws DataError on an unterminated quote (caller names the column). */
  end(): void {
    const state = this.state;
    if (state === S.Quoted) return; // caller checks inQuotes first
    if (state === S.Unquoted || state === S.QuoteInQuoted) {
      this.fields.push(this.partial);
      this.partial = '';
      this.endRow();
    } else if (state === S.FieldStart && this.fields.length > 0) {
      this.fields.push('');
      this.endRow();
    }
    this.state = S.FieldStart;
  }
}

// ---- sniffing ----

function sampleRows(text: string, delimiter: string, max = 50): string[][] {
  const rows: string[][] = [];
  const tok = new CsvTokenizer(delimiter.charCodeAt(0), (f) => {
    if (rows.length < max && !(f.length === 1 && f[0]!.trim() === '')) rows.push(f.slice());
  });
  try {
    tok.push(text);
    if (!tok.inQuotes) tok.end();
  } catch {
    /* too long: sample what we have */
  }
  return rows;
}

/** Guesses delimiter, header and decimal comma from the first part of a file (BOM already stripped). */
export function sniffCsv(text: string, atEof = true): Omit<CsvFormat, 'bom'> {
  let sample = text.slice(0, SNIFF_CHARS);
  if (!atEof || text.length > SNIFF_CHARS) {
    const cut = sample.lastIndexOf('\n');
    if (cut > 0) sample = sample.slice(0, cut);
  }
  let best: { delimiter: string; score: number; width: number } = { delimiter: ',', score: -1, width: 1 };
  for (const delimiter of DELIMITERS) {
    const rows = sampleRows(sample, delimiter);
    if (rows.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let width = 1;
    let freq = 0;
    for (const [w, f] of counts) if (f > freq || (f === freq && w > width)) [width, freq] = [w, f];
    if (width < 2) continue;
    const score = freq / rows.length + (rows[0]!.length === width ? 0.5 : 0);
    if (score > best.score + 1e-9 || (Math.abs(score - best.score) < 1e-9 && width > best.width)) best = { delimiter, score, width };
  }
  const delimiter = best.delimiter;
  const rows = sampleRows(sample, delimiter);
  let decimalComma = false;
  if (delimiter !== ',') {
    let comma = 0;
    let dot = 0;
    for (const r of rows.slice(1))
      for (const f of r) {
        if (/^\s*[+-]?\d+,\d+\s*$/.test(f)) comma++;
        else if (/^\s*[+-]?\d*\.\d+\s*$/.test(f)) dot++;
      }
    decimalComma = comma > 0 && dot === 0;
  }
  const first = rows[0] ?? [];
  const looksLikeData = first.some((f) => Number.isFinite(parseNum(f, decimalComma)) || parseDate(f) !== null);
  return { delimiter, header: !looksLikeData, decimalComma };
}

// ---- encoding checks ----

/** Index of the first byte that is not valid UTF-8 (a truncated sequence at the very end counts only if `final`). */
export function findInvalidUtf8(b: Uint8Array, final = true): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= n && !final) {
      // cut by the chunk boundary: valid so far if the bytes present are continuation bytes
      for (let k = i + 1; k < n; k++) if ((b[k]! & 0xc0) !== 0x80) return i;
      return -1;
    }
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function checkMagic(head: Uint8Array): void {
  const h = (k: number): number => head[k] ?? -1;
  if ((h(0) === 0xff && h(1) === 0xfe) || (h(0) === 0xfe && h(1) === 0xff))
    throw new DataError('The file is UTF-16 encoded; Layerloom reads UTF-8 CSV. Save it as "CSV UTF-8" and import it again.', { offset: 0 });
  if (h(0) === 0x50 && h(1) === 0x4b && h(2) === 3 && h(3) === 4)
    throw new DataError('This looks like a ZIP or Excel (.xlsx) file, not CSV text. Export the sheet as CSV (UTF-8) and import that.', { offset: 0 });
  if (h(0) === 0x25 && h(1) === 0x50 && h(2) === 0x44 && h(3) === 0x46)
    throw new DataError('This is a PDF file, not CSV text.', { offset: 0 });
  const limit = Math.min(head.length, 8192);
  for (let i = 0; i < limit; i++)
    if (head[i] === 0) throw new DataError(`This looks like a binary file, not CSV text (a zero byte at offset ${i}).`, { offset: i });
}

// ---- column builders ----

class ColumnBuilder {
  private num = true;
  private nums: Float64Array;
  private codes: Int32Array | null = null;
  private dict = new Map<string, number>();
  private cats: string[] = [];
  n = 0;
  firstText: { row: number; value: string } | null = null;
  infCount = 0;
  firstInfRow = 0;
  constructor(
    readonly name: string,
    private readonly decimalComma: boolean,
    capacity = 1024,
  ) {
    this.nums = new Float64Array(capacity);
  }

  private grow(): void {
    if (this.num) {
      const next = new Float64Array(this.nums.length * 2);
      next.set(this.nums);
      this.nums = next;
    } else {
      const next = new Int32Array(this.codes!.length * 2);
      next.set(this.codes!);
      this.codes = next;
    }
  }

  private code(s: string): number {
    let c = this.dict.get(s);
    if (c === undefined) {
      c = this.cats.length;
      this.dict.set(s, c);
      this.cats.push(s);
    }
    return c;
  }

  private toText(): void {
    const codes = new Int32Array(this.nums.length);
    for (let i = 0; i < this.n; i++) {
      const v = this.nums[i]!;
      codes[i] = Number.isNaN(v) ? -1 : this.code(String(v));
    }
    this.codes = codes;
    this.num = false;
    this.nums = new Float64Array(0);
  }

  push(s: string, row: number): void {
    if (this.n === (this.num ? this.nums.length : this.codes!.length)) this.grow();
    if (this.num) {
      const v = parseNum(s, this.decimalComma);
      if (v === v) {
        if (v === Infinity || v === -Infinity) {
          // 1e999 overflows
          this.infCount++;
          if (!this.firstInfRow) this.firstInfRow = row;
          this.nums[this.n++] = NaN;
        } else this.nums[this.n++] = v;
        return;
      }
      if (isMissingText(s)) {
        this.nums[this.n++] = NaN;
        return;
      }
      if (isInfinityText(s)) {
        this.infCount++;
        if (!this.firstInfRow) this.firstInfRow = row;
        this.nums[this.n++] = NaN;
        return;
      }
      this.firstText = { row, value: s };
      this.toText();
    }
    this.codes![this.n++] = isMissingText(s) ? -1 : this.code(s);
  }

  finish(): { column: RawColumn; warnings: string[] } {
    const warnings: string[] = [];
    const name = this.name;
    if (this.num) {
      const values = this.nums.slice(0, this.n);
      this.nums = new Float64Array(0);
      let count = 0;
      for (let i = 0; i < values.length; i++) if (values[i] === values[i]) count++;
      if (this.infCount)
        warnings.push(
          `Column "${name}" has ${this.infCount} infinite value${this.infCount > 1 ? 's' : ''} (first at row ${this.firstInfRow}); they are treated as missing.`,
        );
      if (count === 0 && this.infCount === 0) {
        warnings.push(`Column "${name}" is empty (every value is missing).`);
        return { column: { name, type: 'text', inferredType: 'text', data: { kind: 'dict', codes: new Int32Array(values.length).fill(-1), categories: [] } }, warnings };
      }
      const type = inferNumericType(values);
      return { column: { name, type, inferredType: type, data: { kind: 'float64', values } }, warnings };
    }
    const codes = this.codes!.slice(0, this.n);
    this.codes = null;
    const cats = this.cats;
    this.dict = new Map();
    let nonMissing = 0;
    for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) nonMissing++;
    const type = inferDictType(cats, nonMissing);
    const raw: RawColumn = { name, type: 'text', inferredType: 'text', data: { kind: 'dict', codes, categories: cats } };
    let data: ColumnData = raw.data;
    if (type === 'boolean' || type === 'date' || type === 'datetime') data = convertColumn(raw, type, { decimalComma: this.decimalComma });
    if ((type === 'text' || type === 'category') && this.firstText && numericShare(codes, cats, this.decimalComma) >= 0.9)
      warnings.push(
        `Column "${name}" is mostly numbers but row ${this.firstText.row} has "${this.firstText.value.slice(0, 40)}", so it is read as ${type}. ` +
          `Fix that value, or set the column's type to number to treat such values as missing.`,
      );
    return { column: { name, type, inferredType: type, data }, warnings };
  }
}

// ---- the parser ----

export interface ParseOptions {
  /** File name shown to the user and stored with the dataset. */
  name: string;
  /** Byte size when known before reading (File.size, fs.stat): over MAX_FILE_BYTES is refused up front. */
  size?: number;
  /** Overrides of the sniffed format. */
  delimiter?: string;
  header?: boolean;
  decimalComma?: boolean;
  /** Called after each chunk with bytes read so far. */
  onProgress?: (bytesRead: number, size: number | undefined) => void;
  /** Checked between chunks; when set, parsing stops with a DataError. */
  signal?: { readonly aborted: boolean };
  /** Lower size limit, e.g. for tests (defaults to MAX_FILE_BYTES). */
  maxBytes?: number;
}

/**
 * Parses, types and profiles a CSV streamed as byte chunks. Throws DataError (and nothing else) on
 * any unusable input; the message says what and where.
 */
export async function parseCsv(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: ParseOptions): Promise<Dataset> {
  try {
    return await parseCsvInner(source, opts);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`Could not read "${opts.name}": ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function parseCsvInner(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: ParseOptions): Promise<Dataset> {
  const maxBytes = opts.maxBytes ?? MAX_FILE_BYTES;
  if (opts.size !== undefined && opts.size > maxBytes)
    throw new DataError(tooLargeMessage(`"${opts.name}"`, opts.size, maxBytes));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const hasher = new Fnv1a64();
  let bytesRead = 0;
  let linesBefore = 0; // newlines in text decoded so far (for encoding-error positions)
  let prevTail = new Uint8Array(0);
  let bom = false;
  let sample = '';
  let format: CsvFormat | null = null;
  let tok: CsvTokenizer | null = null;

  // row handling state
  let names: string[] | null = null;
  let charsPerLine = 0;
  let builders: ColumnBuilder[] = [];
  let ncol = 0;
  let rows = 0;
  let blank = 0;
  const preview: string[][] = [];
  const warnings: string[] = [];

  const setupColumns = (fields: string[], header: boolean): void => {
    ncol = fields.length;
    if (ncol > MAX_COLUMNS) throw new DataError(`The file has ${ncol} columns; at most ${MAX_COLUMNS} are supported.`);
    const used = new Set<string>();
    names = fields.map((f, i) => {
      let nm = header ? f.trim() : '';
      if (!nm) {
        nm = `column_${i + 1}`;
        if (header) warnings.push(`Column ${i + 1} has no name in the header; it is called "${nm}".`);
      }
      if (used.has(nm)) {
        const firstIdx = fields.findIndex((g) => g.trim() === nm);
        let k = 2;
        while (used.has(`${nm}_${k}`)) k++;
        warnings.push(`Columns ${firstIdx + 1} and ${i + 1} are both named "${nm}"; column ${i + 1} is renamed "${nm}_${k}".`);
        nm = `${nm}_${k}`;
      }
      if (nm.length > MAX_COLUMN_NAME_CHARS)
        throw new DataError(
          `Column ${i + 1}'s name is ${nm.length.toLocaleString('en-US')} characters long (it starts "${nm.slice(0, 40)}…"); ` +
            `column names can have at most ${MAX_COLUMN_NAME_CHARS} characters. Shorten it in the header row.`,
          { column: `column ${i + 1}` },
        );
      used.add(nm);
      return nm;
    });
    const cap = opts.size && charsPerLine > 0 ? Math.min(1 << 23, Math.max(1024, Math.ceil((opts.size / charsPerLine) * 1.05) + 16)) : 1024;
    builders = names.map((nm) => new ColumnBuilder(nm, format!.decimalComma, cap));
  };

  const onRow = (fields: string[], line: number, quoted: boolean): void => {
    if (!quoted && fields.length === 1 && fields[0]!.trim() === '' && (names === null || ncol > 1 || fields[0] === '')) {
      blank++;
      return;
    }
    if (names === null) {
      setupColumns(fields, format!.header);
      if (format!.header) return;
    }
    const nm = names!;
    const row = rows + 1;
    if (fields.length !== ncol) {
      if (fields.length < ncol) {
        const missing = nm.slice(fields.length);
        throw new DataError(
          `Row ${row} (line ${line}) has ${fields.length} field${fields.length === 1 ? '' : 's'} but the header has ${ncol} ` +
            `(column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing).`,
          { row, line, column: missing[0]! },
        );
      }
      let extraNonEmpty = false;
      for (let k = ncol; k < fields.length; k++) if (fields[k]!.trim() !== '') extraNonEmpty = true;
      if (extraNonEmpty) {
        const extra = fields[ncol]!;
        const dl = format!.delimiter === '\t' ? 'tab' : `"${format!.delimiter}"`;
        throw new DataError(
          `Row ${row} (line ${line}) has ${fields.length} fields but the header has ${ncol}: an extra value "${extra.slice(0, 40)}" ` +
            `after column "${nm[ncol - 1]}" (a value containing ${dl} must be quoted).`,
          { row, line, column: nm[ncol - 1]! },
        );
      }
    }
    rows = row;
    for (let c = 0; c < ncol; c++) builders[c]!.push(fields[c]!, row);
    if (preview.length < PREVIEW_ROWS) preview.push(fields.slice(0, ncol));
  };

  const startTokenizer = (atEof: boolean): void => {
    let nl = 0;
    for (let k = sample.indexOf('\n'); k >= 0; k = sample.indexOf('\n', k + 1)) nl++;
    charsPerLine = sample.length / Math.max(1, nl);
    const sniffed = sniffCsv(sample, atEof);
    format = {
      delimiter: opts.delimiter ?? sniffed.delimiter,
      header: opts.header ?? sniffed.header,
      decimalComma: opts.decimalComma ?? sniffed.decimalComma,
      bom,
    };
    tok = new CsvTokenizer(format.delimiter.charCodeAt(0), onRow);
    const s = sample;
    sample = '';
    tok.push(s);
  };

  const feed = (text: string, atEof: boolean): void => {
    if (text.length === 0 && !atEof) return;
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) linesBefore++;
    if (tok) tok.push(text);
    else {
      sample += text;
      if (sample.length >= SNIFF_CHARS || atEof) startTokenizer(atEof);
    }
  };

  const decode = (chunk: Uint8Array, final: boolean): string => {
    try {
      return final ? decoder.decode(chunk) : decoder.decode(chunk, { stream: true });
    } catch {
      const joined = new Uint8Array(prevTail.length + chunk.length);
      joined.set(prevTail);
      joined.set(chunk, prevTail.length);
      let start = 0;
      while (start < prevTail.length && (joined[start]! & 0xc0) === 0x80) start++;
      let idx = findInvalidUtf8(joined.subarray(start), true);
      idx = idx < 0 ? joined.length - 1 : idx + start;
      const offset = bytesRead - chunk.length - prevTail.length + idx;
      let line = linesBefore + 1;
      for (let k = prevTail.length; k < idx; k++) if (joined[k] === LF) line++;
      const byte = joined[idx] ?? 0;
      throw new DataError(
        `The file is not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at offset ${offset} (line ${line}). ` +
          `It may be Latin-1/Windows-1252; save it as UTF-8 and import it again.`,
        { offset, line },
      );
    }
  };

  const HEAD = 8192;
  let head: Uint8Array[] | null = [];
  let headLen = 0;
  const consume = (chunk: Uint8Array): void => {
    feed(decode(chunk, false), false);
    prevTail = chunk.subarray(Math.max(0, chunk.length - 3)).slice();
  };
  const flushHead = (): void => {
    if (!head) return;
    const all = new Uint8Array(headLen);
    let o = 0;
    for (const c of head) {
      all.set(c, o);
      o += c.length;
    }
    head = null;
    if (all.length === 0) return;
    checkMagic(all);
    bom = all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf;
    consume(all);
  };
  for await (const raw of source as AsyncIterable<Uint8Array>) {
    if (opts.signal?.aborted) throw new DataError(`Import of "${opts.name}" was cancelled.`);
    const chunk = raw instanceof Uint8Array ? raw : new Uint8Array(raw as ArrayBuffer);
    if (chunk.length === 0) continue;
    bytesRead += chunk.length;
    if (bytesRead > maxBytes)
      throw new DataError(tooLargeMessage(`"${opts.name}"`, maxBytes, maxBytes, { atLeast: true }));
    hasher.update(chunk);
    if (head) {
      head.push(chunk.slice());
      headLen += chunk.length;
      if (headLen >= HEAD) flushHead();
    } else consume(chunk);
    opts.onProgress?.(bytesRead, opts.size);
  }
  flushHead();
  if (bytesRead === 0) throw new DataError(`"${opts.name}" is empty.`);
  feed(decode(new Uint8Array(0), true), true);
  if (!tok) startTokenizer(true);
  const t = tok as unknown as CsvTokenizer;
  if (t.inQuotes) {
    const col = names ? (names as string[])[t.fieldIndex] ?? `column ${t.fieldIndex + 1}` : `column ${t.fieldIndex + 1}`;
    throw new DataError(
      `Row ${rows + 1} (line ${t.currentLine}), column "${col}": a quoted value opened on line ${t.openQuoteLine} is never closed (unterminated quote).`,
      { row: rows + 1, line: t.currentLine, column: col },
    );
  }
  t.end();
  if (names === null) throw new DataError(`"${opts.name}" has no rows (only blank lines).`);
  if (rows === 0) throw new DataError(`"${opts.name}" has a header row but no data rows.`);
  if (blank > 0) warnings.push(`Skipped ${blank} blank line${blank > 1 ? 's' : ''}.`);
  const fmt = format as unknown as CsvFormat;
  const columns: Column[] = builders.map((b) => {
    const { column, warnings: w } = b.finish();
    return { ...column, profile: profileColumn(column, w) };
  });
  return {
    // the dataset's name follows the one name rule (the file name itself is kept in source.name)
    name: cleanName(opts.name, 'data.csv'),
    rowCount: rows,
    columns,
    format: fmt,
    source: { name: opts.name, size: bytesRead, hash: hasher.hex() },
    preview,
    warnings,
  };
}

/** Splits bytes into chunks (for tests and for text already in memory). */
export function* chunksOf(bytes: Uint8Array, size = 64 * 1024): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

/** The part of a WHATWG ReadableStream (e.g. `File.stream()`) this module reads. */
export interface ByteStreamLike {
  getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; releaseLock(): void };
}

/** Async chunks from a ReadableStream, for runtimes where streams are not async-iterable yet. */
export async function* streamChunks(stream: ByteStreamLike): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Parses CSV text already in memory (pasted text, tests). */
export function parseCsvText(text: string, opts: Partial<ParseOptions> = {}): Promise<Dataset> {
  const bytes = new TextEncoder().encode(text);
  return parseCsv(chunksOf(bytes), { name: 'data.csv', size: bytes.length, ...opts });
}

export { BOOL_MISSING };
