/**
 * Transport-independent dispatch: validate a call against the contract, run the plain handler,
 * and turn every outcome into the wire envelope. Both hosts call this and nothing else.
 */
import { ApiError, type ApiResponse } from './errors';
import { capMessage, echo, echoPath, MAX_NESTING, valueNestingExceeds } from './common';
import { contract, isMethodName, type MethodName, type Parsed, type Result } from './contract';
import type { ApiEvents, EventName } from './events';

export interface HandlerContext {
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void;
}

export type Handlers = {
  [M in MethodName]: (args: Parsed<M>, ctx: HandlerContext) => Result<M> | Promise<Result<M>>;
};

function describeIssue(issue: { path: PropertyKey[]; message: string }): { path: string; message: string } {
  const path = echoPath(issue.path);
  // zod quotes some values in its messages (e.g. an unrecognized key): cut them
  const message = capMessage(issue.message, 300);
  return { path, message: path ? `"${path}" ${message}` : message };
}

export async function dispatch(
  handlers: Handlers,
  method: unknown,
  rawArgs: unknown,
  ctx: HandlerContext,
  onInternalError: (err: unknown) => void = () => {},
): Promise<ApiResponse<unknown>> {
  if (!isMethodName(method)) {
    const shown = typeof method === 'string' ? echo(method) : typeof method;
    return { ok: false, error: { code: 'unknown_method', message: `Unknown API method ${shown}` } };
  }
  const spec = contract[method];
  // validation and handlers recurse: refuse absurd nesting before it overflows the stack
  if (valueNestingExceeds(rawArgs))
    return { ok: false, error: { code: 'bad_request', message: `${method}: the arguments are nested more than ${MAX_NESTING} levels deep` } };
  const parsed = spec.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const d = first ? describeIssue(first) : { path: '', message: 'invalid arguments' };
    return {
      ok: false,
      error: { code: 'bad_request', message: capMessage(`${method}: ${d.message}`), ...(d.path ? { path: d.path } : {}) },
    };
  }
  try {
    const handler = handlers[method] as (a: unknown, c: HandlerContext) => unknown;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof ApiError) {
      const shape = err.toJSON();
      return { ok: false, error: { ...shape, message: capMessage(shape.message) } };
    }
    onInternalError(err);
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'internal', message: capMessage(`${method} failed: ${message}`) } };
  }
}
