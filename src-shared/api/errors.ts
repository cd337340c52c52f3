/** Typed errors that cross the API boundary. Every failure a caller can see has one of these codes. */
export const API_ERROR_CODES = [
  'bad_request', // arguments failed validation; nothing was changed
  'unknown_method',
  'not_found',
  'conflict', // e.g. a name already taken
  'unauthorized', // no valid token or session, or a foreign Origin
  'too_large', // the request body is over the host's limit; nothing was changed
  'storage', // the database could not be read or written
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
  /** Where the problem is: an argument path such as "name" or "nodes.3.params.units". */
  path?: string;
}

export class ApiError extends Error implements ApiErrorShape {
  readonly code: ApiErrorCode;
  readonly path?: string;
  constructor(code: ApiErrorCode, message: string, path?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (path !== undefined) this.path = path;
  }
  toJSON(): ApiErrorShape {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }
  static from(shape: unknown): ApiError {
    if (shape && typeof shape === 'object' && 'code' in shape && 'message' in shape) {
      const s = shape as ApiErrorShape;
      const code = (API_ERROR_CODES as readonly string[]).includes(s.code) ? s.code : 'internal';
      return new ApiError(code, String(s.message), typeof s.path === 'string' ? s.path : undefined);
    }
    return new ApiError('internal', 'Malformed error from the service');
  }
}

/** Wire envelope used by both transports. */
export type ApiResponse<R> = { ok: true; value: R } | { ok: false; error: ApiErrorShape };
