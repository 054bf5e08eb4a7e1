import { timingSafeEqual } from "node:crypto";

/**
 * Constant-time comparison for MACs, hashes and secrets. Different lengths compare unequal
 * (the length itself is not secret for any caller).
 */
export function ctEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
