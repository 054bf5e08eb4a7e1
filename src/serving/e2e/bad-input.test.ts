import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import type { RunningServer } from "../server.ts";
import { synthModel } from "../synth/index.ts";
import { RawGrpcClient } from "../testing/grpc-client.ts";
import { type TempDir, tempDir, writeModelVersion } from "../testing/model-dir.ts";
import { startTestServer } from "../testing/start.ts";

const dims = (s: number[]) => ({ dim: s.map((size) => ({ size })) });
const LIMIT = 4 * 1024 * 1024;
const IMG = 224 * 224 * 3;

function good(batch = 1) {
  return { dtype: 1, tensor_shape: dims([batch, 224, 224, 3]), tensor_content: Buffer.alloc(batch * IMG * 4) };
}

interface Case {
  readonly name: string;
  readonly req: Record<string, unknown>;
  readonly code: grpc.status;
  readonly details: RegExp;
}

const cases: Case[] = [
  {
    name: "unknown model",
    req: { model_spec: { name: "nope" }, inputs: { input: good() } },
    code: grpc.status.NOT_FOUND,
    details: /^Servable not found for request: Latest\(nope\)$/,
  },
  {
    name: "unknown version",
    req: { model_spec: { name: "tiny", version: { value: 7 } }, inputs: { input: good() } },
    code: grpc.status.NOT_FOUND,
    details: /^Servable not found for request: Specific\(tiny, 7\)$/,
  },
  {
    name: "unknown label",
    req: { model_spec: { name: "tiny", version_label: "canary" }, inputs: { input: good() } },
    code: grpc.status.INVALID_ARGUMENT,
    details: /^Unrecognized servable version label: canary$/,
  },
  {
    name: "missing model_spec",
    req: { inputs: { input: good() } },
    code: grpc.status.INVALID_ARGUMENT,
    details: /Missing ModelSpec/,
  },
  {
    name: "unknown signature",
    req: { model_spec: { name: "tiny", signature_name: "classify_x" }, inputs: { input: good() } },
    code: grpc.status.FAILED_PRECONDITION,
    details: /^Serving signature key "classify_x" not found\.$/,
  },
  {
    name: "wrong input name",
    req: { model_spec: { name: "tiny" }, inputs: { images: good() } },
    code: grpc.status.INVALID_ARGUMENT,
    details: /input size does not match signature.*Sent extra: \{images\}\. Missing but required: \{input\}\./,
  },
  {
    name: "wrong dtype",
    req: {
      model_spec: { name: "tiny" },
      inputs: { input: { dtype: 3, tensor_shape: dims([1, 224, 224, 3]), int_val: [1] } },
    },
    code: grpc.status.INVALID_ARGUMENT,
    details: /input 'input': expects dtype DT_FLOAT but DT_INT32 was provided/,
  },
  {
    name: "wrong rank",
    req: {
      model_spec: { name: "tiny" },
      inputs: { input: { dtype: 1, tensor_shape: dims([1, 224, 224]), float_val: [1] } },
    },
    code: grpc.status.INVALID_ARGUMENT,
    details: /input 'input': expects shape \[-1,224,224,3\] \(rank 4\) but got \[1,224,224\] \(rank 3\)/,
  },
  {
    name: "wrong static dimension",
    req: {
      model_spec: { name: "tiny" },
      inputs: { input: { dtype: 1, tensor_shape: dims([1, 224, 224, 4]), float_val: [1] } },
    },
    code: grpc.status.INVALID_ARGUMENT,
    details: /input 'input': dimension 3 must be 3/,
  },
  {
    name: "tensor_content of the wrong length",
    req: {
      model_spec: { name: "tiny" },
      inputs: { input: { dtype: 1, tensor_shape: dims([1, 224, 224, 3]), tensor_content: Buffer.alloc(IMG * 4 - 4) } },
    },
    code: grpc.status.INVALID_ARGUMENT,
    details: /input 'input': tensor_content has 602108 bytes but shape \[1,224,224,3\] of DT_FLOAT needs 602112/,
  },
  {
    name: "wrong number of typed values",
    req: {
      model_spec: { name: "tiny" },
      inputs: { input: { dtype: 1, tensor_shape: dims([1, 224, 224, 3]), float_val: [1, 2, 3] } },
    },
    code: grpc.status.INVALID_ARGUMENT,
    details: /input 'input': 3 values given but shape \[1,224,224,3\] has 150528 elements/,
  },
  {
    name: "unsupported dtype",
    req: { model_spec: { name: "tiny" }, inputs: { input: { dtype: 8, tensor_shape: dims([1]) } } },
    code: grpc.status.INVALID_ARGUMENT,
    details: /input 'input': unsupported dtype 8/,
  },
  {
    name: "negative dimension",
    req: {
      model_spec: { name: "tiny" },
      inputs: { input: { dtype: 1, tensor_shape: dims([-1, 224, 224, 3]), float_val: [1] } },
    },
    code: grpc.status.INVALID_ARGUMENT,
    details: /invalid dimension -1/,
  },
  {
    name: "huge broadcast shape",
    req: {
      model_spec: { name: "tiny" },
      inputs: { input: { dtype: 1, tensor_shape: dims([1_000_000_000, 224, 224, 3]), float_val: [0] } },
    },
    code: grpc.status.RESOURCE_EXHAUSTED,
    details: /exceeds the request limit of 4194304 bytes/,
  },
  {
    name: "decoded request over the limit",
    req: { model_spec: { name: "tiny" }, inputs: { input: good(7) } },
    code: grpc.status.RESOURCE_EXHAUSTED,
    details: /exceeds the request limit/,
  },
  {
    name: "message over the gRPC size limit",
    req: { model_spec: { name: "tiny" }, inputs: { input: good(10) } },
    code: grpc.status.RESOURCE_EXHAUSTED,
    details: /larger than max/,
  },
];

