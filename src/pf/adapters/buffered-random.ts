import { randomBytes } from "node:crypto";
import type { RandomSource } from "../../common/random.ts";

/**
 * System CSPRNG served from a pool: one `randomBytes` call per `poolSize` bytes instead of one per
 * node key (the per-call cost is a quarter of AES-GCM's time for 16-byte draws). The byte
 * sequence is still a plain CSPRNG stream; used bytes are wiped from the pool.
 */
export function bufferedSystemRandom(poolSize = 4096): RandomSource {
  let pool = new Uint8Array(0);
  let pos = 0;
  return (n) => {
    if (n > poolSize) return new Uint8Array(randomBytes(n));
    if (pos + n > pool.length) {
      pool = new Uint8Array(randomBytes(poolSize));
      pos = 0;
    }
    const out = pool.slice(pos, pos + n);
    pool.fill(0, pos, pos + n);
    pos += n;
    return out;
  };
}
