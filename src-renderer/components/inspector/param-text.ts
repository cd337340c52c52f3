/** Text ⇄ param values for the inspector's typed fields, validated with the registry's own checks. */
import { checkParam } from '@shared/layers/params';
import type { ParamSpec } from '@shared/layers/types';

export function formatValue(spec: ParamSpec, v: unknown): string {
  if (spec.type === 'shape') return Array.isArray(v) ? v.join(', ') : '';
  if (v === undefined || v === null) return '';
  return String(v);
}

export type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

/** Parses what was typed into a field; the reason says what is wrong and what is allowed. */
export function parseValue(spec: ParamSpec, text: string): Parsed {
  const t = text.trim();
  let value: unknown;
  switch (spec.type) {
    case 'number':
    case 'integer': {
      if (t === '') return { ok: false, reason: `${spec.label} must be a number${rangeHint(spec)}.` };
      value = Number(t);
      if (!Number.isFinite(value)) return { ok: false, reason: `${spec.label} must be a number${rangeHint(spec)}.` };
      break;
    }
    case 'shape': {
      const parts = t.replace(/^\[|\]$/g, '').split(/[\s,×x]+/).filter(Boolean);
      if (parts.length === 0) return { ok: false, reason: `${spec.label} must be a list of whole numbers, e.g. 30, 6.` };
      const dims = parts.map(Number);
      if (dims.some((d) => !Number.isInteger(d))) return { ok: false, reason: `${spec.label} must be a list of whole numbers, e.g. 30, 6.` };
      value = dims;
      break;
    }
    default:
      value = text;
  }
  const problem = checkParam(spec, value);
  return problem ? { ok: false, reason: `${problem}.` } : { ok: true, value };
}

function rangeHint(spec: ParamSpec): string {
  const lo = spec.min === undefined ? '' : spec.minExclusive ? `greater than ${spec.min}` : `at least ${spec.min}`;
  const hi = spec.max === undefined ? '' : spec.maxExclusive ? `less than ${spec.max}` : `at most ${spec.max}`;
  const r = [lo, hi].filter(Boolean).join(' and ');
  return r ? ` (${r})` : '';
}
