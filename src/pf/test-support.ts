/**
 * Test-only helpers for the protected-files vectors (shared/vectors/pf/README.md). Not exported
 * from index.ts.
 */
import { createHash } from "node:crypto";

/** Plaintext of `vN/pN.bin.pf`: byte i = (i*131 + 7) mod 251. */
export function vectorPlaintext(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 131 + 7) % 251;
  return out;
}

/** Plaintext of deterministic/enc/large.bin: byte i = i mod 251. */
export function modPlaintext(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = i % 251;
  return out;
}

export function sha256(b: Uint8Array): string {
  return createHash("sha256").update(b).digest("hex");
}

/** SHA-256 of each vN/pN plaintext, from the vectors README (N=0 is the empty string's digest). */
export const VECTOR_SHA256: Readonly<Record<number, string>> = {
  0: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  1: "ca358758f6d27e6cf45272937977a748fd88391db679ceda7dc7bf1f005ee879",
  32: "e457e9ddd2aa6b09ecc48e8c609c8d0f91548867f75a723763c0e05f0dcf1d39",
  3071: "dfeef187a90be38872d132a799f071364e12a9102e96fd6f95d21286ceeee6d8",
  3072: "0744ba1b1ef0aadf47b80beadcc9e594345412e399e0a881833167049197a931",
  3073: "279d77c219ae6c855ca95fa927452fba5e2cda63ab8346a733fc721e38892c1b",
  7168: "05871f0a53b1ac1e605d63c65373205767c132d078055f94867e5e944562ae20",
  10000: "557803a12f34dcbd6e2b5124bb5155bc937ce8d8b434800cb91b739bfd5c437e",
  396288: "4ee35267b8fc4d8bd2f43948e748cdd54dbad53e067eb794b8b0d2330b7e9009",
  400384: "687f03e3fa9ac0fec328d022623d5b8ef9258ac5319e40f0c11553251bbd44e8",
  12979201: "bb826a9bbe8ac40a4a2d0382044199f698498885d181e05f0a95e5d8fbf5a902",
};

/** Every vector: folder, N, stored path (relative to vectors/pf). v1 has no 12979201. */
export const PF_VECTORS: ReadonlyArray<{ rel: string; n: number }> = (["v1", "v2"] as const).flatMap((v) =>
  Object.keys(VECTOR_SHA256)
    .map(Number)
    .filter((n) => v === "v2" || n !== 12979201)
    .map((n) => ({ rel: `${v}/p${n}.bin.pf`, n })),
);

export const SEED_VECTOR = {
  rel: "seed/models/resnet50-v15-fp32/1/saved_model.pb",
  storedPath: "models/resnet50-v15-fp32/1/saved_model.pb",
  sha256: "0e817a2038de932a47c11cef130c00f3a7530f81ac79558c9b26d86d46e11410",
} as const;

export const DETERMINISTIC = [
  {
    rel: "deterministic/enc/small.txt",
    path: "enc/small.txt",
    sha256: "5a412523b3b560b3841b7e9dd76176e2eefe801447e404becc36473ec1623383",
  },
  {
    rel: "deterministic/enc/large.bin",
    path: "enc/large.bin",
    sha256: "63ec11e42b232816382cfacdc15103de2464435200d6b1276d31b96f9c8e7b6c",
  },
  {
    rel: "deterministic/enc/b3073.bin",
    path: "enc/b3073.bin",
    sha256: "86a23036ae5bd81f6f294543ddeb4a30df8ae95f9d00ec3272ada7a713983f98",
  },
] as const;
