import assert from "node:assert/strict";
import { test } from "node:test";
import { isSealedError } from "../common/errors.ts";
import { seededRandom } from "../common/random.ts";
import { nodePfCrypto } from "./adapters/node-crypto.ts";
import { decryptProtectedFile, encryptProtectedFile, inspectProtectedFile } from "./api.ts";
import { deriveMetadataKey } from "./crypto.ts";
import {
  DEC_FILE_SIZE,
  DECRYPTED_SIZE,
  FILE_ID,
  MAC_SIZE,
  metadataLayoutFor,
  NODE_SIZE,
  type PfFormat,
} from "./format.ts";

/**
 * Bounded, seeded fuzzing of the reader: random files, mutated valid files and valid-MAC files
 * with random metadata. Every outcome must be a plaintext or a SealedError with a PF_* code
 * (never a crash, another exception or a hang).
 */

const key = Uint8Array.from({ length: 16 }, (_, i) => i * 3);
const rng = seededRandom(0xf0221);
const below = (n: number) => rng.nextU32() % n;

function base(format: PfFormat): Uint8Array[] {
  return [0, 17, 3072, 3073, 9000, 3072 + 97 * 4096 + 5].map((n) =>
    encryptProtectedFile(rng(n), key, `fuzz/${n}`, { format, random: seededRandom(n + 1) }),
  );
}
const corpus = [...base(1), ...base(2)];

function mutate(src: Uint8Array): Uint8Array {
  let f: Uint8Array = src.slice();
  const kind = below(6);
  if (kind === 0) {
    for (let i = below(8) + 1; i > 0; i--) f[below(f.length)]! ^= 1 << below(8);
  } else if (kind === 1) {
    f = f.subarray(0, below(f.length + 1));
  } else if (kind === 2) {
    const n = Math.floor(f.length / NODE_SIZE);
    const a = below(n);
    const b = below(n);
    f.set(src.subarray(b * NODE_SIZE, (b + 1) * NODE_SIZE), a * NODE_SIZE);
  } else if (kind === 3) {
    const extra = rng(below(3) * NODE_SIZE + (below(2) ? below(NODE_SIZE) : 0));
    f = Uint8Array.from([...f, ...extra]);
  } else if (kind === 4) {
    f.set(rng(below(64)), below(64));
  } else {
    // random bytes behind a valid file id and version
    f = rng(NODE_SIZE * (1 + below(4)));
    f.set(FILE_ID, 0);
    f[8] = 1 + below(2);
    f[9] = 0;
    if (f[8] === 2) f[58] = 0;
  }
  return f;
}

/** Re-encrypts the metadata with random file_size and path bytes (reaches the post-MAC checks). */
function forgeMetadata(src: Uint8Array): Uint8Array {
  const f = src.slice();
  const l = metadataLayoutFor(f[8] as PfFormat);
  const mk = deriveMetadataKey(nodePfCrypto, key, f.subarray(l.nonce, l.nonce + 32));
  const dec = rng(DECRYPTED_SIZE);
  if (below(2)) dec[below(772)] = 0;
  const view = new DataView(dec.buffer);
  const sizes = [0n, 3072n, 3073n, BigInt(below(1 << 22)), 2n ** 63n, 2n ** 64n - 1n];
  view.setBigUint64(DEC_FILE_SIZE, sizes[below(sizes.length)]!, true);
  nodePfCrypto.gcmEncrypt(
    mk,
    dec,
    f.subarray(l.encrypted, l.encrypted + DECRYPTED_SIZE),
    f.subarray(l.mac, l.mac + MAC_SIZE),
  );
  return f;
}

function check(f: Uint8Array, what: string): void {
  for (const run of [
    () => decryptProtectedFile(f, key),
    () => inspectProtectedFile(f),
    () => inspectProtectedFile(f, key),
  ]) {
    try {
      run();
    } catch (err) {
      assert.ok(isSealedError(err), `${what}: not a SealedError: ${String(err)}`);
      assert.ok(err.code.startsWith("PF_"), `${what}: code ${err.code}`);
    }
  }
}

test("fuzz: random and mutated files only ever yield plaintext or a PF_* SealedError", () => {
  for (let i = 0; i < 300; i++) check(mutate(corpus[below(corpus.length)]!), `mutation ${i}`);
  for (let i = 0; i < 100; i++) check(rng(below(3 * NODE_SIZE)), `random ${i}`);
  for (let i = 0; i < 100; i++) check(forgeMetadata(corpus[below(corpus.length)]!), `forged ${i}`);
});
