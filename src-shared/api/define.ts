/**
 * Building blocks of the API contract. A method is a name, an argument schema (validated on the
 * service side for every call, whatever the transport) and a phantom result type. Areas of the app
 * (projects, datasets, runs…) each declare their methods in one file; `contract.ts` merges them.
 */
import type { z } from 'zod';

export interface MethodSpec<S extends z.ZodType = z.ZodType, R = unknown> {
  /** Schema of the single argument object. */
  readonly args: S;
  /** One line for docs and error messages. */
  readonly summary: string;
  /** Phantom: never set at run time, carries the result type. */
  readonly __result?: R;
}

/** `method<Result>()(argsSchema, 'summary')` — the result type is given, the args type inferred. */
export function method<R>() {
  return <S extends z.ZodType>(args: S, summary: string): MethodSpec<S, R> => ({ args, summary });
}

export type MethodArgs<M extends MethodSpec> = z.input<M['args']>;
export type ParsedArgs<M extends MethodSpec> = z.output<M['args']>;
export type MethodResult<M extends MethodSpec> = M extends MethodSpec<z.ZodType, infer R> ? R : never;
