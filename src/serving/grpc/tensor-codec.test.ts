import assert from "node:assert/strict";
import { test } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { decodeTensorProto, encodeTensorProto, toBigInt } from "./tensor-codec.ts";

const shape = (...d: number[]) => ({ dim: d.map((size) => ({ size })) });
const MB = 1 << 20;

test("aligned tensor_content is viewed in place, unaligned content is copied", () => {
  const backing = Buffer.alloc(64);
  const vals = new Float32Array([1.5, -2, 3.25]);
  Buffer.from(vals.buffer).copy(backing, 8);
  Buffer.from(vals.buffer).copy(backing, 21);
  const aligned = decodeTensorProto(
    { dtype: 1, tensor_shape: shape(3), tensor_content: backing.subarray(8, 20) },
    "x",
    MB,
  );
  assert.deepEqual([...(aligned.data as Float32Array)], [1.5, -2, 3.25]);
  assert.equal((aligned.data as Float32Array).buffer, backing.buffer);
  const odd = decodeTensorProto(
    { dtype: 1, tensor_shape: shape(3), tensor_content: backing.subarray(21, 33) },
    "x",
    MB,
  );
  assert.deepEqual([...(odd.data as Float32Array)], [1.5, -2, 3.25]);
  assert.notEqual((odd.data as Float32Array).buffer, backing.buffer);
});

test("typed values per dtype, the one-value broadcast and TF's zero fill", () => {
  assert.deepEqual(
    [...(decodeTensorProto({ dtype: 3, tensor_shape: shape(2, 2), int_val: [7] }, "x", MB).data as Int32Array)],
    [7, 7, 7, 7],
  );
  const i64 = decodeTensorProto(
    { dtype: 9, tensor_shape: shape(2), int64_val: [{ low: -1, high: 0x7fffffff }, "-5"] },
    "x",
    MB,
  );
  assert.deepEqual([...(i64.data as BigInt64Array)], [9223372036854775807n, -5n]);
  const b = decodeTensorProto({ dtype: 10, tensor_shape: shape(3), bool_val: [true, false, true] }, "x", MB);
  assert.deepEqual([...(b.data as Uint8Array)], [1, 0, 1]);
  const s = decodeTensorProto({ dtype: 7, tensor_shape: shape(2), string_val: [Buffer.from("ab")] }, "x", MB);
  assert.deepEqual(
    (s.data as Uint8Array[]).map((x) => Buffer.from(x).toString()),
    ["ab", "ab"],
  );
  assert.deepEqual(
    [...(decodeTensorProto({ dtype: 1, tensor_shape: shape(2) }, "x", MB).data as Float32Array)],
    [0, 0],
  );
  assert.deepEqual(decodeTensorProto({ dtype: 1, float_val: [4] }, "x", MB).shape, []);
});

test("malformed tensors give SRV_TENSOR_INVALID / SRV_REQUEST_TOO_LARGE naming the input", () => {
  const bad = (p: Parameters<typeof decodeTensorProto>[0], code: string, re: RegExp) =>
    assert.throws(
      () => decodeTensorProto(p, "img", MB),
      (e) => isSealedError(e) && e.code === code && re.test(e.message),
    );
  bad(
    { dtype: 1, tensor_shape: shape(2), tensor_content: Buffer.alloc(7) },
    "SRV_TENSOR_INVALID",
    /input 'img'.*7 bytes/,
  );
  bad({ dtype: 1, tensor_shape: shape(3), float_val: [1, 2] }, "SRV_TENSOR_INVALID", /2 values given/);
  bad({ dtype: 0 }, "SRV_TENSOR_INVALID", /unsupported dtype 0/);
  bad({ dtype: 1, tensor_shape: { unknown_rank: true } }, "SRV_TENSOR_INVALID", /fully defined/);
  bad({ dtype: 1, tensor_shape: shape(1 << 20, 1 << 20), float_val: [1] }, "SRV_REQUEST_TOO_LARGE", /limit of 1048576/);
});

test("encoding writes typed fields by default and tensor_content on request", () => {
  const t = { dtype: "FLOAT" as const, shape: [2], data: new Float32Array([1, 2]) };
  const typed = encodeTensorProto(t, false);
  assert.equal(typed.dtype, 1);
  assert.deepEqual(typed.tensor_shape, { dim: [{ size: 2 }] });
  assert.deepEqual([...(typed.float_val as Float32Array)], [1, 2]);
  const content = encodeTensorProto(t, true);
  assert.equal(content.float_val, undefined);
  assert.deepEqual([...Buffer.from(content.tensor_content!)], [0, 0, 128, 63, 0, 0, 0, 64]);
  const i64 = encodeTensorProto({ dtype: "INT64", shape: [1], data: new BigInt64Array([-3n]) }, false);
  assert.deepEqual(i64.int64_val, ["-3"]);
  assert.equal(toBigInt({ low: 0, high: -1, unsigned: true }, true), 0xffffffff00000000n);
});
