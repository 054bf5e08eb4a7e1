import { createHash } from "node:crypto";

export interface MeasuredFile {
  /** Path relative to the measured root, `/`-separated. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Domain separator so a measurement cannot be confused with another SHA over the same bytes. */
const DOMAIN = "sealed-measure-v1\0";

/**
 * The simulated enclave measurement: a hash over the files sorted by relative path (UTF-8 byte
 * order), each framed as u32 path length, path, u64 content length, content (little-endian).
 * SHA-256 gives the SGX MRENCLAVE (32 bytes), SHA-384 the TDX MRTD (48 bytes). Deterministic.
 */
export function measureFiles(files: readonly MeasuredFile[], alg: "sha256" | "sha384" = "sha256"): Uint8Array {
  const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const h = createHash(alg).update(DOMAIN);
  for (const f of sorted) {
    const p = Buffer.from(f.path, "utf8");
    const head = Buffer.alloc(4);
    head.writeUInt32LE(p.length);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(f.bytes.length));
    h.update(head).update(p).update(len).update(f.bytes);
  }
  return new Uint8Array(h.digest());
}
