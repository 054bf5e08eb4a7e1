import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { protoType } from "../../proto/index.ts";
import type { RunningServer } from "../server.ts";
import { synthModel } from "../synth/index.ts";
import { H2GrpcClient } from "./h2-grpc-client.ts";
import { type TempDir, tempDir, writeModelVersion } from "./model-dir.ts";
import { startTestServer } from "./start.ts";

describe("minimal HTTP/2 gRPC client (bench helper)", () => {
  let dir: TempDir;
  let server: RunningServer;
  before(async () => {
    dir = tempDir();
    writeModelVersion(dir.path, 1, synthModel("tiny"));
    server = await startTestServer({ basePath: dir.path, modelName: "tiny" });
  });
  after(async () => {
    await server.close();
    dir.cleanup();
  });

  test("speaks gRPC to the server: answers and error statuses", async () => {
    const c = new H2GrpcClient(`http://127.0.0.1:${server.grpcPort}`);
    try {
      const st = protoType("tensorflow.serving.GetModelStatusRequest");
      const res = await c.call(
        "/tensorflow.serving.ModelService/GetModelStatus",
        H2GrpcClient.frame(st.encode({ model_spec: { name: "tiny" } }).finish()),
      );
      const rs = protoType("tensorflow.serving.GetModelStatusResponse");
      const decoded = rs.toObject(rs.decode(res), { longs: String, enums: String });
      assert.deepEqual(decoded, { model_version_status: [{ version: "1", state: "AVAILABLE", status: {} }] });
      await assert.rejects(
        c.call(
          "/tensorflow.serving.ModelService/GetModelStatus",
          H2GrpcClient.frame(st.encode({ model_spec: { name: "nope" } }).finish()),
        ),
        /gRPC status 5: Could not find any versions of model nope/,
      );
    } finally {
      c.close();
    }
  });
});
