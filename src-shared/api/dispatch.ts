/**
 * Transport-independent dispatch: validate a call against the contract, run the plain handler,
 * and turn every outcome into the wire envelope. Both hosts call this and nothing else.
 */
import { ApiError, type ApiResponse } from './errors';
import { contract, isMethodName, type MethodName, type Parsed, type Result } from './contract';
import type { ApiEvents, EventName } from './events';

export interface HandlerContext {
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void;
}

export type Handlers = {
  [M in MethodName]: (args: Parsed<M>, ctx: HandlerContext) => Result<M> | Promise<Result<M>>;
};

function describeIssue(issue: { path: PropertyKey[]; message: string }): { path: string; message: string } {
  const path = issue.path.map(String).join('.');
  return { path, message: path ? `"${path}" ${issue.message}` : issue.message };
}

export async function dispatch(
  handlers: Handlers,
  method: unknown,
  rawArgs: unknown,
  ctx: HandlerContext,
  onInternalError: (err: unknown) => void = () => {},
): Promise<ApiResponse<unknown>> {
  if (!isMethodName(method)) {
    const shown = typeof method === 'string' ? method.slice(0, 80) : typeof method;
    return { ok: false, error: { code: 'unknown_method', message: `Unknown API method "${shown}"` } };
  }
  const spec = contract[method];
  const parsed = spec.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const d = first ? describeIssue(first) : { path: '', message: 'invalid arguments' };
    return {
      ok: false,
      error: { code: 'bad_request', message: `${method}: ${d.message}`, ...(d.path ? { path: d.path } : {}) },
    };
  }
  try {
    const handler = handlers[method] as (a: unknown, c: HandlerContext) => unknown;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err.toJSON() };
    onInternalError(err);
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'internal', message: `${method} failed: ${message}` } };
  }
}