describe("bad gRPC input matrix", () => {
  let dir: TempDir;
  let server: RunningServer;
  let client: RawGrpcClient;

  before(async () => {
    dir = tempDir();
    writeModelVersion(dir.path, 1, synthModel("tiny"));
    server = await startTestServer({ basePath: dir.path, modelName: "tiny", maxRequestBytes: LIMIT });
    client = new RawGrpcClient(`127.0.0.1:${server.grpcPort}`);
  });
  after(async () => {
    client.close();
    await server.close();
    dir.cleanup();
  });

  for (const c of cases) {
    test(c.name, async () => {
      await assert.rejects(client.predict(c.req), (e: grpc.ServiceError) => {
        assert.equal(e.code, c.code, e.details);
        assert.match(e.details, c.details);
        return true;
      });
      // still serving afterwards
      const ok = await client.predict({ model_spec: { name: "tiny" }, inputs: { input: good() } });
      assert.ok(ok.outputs);
    });
  }

  test("GetModelMetadata without metadata_field, and status of unknown models", async () => {
    await assert.rejects(client.metadata({ model_spec: { name: "tiny" } }), {
      code: grpc.status.INVALID_ARGUMENT,
      details: "GetModelMetadataRequest must specify at least one metadata_field",
    });
    await assert.rejects(client.metadata({ model_spec: { name: "tiny" }, metadata_field: ["x"] }), {
      code: grpc.status.INVALID_ARGUMENT,
      details: "Metadata field x is not supported",
    });
    await assert.rejects(client.status({ model_spec: { name: "nope" } }), {
      code: grpc.status.NOT_FOUND,
      details: "Could not find any versions of model nope",
    });
    await assert.rejects(client.status({ model_spec: { name: "tiny", version: { value: 9 } } }), {
      code: grpc.status.NOT_FOUND,
      details: "Could not find version 9 of model tiny",
    });
  });

  test("undecodable bytes on the wire get an error status and the server survives", async () => {
    const raw = await new Promise<grpc.ServiceError | null>((resolve) => {
      client.client.makeUnaryRequest(
        "/tensorflow.serving.PredictionService/Predict",
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]),
        (err) => resolve(err),
      );
    });
    assert.ok(raw);
    assert.notEqual(raw.code, grpc.status.OK);
    const ok = await client.predict({ model_spec: { name: "tiny" }, inputs: { input: good() } });
    assert.ok(ok.outputs);
  });
});
