import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import type { RunningServer } from "../server.ts";
import { synthModel } from "../synth/index.ts";
import { RawGrpcClient } from "../testing/grpc-client.ts";
import { type TempDir, tempDir, writeModelVersion } from "../testing/model-dir.ts";
import { startTestServer } from "../testing/start.ts";

const dims = (s: number[]) => ({ dim: s.map((size) => ({ size })) });
const input = { input: { dtype: 1, tensor_shape: dims([1, 224, 224, 3]), float_val: [0.1] } };

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe("versions: layout, polling, policies, labels, ReloadConfig", () => {
  let dir: TempDir;
  let server: RunningServer;
  let client: RawGrpcClient;
  const model = synthModel("tiny");
  const states = async (name: string) =>
    ((await client.status({ model_spec: { name } })).model_version_status as { version: string; state: string }[])
      .map((s) => `${s.version}:${s.state}`)
      .join(",");

  before(async () => {
    dir = tempDir();
    const base = join(dir.path, "tiny");
    writeModelVersion(base, 1, model);
    writeModelVersion(base, 2, model);
    mkdirSync(join(base, "tmp-upload"));
    writeModelVersion(join(base, "tmp-upload"), 9, model);
    server = await startTestServer({ basePath: base, modelName: "tiny", fileSystemPollSeconds: 1 });
    client = new RawGrpcClient(`127.0.0.1:${server.grpcPort}`);
  });
  after(async () => {
    client.close();
    await server.close();
    dir.cleanup();
  });

  test("the default policy serves the latest numeric version only", async () => {
    assert.equal(await states("tiny"), "2:AVAILABLE");
    const r = await client.predict({ model_spec: { name: "tiny" }, inputs: input });
    assert.deepEqual((r.model_spec as { version: { value: string } }).version, { value: "2" });
  });

  test("polling loads a new version and unloads the one the policy drops; removal brings the older back", async () => {
    const base = join(dir.path, "tiny");
    writeModelVersion(base, 3, model);
    await until("version 3", async () => (await states("tiny")) === "2:END,3:AVAILABLE");
    const r = await client.predict({ model_spec: { name: "tiny" }, inputs: input });
    assert.deepEqual((r.model_spec as { version: { value: string } }).version, { value: "3" });
    await assert.rejects(client.predict({ model_spec: { name: "tiny", version: { value: 2 } }, inputs: input }), {
      code: grpc.status.NOT_FOUND,
      details: "Servable not found for request: Specific(tiny, 2)",
    });
    rmSync(join(base, "3"), { recursive: true });
    await until("version 2 again", async () => (await states("tiny")) === "2:AVAILABLE,3:END");
  });

  test("HandleReloadConfigRequest: several models, specific/all policies, labels; dropped models unload", async () => {
    const a = join(dir.path, "a");
    const b = join(dir.path, "b");
    for (const v of [1, 2, 3]) writeModelVersion(a, v, model);
    for (const v of [5, 6]) writeModelVersion(b, v, model);
    // TF Serving's order: load the versions first, then label them in a second reload.
    const reloadAB = (labels?: Record<string, number>) =>
      client.reload({
        config: {
          model_config_list: {
            config: [
              {
                name: "a",
                base_path: a,
                model_platform: "tensorflow",
                model_version_policy: { specific: { versions: [1, 2] } },
                ...(labels ? { version_labels: labels } : {}),
              },
              { name: "b", base_path: b, model_platform: "tensorflow", model_version_policy: { all: {} } },
            ],
          },
        },
      });
    await assert.rejects(reloadAB({ stable: 1, canary: 2 }), {
      code: grpc.status.FAILED_PRECONDITION,
      details: "Request to assign label to version 1 of model a, which is not currently available for inference",
    });
    await assert.rejects(client.status({ model_spec: { name: "a" } }), { code: grpc.status.NOT_FOUND });
    assert.deepEqual(await reloadAB(), { status: {} });
    const res = await reloadAB({ stable: 1, canary: 2 });
    assert.deepEqual(res, { status: {} });
    assert.equal(await states("a"), "1:AVAILABLE,2:AVAILABLE");
    assert.equal(await states("b"), "5:AVAILABLE,6:AVAILABLE");
    await assert.rejects(client.status({ model_spec: { name: "tiny" } }), { code: grpc.status.NOT_FOUND });
    for (const [label, v] of [
      ["stable", "1"],
      ["canary", "2"],
    ]) {
      const r = await client.predict({ model_spec: { name: "a", version_label: label }, inputs: input });
      assert.deepEqual((r.model_spec as { version: { value: string } }).version, { value: v });
    }
    const st = await client.status({ model_spec: { name: "a", version_label: "canary" } });
    assert.deepEqual(st.model_version_status, [{ version: "2", state: "AVAILABLE", status: {} }]);
  });

  test("an invalid reload is refused with INVALID_ARGUMENT and changes nothing", async () => {
    const before = await states("a");
    await assert.rejects(
      client.reload({
        config: {
          model_config_list: {
            config: [{ name: "a", base_path: join(dir.path, "a"), version_labels: { "bad-label!": 1 } }],
          },
        },
      }),
      (e: grpc.ServiceError) => e.code === grpc.status.INVALID_ARGUMENT && /bad-label!/.test(e.details),
    );
    await assert.rejects(
      client.reload({
        config: {
          model_config_list: {
            config: [
              { name: "a", base_path: "/x" },
              { name: "a", base_path: "/y" },
            ],
          },
        },
      }),
      { code: grpc.status.INVALID_ARGUMENT, details: "model name a appears twice" },
    );
    assert.equal(await states("a"), before);
  });
});

describe("--model_config_file with --model_config_file_poll_wait_seconds", () => {
  test("a changed config file is re-read: models are added and dropped", async () => {
    const dir = tempDir();
    const model = synthModel("tiny");
    writeModelVersion(join(dir.path, "one"), 1, model);
    writeModelVersion(join(dir.path, "two"), 1, model);
    const file = join(dir.path, "models.config");
    writeFileSync(file, "model_config_list { config { name: 'one' base_path: 'one' } }\n");
    const server = await startTestServer({
      modelConfigFile: file,
      modelConfigPollSeconds: 1,
      resolvePath: (p) => join(dir.path, p),
    });
    try {
      assert.equal(server.core.getModelStatus({ name: "one" })[0].state, "AVAILABLE");
      writeFileSync(file, "model_config_list { config { name: 'two' base_path: 'two' } }\n");
      const twoAvailable = () => {
        try {
          return server.core.getModelStatus({ name: "two" })[0].state === "AVAILABLE";
        } catch {
          return false;
        }
      };
      await until("model two", twoAvailable);
      assert.throws(() => server.core.getModelStatus({ name: "one" }), /Could not find any versions of model one/);
    } finally {
      await server.close();
      dir.cleanup();
    }
  });
});
