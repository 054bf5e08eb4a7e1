import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import * as ort from "onnxruntime-node";
import { protoType } from "../../proto/index.ts";
import type { RunningServer } from "../server.ts";
import { synthModel } from "../synth/index.ts";
import { f32Content, RawGrpcClient } from "../testing/grpc-client.ts";
import { type TempDir, tempDir, writeModelVersion } from "../testing/model-dir.ts";
import { startTestServer } from "../testing/start.ts";

const SHAPE = [2, 224, 224, 3];
const N = SHAPE.reduce((a, b) => a * b);
const dims = (s: number[]) => ({ dim: s.map((size) => ({ size })) });

function input(seed: number): Float32Array {
  const x = new Float32Array(N);
  for (let i = 0; i < N; i++) x[i] = ((i * 7919 + seed) % 255) / 255;
  return x;
}

describe("gRPC API end to end (tiny model, plaintext)", () => {
  let dir: TempDir;
  let server: RunningServer;
  let client: RawGrpcClient;
  let direct: ort.InferenceSession;
  const model = synthModel("tiny");

  before(async () => {
    dir = tempDir();
    writeModelVersion(dir.path, 1, model);
    server = await startTestServer({ basePath: dir.path, modelName: "tiny" });
    client = new RawGrpcClient(`127.0.0.1:${server.grpcPort}`);
    direct = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, graphOptimizationLevel: "all" });
  });
  after(async () => {
    client.close();
    await server.close();
    await direct.release();
    dir.cleanup();
  });

  async function reference(x: Float32Array): Promise<Float32Array> {
    const out = await direct.run({ input: new ort.Tensor("float32", x, SHAPE) });
    return out.predict.data as Float32Array;
  }

  test("Predict with tensor_content answers float_val equal to a direct ONNX Runtime run", async () => {
    const x = input(3);
    const res = await client.predict({
      model_spec: { name: "tiny", signature_name: "serving_default" },
      inputs: { input: { dtype: 1, tensor_shape: dims(SHAPE), tensor_content: f32Content(x) } },
    });
    const out = (res.outputs as Record<string, Record<string, unknown>>).predict;
    assert.equal(out.dtype, "DT_FLOAT");
    assert.deepEqual(out.tensor_shape, { dim: [{ size: "2" }, { size: "1001" }] });
    assert.equal(out.tensor_content, undefined);
    const want = await reference(x);
    const got = out.float_val as number[];
    assert.equal(got.length, want.length);
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= 1e-6, `index ${i}`);
    assert.deepEqual(res.model_spec, {
      name: "tiny",
      version: { value: "1" },
      version_choice: "version",
      signature_name: "serving_default",
    });
  });

  test("Predict with float_val input, and a one-value broadcast", async () => {
    const x = input(5);
    const res = await client.predict({
      model_spec: { name: "tiny" },
      inputs: { input: { dtype: 1, tensor_shape: dims(SHAPE), float_val: Array.from(x) } },
    });
    const want = await reference(x);
    const got = (res.outputs as Record<string, { float_val: number[] }>).predict.float_val;
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= 1e-6);

    const b = await client.predict({
      model_spec: { name: "tiny" },
      inputs: { input: { dtype: 1, tensor_shape: dims(SHAPE), float_val: [0.25] } },
    });
    const wantB = await reference(new Float32Array(N).fill(0.25));
    const gotB = (b.outputs as Record<string, { float_val: number[] }>).predict.float_val;
    for (let i = 0; i < wantB.length; i++) assert.ok(Math.abs(gotB[i] - wantB[i]) <= 1e-6);
  });

  test("GetModelMetadata returns the SignatureDefMap Any with the exact shape", async () => {
    const res = await client.metadata({ model_spec: { name: "tiny" }, metadata_field: ["signature_def"] });
    const any = (res.metadata as Record<string, { type_url: string; value: Buffer }>).signature_def;
    assert.equal(any.type_url, "type.googleapis.com/tensorflow.serving.SignatureDefMap");
    const map = protoType("tensorflow.serving.SignatureDefMap");
    const decoded = map.toObject(map.decode(any.value), { longs: String, enums: String });
    assert.deepEqual(decoded, {
      signature_def: {
        serving_default: {
          inputs: {
            input: {
              name: "input",
              dtype: "DT_FLOAT",
              tensor_shape: { dim: [{ size: "-1" }, { size: "224" }, { size: "224" }, { size: "3" }] },
            },
          },
          outputs: {
            predict: { name: "predict", dtype: "DT_FLOAT", tensor_shape: { dim: [{ size: "-1" }, { size: "1001" }] } },
          },
          method_name: "tensorflow/serving/predict",
        },
      },
    });
    assert.deepEqual(res.model_spec, { name: "tiny", version: { value: "1" }, version_choice: "version" });
  });

  test("GetModelStatus and health", async () => {
    const st = await client.status({ model_spec: { name: "tiny" } });
    assert.deepEqual(st, {
      model_version_status: [{ version: "1", state: "AVAILABLE", status: {} }],
    });
    assert.deepEqual(await client.health(), { status: "SERVING" });
    assert.deepEqual(await client.health("tensorflow.serving.PredictionService"), { status: "SERVING" });
    await assert.rejects(client.health("no.such.Service"), { code: grpc.status.NOT_FOUND });
    const hr = protoType("grpc.health.v1.HealthCheckRequest");
    const hs = protoType("grpc.health.v1.HealthCheckResponse");
    const first = await new Promise<unknown>((resolve, reject) => {
      const stream = client.client.makeServerStreamRequest(
        "/grpc.health.v1.Health/Watch",
        (m: unknown) => Buffer.from(hr.encode(hr.fromObject(m as object)).finish()),
        (b: Buffer) => hs.toObject(hs.decode(b), { enums: String }),
        { service: "" },
      );
      stream.once("data", (d) => {
        resolve(d);
        stream.cancel();
      });
      stream.once("error", (e: grpc.ServiceError) => {
        if (e.code !== grpc.status.CANCELLED) reject(e);
      });
    });
    assert.deepEqual(first, { status: "SERVING" });
  });

  test("the same services answer on --grpc_socket_path", async () => {
    const sock = `${dir.path}/grpc.sock`;
    const s = await startTestServer({ basePath: dir.path, modelName: "tiny", grpcSocketPath: sock });
    const c = new RawGrpcClient(`unix:${sock}`);
    try {
      assert.deepEqual(await c.health(), { status: "SERVING" });
    } finally {
      c.close();
      await s.close();
    }
  });

  test("Classify, Regress and MultiInference answer UNIMPLEMENTED", async () => {
    await assert.rejects(
      client.call(
        "/tensorflow.serving.PredictionService/Classify",
        "tensorflow.serving.ClassificationRequest",
        "tensorflow.serving.ClassificationResponse",
        { model_spec: { name: "tiny" } },
      ),
      (e: grpc.ServiceError) => e.code === grpc.status.UNIMPLEMENTED && /no classify signature/.test(e.details),
    );
    await assert.rejects(
      client.call(
        "/tensorflow.serving.PredictionService/Regress",
        "tensorflow.serving.RegressionRequest",
        "tensorflow.serving.RegressionResponse",
        { model_spec: { name: "tiny" } },
      ),
      { code: grpc.status.UNIMPLEMENTED },
    );
    await assert.rejects(
      client.call(
        "/tensorflow.serving.PredictionService/MultiInference",
        "tensorflow.serving.MultiInferenceRequest",
        "tensorflow.serving.MultiInferenceResponse",
        { tasks: [{ model_spec: { name: "tiny" }, method_name: "tensorflow/serving/classify" }] },
      ),
      { code: grpc.status.UNIMPLEMENTED },
    );
  });

  test("output_filter selects outputs and rejects unknown names", async () => {
    const req = (filter: string[]) => ({
      model_spec: { name: "tiny" },
      inputs: { input: { dtype: 1, tensor_shape: dims([1, 224, 224, 3]), float_val: [0.5] } },
      output_filter: filter,
    });
    const ok = await client.predict(req(["predict"]));
    assert.deepEqual(Object.keys(ok.outputs as object), ["predict"]);
    await assert.rejects(client.predict(req(["nope"])), {
      code: grpc.status.INVALID_ARGUMENT,
      details: "output tensor alias not found in signature: nope",
    });
  });
});
