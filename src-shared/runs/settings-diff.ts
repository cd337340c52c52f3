/**
 * Flat differences between settings-like JSON objects (training settings, data preparation): nested
 * objects become dotted paths (`earlyStopping.patience`); arrays and other values are compared whole.
 */

export type Flat = Map<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{a: {b: 1}, c: [1, 2]}` → `a.b → 1`, `c → [1, 2]`. Undefined values are left out. */
export function flatten(value: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    if (!keys.length && prefix) out.set(prefix, {});
    for (const k of keys) if (value[k] !== undefined) flatten(value[k], prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) out.set(prefix || '(value)', value);
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export interface SettingChange {
  path: string;
  /** undefined = absent on that side. */
  before: unknown;
  after: unknown;
}

/** Paths whose values differ between a and b, in path order. */
export function diffSettings(a: unknown, b: unknown): SettingChange[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  return paths.filter((p) => !same(fa.get(p), fb.get(p))).map((path) => ({ path, before: fa.get(path), after: fb.get(path) }));
}

export interface VaryingSetting {
  path: string;
  /** One value per object, in the order given (undefined = absent). */
  values: unknown[];
}

/** Paths whose value is not the same in every object (for a table of 2–10 runs). */
export function varyingSettings(objects: readonly unknown[]): VaryingSetting[] {
  const flats = objects.map((o) => flatten(o));
  const paths = [...new Set(flats.flatMap((f) => [...f.keys()]))].sort();
  const out: VaryingSetting[] = [];
  for (const path of paths) {
    const values = flats.map((f) => f.get(path));
    if (values.some((v) => !same(v, values[0]))) out.push({ path, values });
  }
  return out;
}

/** Short text for a setting value in a table cell. */
export function formatSettingValue(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return JSON.stringify(v);
}
