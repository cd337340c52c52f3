/** The one error type the data core throws: what went wrong and where (1-based data row, column name). */
export class DataError extends Error {
  /** 1-based data row (the header is not counted), when the problem is in one row. */
  readonly row?: number;
  /** Column name (or `column N` when the file has no usable header). */
  readonly column?: string;
  /** 1-based physical line in the file, when known (differs from row by the header and quoted newlines). */
  readonly line?: number;
  /** Byte offset in the file, for encoding problems. */
  readonly offset?: number;
  constructor(message: string, where: { row?: number; column?: string; line?: number; offset?: number } = {}) {
    super(message);
    this.name = 'DataError';
    if (where.row !== undefined) this.row = where.row;
    if (where.column !== undefined) this.column = where.column;
    if (where.line !== undefined) this.line = where.line;
    if (where.offset !== undefined) this.offset = where.offset;
  }
  toJSON(): { message: string; row?: number; column?: string; line?: number; offset?: number } {
    const o: { message: string; row?: number; column?: string; line?: number; offset?: number } = { message: this.message };
    if (this.row !== undefined) o.row = this.row;
    if (this.column !== undefined) o.column = this.column;
    if (this.line !== undefined) o.line = this.line;
    if (this.offset !== undefined) o.offset = this.offset;
    return o;
  }
}

export function isDataError(e: unknown): e is DataError {
  return e instanceof DataError;
}
