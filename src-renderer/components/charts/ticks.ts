/**
 * Tick rules for the charts' axes (pure, so they are tested without a canvas).
 * An epoch or step axis only ever shows whole numbers; ticks are spaced 1, 2, 5, 10, 20, 50… apart, the
 * smallest step that keeps them at most `maxTicks` on the axis.
 */

const STEPS = [1, 2, 5];

/** The smallest whole step from 1, 2, 5, 10, 20, 50… that fits (max − min) into at most maxTicks ticks. */
export function integerStep(min: number, max: number, maxTicks: number): number {
  const span = Math.max(0, max - min);
  const ticks = Math.max(1, Math.floor(maxTicks));
  for (let decade = 1; ; decade *= 10) {
    for (const s of STEPS) {
      const step = s * decade;
      if (Math.floor(span / step) + 1 <= ticks) return step;
    }
  }
}

/** Whole-number ticks inside [min, max], on multiples of integerStep (and never a fraction such as 1.5). */
export function integerTicks(min: number, max: number, maxTicks: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const step = integerStep(min, max, maxTicks);
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(v);
  return out;
}

/** How many ticks fit along an axis of `px` pixels when each wants about `spacing` px. */
export function ticksThatFit(px: number, spacing = 60): number {
  return Math.max(2, Math.floor(px / spacing));
}

/**
 * The text of the point at or before `v` on an x axis whose points (ascending `x`) carry their own labels
 * (dates): what a tick or the cursor at `v` shows. '' outside the data or when the arrays do not match.
 */
export function labelAt(x: readonly number[], text: readonly string[], v: number): string {
  if (x.length === 0 || x.length !== text.length || !(v >= x[0]! - 1e-9)) return '';
  let lo = 0;
  let hi = x.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (x[mid]! <= v + 1e-9) lo = mid;
    else hi = mid - 1;
  }
  return text[lo]!;
}
