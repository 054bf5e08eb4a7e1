import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as ort from "onnxruntime-node";
import { synthModel } from "./index.ts";

/** Deterministic pixels in [0, 1), different for every row. */
function images(n: number, seed: number): Float32Array {
  const out = new Float32Array(n * 224 * 224 * 3);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (s >>> 0) / 4294967296;
  }
  return out;
}

function checkSoftmaxRows(t: ort.Tensor, rows: number, classes: number): Float32Array[] {
  assert.deepEqual(t.dims, [rows, classes]);
  const v = t.data as Float32Array;
  const out: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    const row = v.subarray(r * classes, (r + 1) * classes);
    let sum = 0;
    for (const x of row) {
      assert.ok(Number.isFinite(x) && x >= 0, `row ${r} has ${x}`);
      sum += x;
    }
    assert.ok(Math.abs(sum - 1) < 1e-4, `row ${r} sums to ${sum}`);
    out.push(row);
  }
  return out;
}

/** The tensor metadata of a model input/output (all of ours are tensors). */
function tensorMeta(md: ort.InferenceSession.ValueMetadata | undefined): ort.InferenceSession.TensorValueMetadata {
  assert.ok(md?.isTensor, "expected tensor metadata");
  return md;
}

const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };

describe("onnxruntime-node runs the synthetic models", () => {
  test("tiny: signature metadata and a batch-2 run with distinct rows summing to 1", async () => {
    const s = await ort.InferenceSession.create(synthModel("tiny"), options);
    try {
      assert.deepEqual(s.inputNames, ["input"]);
      assert.deepEqual(s.outputNames, ["predict"]);
      const im = tensorMeta(s.inputMetadata[0]);
      assert.equal(im.name, "input");
      assert.equal(im.type, "float32");
      assert.deepEqual(im.shape, ["N", 224, 224, 3]);
      const om = tensorMeta(s.outputMetadata[0]);
      assert.deepEqual(om.shape, ["N", 1001]);
      const out = await s.run({ input: new ort.Tensor("float32", images(2, 7), [2, 224, 224, 3]) });
      const [a, b] = checkSoftmaxRows(out.predict as ort.Tensor, 2, 1001);
      assert.notDeepEqual(a, b);
    } finally {
      await s.release();
    }
  });

  test("tiny with --classes 10 in NCHW", async () => {
    const s = await ort.InferenceSession.create(synthModel("tiny", { classes: 10, layout: "nchw" }), options);
    try {
      assert.deepEqual(tensorMeta(s.inputMetadata[0]).shape, ["N", 3, 224, 224]);
      const out = await s.run({ input: new ort.Tensor("float32", images(3, 9), [3, 3, 224, 224]) });
      checkSoftmaxRows(out.predict as ort.Tensor, 3, 10);
    } finally {
      await s.release();
    }
  });

  test("resnet50: loads, reports the signature, a batch-1 run gives a finite softmax row", {
    timeout: 120_000,
  }, async () => {
    const s = await ort.InferenceSession.create(synthModel("resnet50"), options);
    try {
      assert.deepEqual(tensorMeta(s.inputMetadata[0]).shape, ["N", 224, 224, 3]);
      assert.deepEqual(tensorMeta(s.outputMetadata[0]).shape, ["N", 1001]);
      const out = await s.run({ input: new ort.Tensor("float32", images(1, 3), [1, 224, 224, 3]) });
      const [row] = checkSoftmaxRows(out.predict as ort.Tensor, 1, 1001);
      // Bounded activations: for [0,1) pixels the prediction is not a one-hot.
      assert.ok(Math.max(...(row as Float32Array)) < 0.99);
      // Raw 0..255 pixels, as the seed's client sends: not one-hot either, and the image decides
      // the class (a white and a red image do not land on the same one).
      const solid = (rgb: [number, number, number]) =>
        new ort.Tensor(
          "float32",
          Float32Array.from({ length: 224 * 224 * 3 }, (_, i) => rgb[i % 3]!),
          [1, 224, 224, 3],
        );
      const top = async (rgb: [number, number, number]) => {
        const p = (await s.run({ input: solid(rgb) })).predict.data as Float32Array;
        assert.ok(Math.max(...p) < 0.99, `one-hot softmax for ${rgb}`);
        return p.indexOf(Math.max(...p));
      };
      assert.notEqual(await top([255, 255, 255]), await top([255, 0, 0]));
    } finally {
      await s.release();
    }
  });
});
