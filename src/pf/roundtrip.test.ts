import assert from "node:assert/strict";
import { test } from "node:test";
import { isSealedError } from "../common/errors.ts";
import { seededRandom } from "../common/random.ts";
import { memorySource } from "./adapters/memory-storage.ts";
import { nodePfCrypto } from "./adapters/node-crypto.ts";
import {
  decryptProtectedFile,
  decryptProtectedFileInto,
  encryptProtectedFile,
  encryptProtectedFileInto,
  inspectProtectedFile,
} from "./api.ts";
import {
  CHILD_MHT_NODES_COUNT as C,
  ATTACHED_DATA_NODES_COUNT as D,
  FORMATS,
  MD_USER_DATA_SIZE as MD,
} from "./format.ts";
import { underlyingSize } from "./node-math.ts";
import { PfReader } from "./reader.ts";
import type { ByteSource } from "./storage.ts";

const N = 4096;
const key = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);

function plaintext(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Sizes at every boundary: inline data, first data node, a full root MHT, a child MHT, a second level. */
const BOUNDARY_SIZES = [
  0,
  1,
  MD - 1,
  MD,
  MD + 1,
  MD + N - 1,
  MD + N,
  MD + N + 1,
  MD + D * N - 1,
  MD + D * N,
  MD + D * N + 1,
  MD + (D + 1) * N,
  MD + (D + C * D) * N,
  MD + (D + C * D) * N + 1,
];

for (const format of FORMATS) {
  test(`v${format} round trip at every layout boundary`, () => {
    for (const n of BOUNDARY_SIZES) {
      const plain = plaintext(n, n + format);
      const enc = encryptProtectedFile(plain, key, `dir/file-${n}`, { format, random: seededRandom(n + 1) });
      assert.equal(enc.length, underlyingSize(n), `size ${n}`);
      assert.equal(enc[8], format, "major version byte");
      const info = inspectProtectedFile(enc, key);
      assert.equal(info.format, format);
      assert.equal(info.size, n);
      const dec = decryptProtectedFile(enc, key, { expectedPath: `dir/file-${n}` });
      assert.equal(dec.length, n);
      assert.ok(Buffer.from(dec).equals(Buffer.from(plain)), `plaintext ${n}`);
    }
  });
}

test("round trip at seeded random sizes, both formats", () => {
  const rng = seededRandom(0x5eed);
  for (let i = 0; i < 24; i++) {
    const n = rng.nextU32() % 900_000;
    const format = FORMATS[i % 2]!;
    const plain = plaintext(n, i);
    const enc = encryptProtectedFile(plain, key, "p", { format });
    assert.ok(Buffer.from(decryptProtectedFile(enc, key)).equals(Buffer.from(plain)), `size ${n} v${format}`);
  }
});

test("encryption is randomized by default", () => {
  const plain = plaintext(5000, 1);
  const a = encryptProtectedFile(plain, key, "p");
  const b = encryptProtectedFile(plain, key, "p");
  assert.notDeepEqual(a, b);
});

test("a second-level MHT file decrypts with bounded reads (at most 32 nodes per read)", () => {
  const n = MD + (D + C * D + 5) * N + 17;
  const plain = plaintext(n, 9);
  const enc = encryptProtectedFile(plain, key, "big");
  let maxRead = 0;
  let reads = 0;
  const inner = memorySource(enc);
  const counting: ByteSource = {
    size: () => inner.size(),
    read(offset, length) {
      maxRead = Math.max(maxRead, length);
      reads++;
      return inner.read(offset, length);
    },
  };
  const reader = PfReader.open(counting, nodePfCrypto, key);
  const out = new Uint8Array(n);
  let emitted = 0;
  reader.decryptAll((chunk, offset) => {
    out.set(chunk, offset);
    emitted += chunk.length;
  });
  assert.equal(emitted, n);
  assert.ok(Buffer.from(out).equals(Buffer.from(plain)));
  assert.ok(maxRead <= 32 * N, `largest read ${maxRead}`);
  assert.ok(reads < enc.length / N, "windowed reads");
});

test("Into variants reuse caller buffers and refuse small ones", () => {
  const plain = plaintext(MD + 3 * N + 11, 4);
  const encBuf = new Uint8Array(underlyingSize(plain.length) + 100);
  const written = encryptProtectedFileInto(plain, key, "into", encBuf);
  assert.equal(written, underlyingSize(plain.length));
  const out = new Uint8Array(plain.length + 7).fill(0xee);
  assert.equal(decryptProtectedFileInto(encBuf.subarray(0, written), key, out, { expectedPath: "into" }), plain.length);
  assert.ok(Buffer.from(out.subarray(0, plain.length)).equals(Buffer.from(plain)));
  assert.throws(
    () => decryptProtectedFileInto(encBuf.subarray(0, written), key, new Uint8Array(10)),
    (e) => isSealedError(e, "PF_TOO_LARGE"),
  );
  assert.throws(
    () => encryptProtectedFileInto(plain, key, "into", new Uint8Array(N)),
    (e) => isSealedError(e, "PF_TOO_LARGE"),
  );
  const bad = encBuf.slice(0, written);
  bad[3 * N]! ^= 1;
  assert.throws(
    () => decryptProtectedFileInto(bad, key, out),
    (e) => isSealedError(e, "PF_CORRUPTED"),
  );
  assert.ok(
    out.subarray(0, plain.length).every((b) => b === 0),
    "output zeroed on failure",
  );
});

test("a closed reader refuses further reads", () => {
  const enc = encryptProtectedFile(plaintext(MD + N, 1), key, "c");
  const reader = PfReader.open(memorySource(enc), nodePfCrypto, key);
  assert.equal(reader.readAll().length, MD + N);
  reader.close();
  assert.throws(
    () => reader.readAll(),
    (e) => isSealedError(e, "PF_FAILED"),
  );
});
