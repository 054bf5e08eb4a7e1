import assert from "node:assert/strict";
import { test } from "node:test";
import { type ErrorCode, isSealedError } from "../common/errors.ts";
import { seededRandom } from "../common/random.ts";
import { readVector, vectorsSkip } from "../testing/vectors.ts";
import { memorySource } from "./adapters/memory-storage.ts";
import { nodePfCrypto } from "./adapters/node-crypto.ts";
import { decryptProtectedFile, encryptProtectedFile } from "./api.ts";
import { deriveMetadataKey } from "./crypto.ts";
import {
  DEC_FILE_SIZE,
  DEC_PATH,
  DEC_ROOT_KEY,
  DEC_ROOT_MAC,
  DECRYPTED_SIZE,
  MAC_SIZE,
  MHT_CHILD_ENTRIES_OFFSET,
  metadataLayoutFor,
  NODE_SIZE,
  PATH_MAX_SIZE,
  type PfFormat,
} from "./format.ts";
import { physData, physMht } from "./node-math.ts";
import { PfReader } from "./reader.ts";
import { vectorPlaintext } from "./test-support.ts";

/**
 * Tamper matrix generated from the layout tables in format.ts (style anchor 5, Gramine pf_tamper):
 * every case names the exact PF_* code and checks that no plaintext comes out.
 */

const N = 400384; // 97 data nodes: root MHT, a child MHT, 100 nodes in all
const keyRel = "pf/key-a.bin";
const skip = vectorsSkip(keyRel, `pf/v1/p${N}.bin.pf`, `pf/v2/p${N}.bin.pf`);

function expectFail(file: Uint8Array, key: Uint8Array, code: ErrorCode, what: string, expectedPath?: string): void {
  let out: Uint8Array | undefined;
  assert.throws(
    () => {
      out = decryptProtectedFile(file, key, { expectedPath });
    },
    (e) => isSealedError(e, code),
    `${what}: expected ${code}`,
  );
  assert.equal(out, undefined, `${what}: no plaintext`);
}

function flip(file: Uint8Array, offset: number, bit = 0): Uint8Array {
  const c = file.slice();
  c[offset]! ^= 1 << bit;
  return c;
}

/** Decrypts the metadata, lets `mutate` edit it, re-encrypts with the same nonce (pf_tamper BREAK_DEC). */
function reencryptMetadata(file: Uint8Array, key: Uint8Array, mutate: (dec: Uint8Array) => void): Uint8Array {
  const c = file.slice();
  const l = metadataLayoutFor(c[8] as PfFormat);
  const mk = deriveMetadataKey(nodePfCrypto, key, c.subarray(l.nonce, l.nonce + 32));
  const enc = c.subarray(l.encrypted, l.encrypted + DECRYPTED_SIZE);
  const mac = c.subarray(l.mac, l.mac + MAC_SIZE);
  const dec = new Uint8Array(DECRYPTED_SIZE);
  assert.ok(nodePfCrypto.gcmDecrypt(mk, enc, mac, dec));
  mutate(dec);
  nodePfCrypto.gcmEncrypt(mk, dec, enc, mac);
  return c;
}

/** Expected result of flipping `bit` in a metadata header field; every field name must be covered. */
function metadataFlipExpectation(field: string, bit: number): ErrorCode | "ok" {
  switch (field) {
    case "file_id":
      return "PF_INVALID_HEADER";
    case "major_version":
    case "minor_version":
      return "PF_INVALID_VERSION";
    case "metadata_key_nonce":
    case "metadata_mac":
    case "encrypted_part":
      return "PF_MAC_MISMATCH";
    case "feature_flags":
      return bit === 0 ? "PF_RECOVERY_NEEDED" : "PF_INVALID_HEADER";
    case "padding":
      return "ok"; // not authenticated (spec); Gramine ignores it too
    default:
      throw new Error(`no expectation for metadata field ${field}`);
  }
}

