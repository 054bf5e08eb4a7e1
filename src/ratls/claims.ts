import { createHash } from "node:crypto";
import { SealedError } from "../common/errors.ts";
import { decodeCbor, encodeCbor } from "./cbor.ts";
import { HASH_ALGS } from "./formats.ts";

/**
 * The TCG claims: the CBOR map `{"pubkey-hash": bstr(serialized [alg, bstr(hash(SPKI DER))])}`.
 * With SHA-256 this is exactly 51 bytes: `A1 6B "pubkey-hash" 58 24 82 01 58 20 <32 bytes>`.
 */
export function encodeClaims(spkiDer: Uint8Array): Uint8Array {
  const hash = new Uint8Array(createHash("sha256").update(spkiDer).digest());
  const inner = encodeCbor({
    kind: "array",
    items: [
      { kind: "uint", value: 1 },
      { kind: "bytes", value: hash },
    ],
  });
  return encodeCbor({
    kind: "map",
    entries: [
      [
        { kind: "text", value: "pubkey-hash" },
        { kind: "bytes", value: inner },
      ],
    ],
  });
}

export interface PubkeyHash {
  readonly alg: number;
  readonly algName: string;
  readonly hash: Uint8Array;
}

const bad = (why: string): never => {
  throw new SealedError("RATLS_CLAIMS_INVALID", `TCG claims: ${why}`);
};

/** Parses the claims map and returns the pubkey hash (SHA-256/384/512). */
export function parseClaims(claims: Uint8Array): PubkeyHash {
  let map: ReturnType<typeof decodeCbor>;
  try {
    map = decodeCbor(claims);
  } catch (err) {
    throw new SealedError("RATLS_CLAIMS_INVALID", "TCG claims are not valid CBOR", { cause: err });
  }
  if (map.kind !== "map") return bad("not a map");
  const entry = map.entries.filter(([k]) => k.kind === "text" && k.value === "pubkey-hash");
  if (entry.length !== 1) return bad("exactly one pubkey-hash entry is required");
  const value = entry[0][1];
  if (value.kind !== "bytes") return bad("pubkey-hash is not a byte string");
  let arr: ReturnType<typeof decodeCbor>;
  try {
    arr = decodeCbor(value.value);
  } catch (err) {
    throw new SealedError("RATLS_CLAIMS_INVALID", "pubkey-hash is not serialized CBOR", { cause: err });
  }
  if (arr.kind !== "array" || arr.items.length !== 2) return bad("pubkey-hash is not [alg, hash]");
  const [alg, hash] = arr.items;
  if (alg.kind !== "uint" || hash.kind !== "bytes") return bad("pubkey-hash is not [uint, bstr]");
  const spec = HASH_ALGS[alg.value];
  if (!spec) return bad(`unsupported hash algorithm id ${alg.value}`);
  if (hash.value.length !== spec.size) return bad(`${spec.name} hash must be ${spec.size} bytes`);
  return Object.freeze({ alg: alg.value, algName: spec.name, hash: hash.value });
}
