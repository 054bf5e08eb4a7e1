import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import * as ort from "onnxruntime-node";
import type { RunningServer } from "../server.ts";
import { synthModel } from "../synth/index.ts";
import { f32Content, RawGrpcClient } from "../testing/grpc-client.ts";
import { type TempDir, tempDir, writeModelVersion } from "../testing/model-dir.ts";
import { startTestServer } from "../testing/start.ts";

const IMG = 224 * 224 * 3;
const req = (x: Float32Array, rows: number) => ({
  model_spec: { name: "tiny" },
  inputs: {
    input: {
      dtype: 1,
      tensor_shape: { dim: [rows, 224, 224, 3].map((size) => ({ size })) },
      tensor_content: f32Content(x),
    },
  },
});

describe("dynamic batching over gRPC", () => {
  const model = synthModel("tiny");
  let dir: TempDir;
  before(() => {
    dir = tempDir();
    writeModelVersion(dir.path, 1, model);
  });
  after(() => dir.cleanup());

  test("concurrent requests are batched and each gets its own rows back", async () => {
    const server: RunningServer = await startTestServer({
      basePath: dir.path,
      modelName: "tiny",
      batching: {
        maxBatchSize: 8,
        batchTimeoutMicros: 20_000,
        maxEnqueuedBatches: 100,
        numBatchThreads: 1,
        allowedBatchSizes: [4, 8],
      },
    });
    const c = new RawGrpcClient(`127.0.0.1:${server.grpcPort}`);
    const direct = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
    try {
      const inputs = [1, 2, 1, 3].map((rows, k) =>
        new Float32Array(rows * IMG).map((_, i) => ((i * (k + 3)) % 97) / 97),
      );
      const results = await Promise.all(inputs.map((x) => c.predict(req(x, x.length / IMG))));
      for (let k = 0; k < inputs.length; k++) {
        const x = inputs[k];
        const rows = x.length / IMG;
        const want = (await direct.run({ input: new ort.Tensor("float32", x, [rows, 224, 224, 3]) })).predict
          .data as Float32Array;
        const out = (results[k].outputs as Record<string, { float_val: number[]; tensor_shape: unknown }>).predict;
        assert.deepEqual(out.tensor_shape, { dim: [{ size: String(rows) }, { size: "1001" }] });
        for (let i = 0; i < want.length; i++) assert.ok(Math.abs(out.float_val[i] - want[i]) <= 1e-6);
      }
    } finally {
      await direct.release();
      c.close();
      await server.close();
    }
  });

  test("a full batch queue answers UNAVAILABLE and the server keeps serving", async () => {
    const server = await startTestServer({
      basePath: dir.path,
      modelName: "tiny",
      batching: {
        maxBatchSize: 1,
        batchTimeoutMicros: 0,
        maxEnqueuedBatches: 1,
        numBatchThreads: 1,
        allowedBatchSizes: [],
      },
    });
    const c = new RawGrpcClient(`127.0.0.1:${server.grpcPort}`);
    try {
      const x = new Float32Array(IMG).fill(0.5);
      const settled = await Promise.allSettled(Array.from({ length: 24 }, () => c.predict(req(x, 1))));
      const refused = settled.filter((s) => s.status === "rejected") as PromiseRejectedResult[];
      assert.ok(refused.length > 0, "some requests must be refused");
      assert.ok(settled.some((s) => s.status === "fulfilled"));
      for (const r of refused) {
        assert.equal((r.reason as grpc.ServiceError).code, grpc.status.UNAVAILABLE);
        assert.match((r.reason as grpc.ServiceError).details, /batch scheduling queue .* is full/);
      }
      assert.ok((await c.predict(req(x, 1))).outputs);
    } finally {
      c.close();
      await server.close();
    }
  });
});
