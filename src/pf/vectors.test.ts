import assert from "node:assert/strict";
import { test } from "node:test";
import { isSealedError } from "../common/errors.ts";
import { counterRandom } from "../common/random.ts";
import { readVector, vectorsSkip } from "../testing/vectors.ts";
import { decryptProtectedFile, encryptProtectedFile, inspectProtectedFile } from "./api.ts";
import { nodeCount } from "./node-math.ts";
import {
  DETERMINISTIC,
  modPlaintext,
  PF_VECTORS,
  SEED_VECTOR,
  sha256,
  VECTOR_SHA256,
  vectorPlaintext,
} from "./test-support.ts";

const keyA = "pf/key-a.bin";
const keyB = "pf/key-b.bin";
const all = PF_VECTORS.map((v) => `pf/${v.rel}`);

test("every v1/v2 vector decrypts to its plaintext (path checked)", { skip: vectorsSkip(keyA, ...all) }, () => {
  const key = readVector(keyA);
  for (const { rel, n } of PF_VECTORS) {
    const file = readVector(`pf/${rel}`);
    const plain = vectorPlaintext(n);
    assert.equal(sha256(plain), VECTOR_SHA256[n], `formula for N=${n} matches the README digest`);
    const out = decryptProtectedFile(file, key, { expectedPath: rel });
    assert.equal(sha256(out), VECTOR_SHA256[n], rel);
    assert.equal(file.length, nodeCount(n) * 4096, `${rel} has Gramine's underlying size`);
  }
});

test("inspect reports version, sizes and (with key) path", { skip: vectorsSkip(keyA, ...all) }, () => {
  const key = readVector(keyA);
  for (const { rel, n } of PF_VECTORS) {
    const file = readVector(`pf/${rel}`);
    const bare = inspectProtectedFile(file);
    assert.equal(bare.format, rel.startsWith("v1/") ? 1 : 2);
    assert.equal(bare.nodeCount, file.length / 4096);
    assert.equal(bare.authenticated, false);
    assert.equal(bare.path, undefined);
    const full = inspectProtectedFile(file, key);
    assert.equal(full.path, rel);
    assert.equal(full.size, n);
  }
});

test("seed vector decrypts with key-b and its stored path", {
  skip: vectorsSkip(keyB, `pf/${SEED_VECTOR.rel}`),
}, () => {
  const file = readVector(`pf/${SEED_VECTOR.rel}`);
  const out = decryptProtectedFile(file, readVector(keyB), { expectedPath: SEED_VECTOR.storedPath });
  assert.equal(sha256(out), SEED_VECTOR.sha256);
  assert.equal(sha256(vectorPlaintext(10000).subarray(0, 5000)), SEED_VECTOR.sha256);
  assert.throws(
    () => decryptProtectedFile(file, readVector(keyA)),
    (e) => isSealedError(e, "PF_MAC_MISMATCH"),
  );
});

const detRels = DETERMINISTIC.map((d) => `pf/${d.rel}`);
const detPlain = (path: string): Uint8Array =>
  path === "enc/small.txt"
    ? readVector("pf/deterministic/small.txt.plain")
    : path === "enc/large.bin"
      ? modPlaintext(10000)
      : modPlaintext(3073);

test("deterministic vectors: counter RNG reproduces Gramine's files byte for byte", {
  skip: vectorsSkip(keyA, "pf/deterministic/small.txt.plain", ...detRels),
}, () => {
  const key = readVector(keyA);
  for (const d of DETERMINISTIC) {
    const expected = readVector(`pf/${d.rel}`);
    assert.equal(sha256(expected), d.sha256, `${d.rel} is the README's file`);
    const plain = detPlain(d.path);
    const mine = encryptProtectedFile(plain, key, d.path, { random: counterRandom() });
    assert.equal(sha256(mine), d.sha256, d.rel);
    assert.deepEqual(decryptProtectedFile(expected, key, { expectedPath: d.path }), new Uint8Array(plain));
  }
});

test("deterministic small vector: header bytes as in the spec", { skip: vectorsSkip(keyA) }, () => {
  const mine = encryptProtectedFile(readVector("pf/deterministic/small.txt.plain"), readVector(keyA), "enc/small.txt", {
    random: counterRandom(),
  });
  const nonce = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x20 + i)).toString("hex");
  assert.equal(
    Buffer.from(mine.subarray(0, 59)).toString("hex"),
    `47524146535f50460200${nonce}454faa9dea2b310afe7a38ecfb24fa9a00`,
  );
  assert.equal(Buffer.from(mine.subarray(59, 67)).toString("hex"), "dcd930becfb49542");
  assert.ok(
    mine.subarray(3943).every((b) => b === 0),
    "padding is zero",
  );
});

test("empty file keeps the nonce of the initial flush", () => {
  const key = new Uint8Array(16);
  const f = encryptProtectedFile(new Uint8Array(0), key, "e", { random: counterRandom() });
  assert.equal(Buffer.from(f.subarray(10, 42)).toString("hex"), Buffer.from(counterRandom()(32)).toString("hex"));
  assert.equal(decryptProtectedFile(f, key).length, 0);
});
