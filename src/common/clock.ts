/** Injected time source. Libraries take a Clock; only entry points use `systemClock`. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** A clock fixed at `ms` (tests, and verification "as of" a given time). */
export function fixedClock(ms: number): Clock {
  return Object.freeze({ now: () => ms });
}
