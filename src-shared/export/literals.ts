/**
 * Data literals in generated code: every string goes through jsString/pyString and every number through
 * tsNumber/pyNumber (NaN, ±Infinity and -0 keep their value and stay valid code).
 */
import { jsString, pyNumber, pyString, tsNumber } from '../compiler/sanitize';

/** A TypeScript literal for JSON-like data (objects, arrays, strings, numbers, booleans, null). */
export function tsLiteral(v: unknown, indent = ''): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsString(v);
  if (typeof v === 'number') return tsNumber(v);
  if (typeof v === 'boolean') return String(v);
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => typeof x === 'number')) return `[${v.map((x) => tsNumber(x as number)).join(', ')}]`;
    return `[\n${v.map((x) => inner + tsLiteral(x, inner)).join(',\n')},\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  const key = (k: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : jsString(k));
  return `{ ${entries.map(([k, x]) => `${key(k)}: ${tsLiteral(x, inner)}`).join(', ')} }`;
}

/** A Python literal for the same data (None, True/False). */
export function pyLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return pyString(v);
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => `${pyString(k)}: ${pyLiteral(x)}`)
    .join(', ')}}`;
}