for (const format of [1, 2] as const) {
  const rel = `v${format}/p${N}.bin.pf`;
  const load = () => ({ file: new Uint8Array(readVector(`pf/${rel}`)), key: new Uint8Array(readVector(keyRel)) });

  test(`v${format}: sanity, the untouched vector decrypts`, { skip }, () => {
    const { file, key } = load();
    assert.equal(decryptProtectedFile(file, key, { expectedPath: rel }).length, N);
  });

  test(`v${format}: truncation at every field and node boundary`, { skip }, () => {
    const { file, key } = load();
    const cuts = new Set<number>();
    for (const f of metadataLayoutFor(format).fields) cuts.add(f.offset).add(f.offset + f.size);
    for (let k = 1; k < file.length / NODE_SIZE; k++) cuts.add(k * NODE_SIZE);
    for (const cut of cuts) expectFail(file.subarray(0, cut), key, "PF_TRUNCATED", `cut at ${cut}`);
    // Inside nodes: the data/child-entry boundary of each MHT node and mid data node.
    for (const at of [
      physMht(0) * NODE_SIZE + MHT_CHILD_ENTRIES_OFFSET,
      physData(5) * NODE_SIZE + 1,
      file.length - 1,
    ]) {
      expectFail(file.subarray(0, at), key, "PF_INVALID_HEADER", `cut at ${at}`);
    }
  });

  test(`v${format}: a bit flip in every metadata field`, { skip }, () => {
    const { file, key } = load();
    for (const [i, f] of metadataLayoutFor(format).fields.entries()) {
      const offsets = f.size <= 1 ? [f.offset] : [f.offset, f.offset + (f.size >> 1), f.offset + f.size - 1];
      const bits = f.size <= 1 ? [0, 1, 2, 3, 4, 5, 6, 7] : [i % 8];
      for (const at of offsets) {
        for (const bit of bits) {
          const want = metadataFlipExpectation(f.name, bit);
          const t = flip(file, at, bit);
          if (want === "ok") {
            assert.equal(decryptProtectedFile(t, key, { expectedPath: rel }).length, N, `${f.name}@${at}`);
          } else {
            expectFail(t, key, want, `${f.name}@${at} bit ${bit}`);
          }
        }
      }
    }
  });

  test(`v${format}: a bit flip in every node; handle stays failed`, { skip }, () => {
    const { file, key } = load();
    for (let p = 1; p < file.length / NODE_SIZE; p++) {
      const t = flip(file, p * NODE_SIZE + ((p * 37) % NODE_SIZE), p % 8);
      expectFail(t, key, "PF_CORRUPTED", `node ${p}`);
      if (p === physMht(0)) continue; // the root MHT is checked at open
      const reader = PfReader.open(memorySource(t), nodePfCrypto, key);
      assert.throws(
        () => reader.decryptAll(() => {}),
        (e) => isSealedError(e, "PF_CORRUPTED"),
      );
      assert.equal(reader.failed, true);
      assert.throws(
        () => reader.readAll(),
        (e) => isSealedError(e, "PF_FAILED"),
        `node ${p}: sticky`,
      );
    }
  });

  test(`v${format}: swapped nodes and nodes from another encryption`, { skip }, () => {
    const { file, key } = load();
    const swap = (a: number, b: number) => {
      const c = file.slice();
      c.set(file.subarray(a * NODE_SIZE, (a + 1) * NODE_SIZE), b * NODE_SIZE);
      c.set(file.subarray(b * NODE_SIZE, (b + 1) * NODE_SIZE), a * NODE_SIZE);
      return c;
    };
    expectFail(swap(physData(0), physData(1)), key, "PF_CORRUPTED", "data 0 <-> data 1");
    expectFail(swap(physData(95), physData(96)), key, "PF_CORRUPTED", "data 95 <-> data 96");
    expectFail(swap(physMht(0), physMht(1)), key, "PF_CORRUPTED", "root MHT <-> MHT 1");
    const other = encryptProtectedFile(vectorPlaintext(N), key, rel, { format, random: seededRandom(format) });
    assert.equal(other.length, file.length);
    assert.equal(decryptProtectedFile(other, key, { expectedPath: rel }).length, N);
    for (let p = 0; p < file.length / NODE_SIZE; p++) {
      const c = file.slice();
      c.set(other.subarray(p * NODE_SIZE, (p + 1) * NODE_SIZE), p * NODE_SIZE);
      expectFail(c, key, "PF_CORRUPTED", `node ${p} from another encryption`);
    }
  });

  test(`v${format}: wrong key, wrong path, wrong version, bad sizes`, { skip }, () => {
    const { file, key } = load();
    const wrong = key.slice();
    wrong[15]! ^= 0x80;
    expectFail(file, wrong, "PF_MAC_MISMATCH", "wrong key");
    expectFail(file, key, "PF_PATH_MISMATCH", "wrong path", `${rel}x`);
    expectFail(file, key, "PF_PATH_MISMATCH", "unnormalized path", `./${rel}`);
    expectFail(file, key.subarray(0, 15), "PF_KEY_SIZE", "short key");
    expectFail(file, key, "PF_PATH_TOO_LONG", "over-long expected path", "p".repeat(772));
    for (const v of [0, 3, 0xff]) {
      const c = file.slice();
      c[8] = v;
      expectFail(c, key, "PF_INVALID_VERSION", `major ${v}`);
    }
    // Relabeling v2 as v1 shifts the encrypted part by one byte: the metadata MAC fails.
    if (format === 2) {
      const c = file.slice();
      c[8] = 1;
      expectFail(c, key, "PF_MAC_MISMATCH", "v2 relabeled v1");
    }
    expectFail(Uint8Array.from([...file, 0]), key, "PF_INVALID_HEADER", "one extra byte");
    expectFail(new Uint8Array(0), key, "PF_TRUNCATED", "empty input");
    expectFail(new Uint8Array(NODE_SIZE), key, "PF_INVALID_HEADER", "zero node");
    // Whole extra nodes after the file are ignored, as Gramine ignores them.
    const longer = new Uint8Array(file.length + NODE_SIZE);
    longer.set(file);
    assert.equal(decryptProtectedFile(longer, key).length, N);
  });

  test(`v${format}: re-encrypted metadata reaches the deeper checks`, { skip }, () => {
    const { file, key } = load();
    const noNul = reencryptMetadata(file, key, (d) => d.fill(0x41, DEC_PATH, DEC_PATH + PATH_MAX_SIZE));
    expectFail(noNul, key, "PF_CORRUPTED", "path without NUL");
    const otherPath = reencryptMetadata(file, key, (d) => {
      d[DEC_PATH]! ^= 1;
    });
    expectFail(otherPath, key, "PF_PATH_MISMATCH", "changed stored path", rel);
    const setSize = (n: bigint) => (d: Uint8Array) =>
      new DataView(d.buffer, d.byteOffset).setBigUint64(DEC_FILE_SIZE, n, true);
    expectFail(reencryptMetadata(file, key, setSize(BigInt(N + NODE_SIZE))), key, "PF_TRUNCATED", "size + 1 node");
    expectFail(reencryptMetadata(file, key, setSize(2n ** 64n - 1n)), key, "PF_CORRUPTED", "size UINT64_MAX");
    const rootKey = reencryptMetadata(file, key, (d) => {
      d[DEC_ROOT_KEY]! ^= 1;
    });
    expectFail(rootKey, key, "PF_CORRUPTED", "root MHT key");
    const rootMac = reencryptMetadata(file, key, (d) => {
      d[DEC_ROOT_MAC + 15]! ^= 0x10;
    });
    expectFail(rootMac, key, "PF_CORRUPTED", "root MHT mac");
  });
}
