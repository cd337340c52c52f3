/**
 * Seeded randomness for training. tfjs initializers and dropout draw their seeds from Math.random when
 * none is given, so running a synchronous section with Math.random replaced by a seeded PRNG makes the
 * initial weights and the dropout masks reproducible (same seed + data + backend → same loss curve).
 */
import { mulberry32 } from '../data/prepare';

export type Rng = () => number;

export function seededRng(seed: number): Rng {
  return mulberry32(seed);
}

/** Runs `fn` (synchronous) with Math.random drawn from `rng`; restores Math.random afterwards. */
export function withRandom<T>(rng: Rng | undefined, fn: () => T): T {
  if (!rng) return fn();
  const original = Math.random;
  Math.random = rng;
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

/** Fisher–Yates shuffle in place with the given generator. */
export function shuffleInPlace(a: Int32Array, rng: Rng): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}
