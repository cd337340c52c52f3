/** Small helpers on shapes used by the layer definitions. */
import type { InferResult, Shape } from './types';

export function fmtShape(s: Shape | null | undefined): string {
  return s ? `[${s.map((d) => (d === null ? 'null' : String(d))).join(', ')}]` : '?';
}

export function ok(shape: Shape, warning?: { code: string; message: string }): InferResult {
  return warning ? { ok: true, shape, warning } : { ok: true, shape };
}
export function fail(code: string, message: string): InferResult {
  return { ok: false, code, message };
}

const RANK_WORDS: Record<number, string> = { 2: 'a vector per sample [batch, features]', 3: 'a sequence [batch, time, features]' };
export function rankWord(rank: number): string {
  return RANK_WORDS[rank] ?? `a rank-${rank} tensor`;
}

/** Common rank check: returns a failing InferResult or null. */
export function needRank(input: Shape | undefined, min: number, max: number, fix: string): InferResult | null {
  if (!input) return fail('missing-input', 'has no input');
  if (input.length < min || input.length > max)
    return fail('rank-mismatch', `expects ${min === max ? rankWord(min) : `rank ${min}–${max}`} but receives ${rankWord(input.length)} ${fmtShape(input)}. ${fix}`);
  return null;
}

export function last(s: Shape): number | null {
  return s[s.length - 1] ?? null;
}

/** Product of the non-batch dims, or null when any is unknown. */
export function product(s: Shape, from = 1): number | null {
  let p = 1;
  for (let i = from; i < s.length; i++) {
    const d = s[i];
    if (d === null || d === undefined) return null;
    p *= d;
  }
  return p;
}
