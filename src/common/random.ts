import { randomBytes } from "node:crypto";

/** Injected randomness: returns `n` fresh bytes. */
export type RandomSource = (n: number) => Uint8Array;

export const systemRandom: RandomSource = (n) => randomBytes(n);

/**
 * Deterministic source that yields 00 01 02 ... ff 00 01 ... continuously across calls
 * (the counter RNG used to make the deterministic protected-files vectors).
 */
export function counterRandom(start = 0): RandomSource {
  let next = start & 0xff;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = next;
      next = (next + 1) & 0xff;
    }
    return out;
  };
}

/** Seeded xorshift32 PRNG for reproducible fuzzing and synthetic data (not for keys). */
export function seededRandom(seed: number): RandomSource & { nextU32(): number } {
  let s = seed >>> 0 || 0x9e3779b9;
  const nextU32 = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const fn = ((n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = nextU32() & 0xff;
    return out;
  }) as RandomSource & { nextU32(): number };
  fn.nextU32 = nextU32;
  return fn;
}
