/**
 * Memo of successful signature checks over byte-identical inputs (certificate chains, CRLs and
 * collateral JSON repeat across verifications; the quote and QE report signatures are always
 * checked afresh). Only positive results are kept, keyed by the key, a SHA-256 of the signed data
 * and the exact signature, so a hit means exactly this check already succeeded. Bounded.
 */
import { createHash, type KeyObject } from "node:crypto";

const LIMIT = 4096;
const memo = new Set<string>();
const keyIds = new WeakMap<KeyObject, string>();

function keyId(key: KeyObject): string {
  let id = keyIds.get(key);
  if (id === undefined) {
    id = createHash("sha256")
      .update(key.export({ type: "spki", format: "der" }))
      .digest("base64");
    keyIds.set(key, id);
  }
  return id;
}

/** Runs `check` unless this exact (key, data, signature) triple already verified. */
export function memoizedVerify(key: KeyObject, data: Uint8Array, sig: Uint8Array, check: () => boolean): boolean {
  const id = `${keyId(key)}|${createHash("sha256").update(data).digest("base64")}|${Buffer.from(sig).toString("base64")}`;
  if (memo.has(id)) return true;
  const ok = check();
  if (ok) {
    if (memo.size >= LIMIT) memo.delete(memo.values().next().value as string);
    memo.add(id);
  }
  return ok;
}
