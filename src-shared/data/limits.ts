/**
 * Size limits of a CSV import, in one place, and how they relate.
 *
 * The promise: Layerloom imports CSV files up to MAX_CSV_BYTES (200 MiB), in the desktop app and the
 * browser version alike. Why that number:
 *   - A CSV becomes one typed column per CSV column (src-shared/data/column.ts): float64 (8 bytes),
 *     dictionary code (4) or bool (1) per value. Every value takes at least one byte of the file (its
 *     delimiter or line end), and a one-column file at least two (blank lines are skipped), so the
 *     encoded columns are at most MAX_EXPANSION = 8× the file and one column at most
 *     MAX_COLUMN_EXPANSION = 4× the file. (Typical numeric files: about 2.8×.)
 *   - Each column is one SQLite blob, and SQLite refuses values over SQLITE_MAX_BLOB_BYTES (1e9, the
 *     SQLITE_MAX_LENGTH better-sqlite3 is built with): 4 × 200 MiB = 800 MiB fits; 2 GB did not.
 *   - The columns travel in chunks of CHUNK_BYTES (8 MiB), both ways: to the service well under the
 *     web host's request body limit (MAX_BODY_BYTES, 256 MiB, after base64 and the JSON envelope), and
 *     back without building one response string over V8's limit (~512 MiB of base64 ≈ 384 MiB of
 *     columns, which a 200 MB CSV can exceed). Small enough to report progress. Datasets up to
 *     INLINE_BYTES may still go in one `datasets.create` / `datasets.load`.
 *   - The service stages an upload's chunks in memory until `datasets.create` stores them in one
 *     transaction, at most MAX_STAGED_BYTES in all (one largest upload), dropped after UPLOAD_IDLE_MS
 *     without a chunk.
 * A test (src-main/services/uploads.test.ts) asserts these relations against the web host's limit.
 */

export const MiB = 1024 * 1024;

/** Bytes per stored value of each column kind (src-shared/data/column.ts): the source of the expansion bounds. */
export const BYTES_PER_VALUE = { float64: 8, dict: 4, bool: 1 } as const;

/** Bytes each column's blob has, from a dataset's meta. */
export function blobSizes(meta: { columns: readonly { kind: keyof typeof BYTES_PER_VALUE; length: number }[] }): number[] {
  return meta.columns.map((c) => c.length * BYTES_PER_VALUE[c.kind]);
}

/** The advertised limit: largest CSV file Layerloom imports. */
export const MAX_CSV_BYTES = 200 * MiB;
/** Encoded column bytes per CSV byte, at most (all columns together / one column). */
export const MAX_EXPANSION = 8;
export const MAX_COLUMN_EXPANSION = 4;
/** SQLite's largest value (SQLITE_MAX_LENGTH in better-sqlite3's build): the largest column blob. */
export const SQLITE_MAX_BLOB_BYTES = 1_000_000_000;
/** Largest encoded dataset (sum of column blobs) an upload may announce: any CSV within MAX_CSV_BYTES fits. */
export const MAX_UPLOAD_BYTES = MAX_CSV_BYTES * MAX_EXPANSION;
/** Size of every upload chunk but the last. */
export const CHUNK_BYTES = 8 * MiB;
/** Largest dataset sent inline in `datasets.create` (bigger ones go through the chunked upload). */
export const INLINE_BYTES = CHUNK_BYTES;
/** Most bytes staged (uploads begun but not yet stored) at any time. */
export const MAX_STAGED_BYTES = MAX_UPLOAD_BYTES;
/** An upload with no chunk for this long is dropped. */
export const UPLOAD_IDLE_MS = 10 * 60_000;
/** Room for the JSON around a chunk's base64 (method args, upload id, index). */
export const ENVELOPE_BYTES = 4096;

/** Bytes of the web request that carries `n` payload bytes: base64 (4 per 3) plus the JSON envelope. */
export function wireBytes(n: number): number {
  return Math.ceil(n / 3) * 4 + ENVELOPE_BYTES;
}

/** The limits a service enforces; tests inject small ones. Each must not exceed its default. */
export interface UploadLimits {
  maxCsvBytes: number;
  maxUploadBytes: number;
  chunkBytes: number;
  inlineBytes: number;
  maxStagedBytes: number;
  idleMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxCsvBytes: MAX_CSV_BYTES,
  maxUploadBytes: MAX_UPLOAD_BYTES,
  chunkBytes: CHUNK_BYTES,
  inlineBytes: INLINE_BYTES,
  maxStagedBytes: MAX_STAGED_BYTES,
  idleMs: UPLOAD_IDLE_MS,
};

/** "200 MB", "1.6 GB", "512 bytes": binary units, as file managers show them. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < MiB) return `${trim(n / 1024)} KB`;
  if (n < 1024 * MiB) return `${trim(n / MiB)} MB`;
  return `${trim(n / 1024 / MiB)} GB`;
}
const trim = (x: number): string => (x >= 100 ? Math.round(x).toString() : x.toFixed(1).replace(/\.0$/, ''));

/**
 * The one wording for "over the limit", used by the UI, the parser and the service. atLeast: `size` is
 * what was read so far; advice: what the user can do (none for protocol errors).
 */
export function tooLargeMessage(what: string, size: number, limit: number, opts: { atLeast?: boolean; advice?: string } = {}): string {
  // Just over the limit, the rounded sizes would read the same: then both in bytes.
  const exact = !opts.atLeast && formatBytes(size) === formatBytes(limit);
  const [s, l] = exact ? [`${size} bytes`, `${limit} bytes`] : [formatBytes(size), formatBytes(limit)];
  const advice = opts.advice ?? 'Split the file or sample it first.';
  return `${what} is ${opts.atLeast ? 'more than ' : ''}${s}: too large (limit ${l}).${advice ? ` ${advice}` : ''}`;
}

/** Why a file cannot be imported, known from its size alone before reading it; null when it may be. */
export function csvSizeError(name: string, size: number, limit: number = MAX_CSV_BYTES): string | null {
  return size > limit ? tooLargeMessage(`"${name}"`, size, limit) : null;
}
