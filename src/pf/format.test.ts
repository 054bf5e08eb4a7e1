import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ATTACHED_DATA_NODES_COUNT,
  CHILD_MHT_NODES_COUNT,
  DECRYPTED_FIELDS,
  DECRYPTED_SIZE,
  type Field,
  KDF_FIELDS,
  METADATA_V1,
  METADATA_V2,
  MHT_CHILD_ENTRIES_OFFSET,
  NODE_SIZE,
} from "./format.ts";
import { dataNodeCount, mhtNodeCount, mhtParent, physData, physMht, underlyingSize } from "./node-math.ts";

function assertContiguous(fields: readonly Field[], total: number): void {
  let at = 0;
  for (const f of fields) {
    assert.equal(f.offset, at, `${f.name} starts where the previous field ends`);
    at += f.size;
  }
  assert.equal(at, total);
}

test("metadata node layouts are contiguous and exactly one node", () => {
  assertContiguous(METADATA_V2.fields, NODE_SIZE);
  assertContiguous(METADATA_V1.fields, NODE_SIZE);
  assert.deepEqual(
    METADATA_V2.fields.map((f) => [f.name, f.offset, f.size]),
    [
      ["file_id", 0, 8],
      ["major_version", 8, 1],
      ["minor_version", 9, 1],
      ["metadata_key_nonce", 10, 32],
      ["metadata_mac", 42, 16],
      ["feature_flags", 58, 1],
      ["encrypted_part", 59, 3884],
      ["padding", 3943, 153],
    ],
  );
  assert.equal(METADATA_V1.featureFlags, -1);
  assert.equal(METADATA_V1.encrypted, 58);
  assert.equal(METADATA_V1.paddingSize, 154);
});

test("decrypted metadata, MHT node and KDF input sizes", () => {
  assertContiguous(DECRYPTED_FIELDS, DECRYPTED_SIZE);
  assert.equal(DECRYPTED_SIZE, 3884);
  assert.equal(ATTACHED_DATA_NODES_COUNT, 96);
  assert.equal(CHILD_MHT_NODES_COUNT, 32);
  assert.equal(MHT_CHILD_ENTRIES_OFFSET, 3072);
  assertContiguous(KDF_FIELDS, 104);
});

test("node numbering matches the spec", () => {
  assert.equal(physMht(0), 1);
  assert.equal(physData(0), 2);
  assert.equal(physData(95), 97);
  assert.equal(physMht(1), 98);
  assert.equal(physData(96), 99);
  assert.equal(physData(191), 194);
  assert.deepEqual(mhtParent(1), { parent: 0, slot: 0 });
  assert.deepEqual(mhtParent(32), { parent: 0, slot: 31 });
  assert.deepEqual(mhtParent(33), { parent: 1, slot: 0 });
  assert.equal(mhtNodeCount(96), 1);
  assert.equal(mhtNodeCount(97), 2);
  assert.equal(dataNodeCount(3072), 0);
  assert.equal(dataNodeCount(3073), 1);
});

test("underlying sizes match the sizes the spec measured with Gramine", () => {
  assert.equal(underlyingSize(0), 4096);
  assert.equal(underlyingSize(32), 4096);
  assert.equal(underlyingSize(3072), 4096);
  assert.equal(underlyingSize(3073), 12288);
  assert.equal(underlyingSize(10000), 16384);
  assert.equal(underlyingSize(3072 + 100 * 4096), 421888);
  assert.equal(underlyingSize(396288), 401408);
  assert.equal(underlyingSize(400384), 409600);
  assert.equal(underlyingSize(12979201), 13123584);
});
