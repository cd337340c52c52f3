/**
 * Checking what crosses a worker boundary, as the API checks its calls: every message is validated on
 * receipt against its direction's zod schema, and a malformed one becomes an error that names the field,
 * instead of undefined behaviour further on. A valid message is used as sent (the check never rewrites
 * it: the typed arrays and documents stay the objects the other side posted).
 */
import { z } from 'zod';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** "what: field.path: problem" for the first issue (the field path is "(message)" for the whole message). */
export function describeIssues(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${what}: invalid message`;
  const path = issue.path.map(String).join('.') || '(message)';
  return `${what}: ${path}: ${issue.message}`;
}

export function checkMessage<T>(schema: z.ZodType<T>, data: unknown, what: string): Checked<T> {
  const r = schema.safeParse(data);
  return r.success ? { ok: true, value: data as T } : { ok: false, error: describeIssues(what, r.error) };
}

/** Any number, NaN and ±Infinity included (a diverging loss is a fact to report, not a malformed message). */
export const anyNumber = z.custom<number>((v) => typeof v === 'number', 'must be a number');
export const count = z.number().int().min(0);
export const typedArray = <T>(ctor: abstract new (...args: never[]) => T, name: string): z.ZodType<T> =>
  z.custom<T>((v) => v instanceof ctor, `must be a ${name}`);
