/**
 * Reading JSON columns without trusting them. A value written by an older version, edited by hand or
 * damaged on disk must not break a whole list: readers get the value, or null and a reason to report.
 */
import type { z } from 'zod';

export interface StoredRead<T> {
  value: T | null;
  /** Why the stored value could not be used (it is then null). */
  problem?: string;
}

/** Parses a JSON column; null stays null. */
export function readJson(text: string | null, what: string): StoredRead<unknown> {
  if (text === null) return { value: null };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { value: null, problem: `${what} is not valid JSON (${e instanceof Error ? e.message.slice(0, 80) : 'unreadable'})` };
  }
}

/** Parses a JSON column and checks it against the schema it was written with. */
export function readStored<S extends z.ZodType>(text: string | null, schema: S, what: string): StoredRead<z.output<S>> {
  const raw = readJson(text, what);
  if (raw.problem || raw.value === null) return raw as StoredRead<z.output<S>>;
  const r = schema.safeParse(raw.value);
  if (r.success) return { value: r.data };
  const i = r.error.issues[0];
  const where = i && i.path.length ? ` at ${i.path.map(String).join('.').slice(0, 80)}` : '';
  return { value: null, problem: `${what} does not have the expected form${where}: ${i?.message.slice(0, 120) ?? 'invalid'}` };
}

/** Joins the problems of one row into the message reported with it, or undefined when there are none. */
export function damagedNote(...problems: (string | undefined)[]): { damaged?: string } {
  const p = problems.filter((x): x is string => Boolean(x));
  return p.length ? { damaged: `Stored data of this row could not be read and is left out: ${p.join('; ')}.` } : {};
}
