import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli } from "../../testing/cli.ts";
import { synthModel } from "../synth/index.ts";
import { freePort } from "../testing/free-port.ts";
import { RawGrpcClient } from "../testing/grpc-client.ts";
import { type TempDir, tempDir, writeModelVersion } from "../testing/model-dir.ts";
import { type SpawnedServer, spawnServe } from "../testing/spawn-server.ts";

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("sealed serve (child process, TF Serving flags)", () => {
  let dir: TempDir;
  let server: SpawnedServer;
  let grpcPort: number;

  before(async () => {
    dir = tempDir();
    writeModelVersion(join(dir.path, "m1"), 1, synthModel("tiny"));
    writeModelVersion(join(dir.path, "m2"), 7, synthModel("tiny", { classes: 10 }));
    writeFileSync(
      join(dir.path, "models.config"),
      `model_config_list {
  config { name: 'first' base_path: 'm1' model_platform: 'tensorflow' }
  config {
    name: "second"
    base_path: "m2"
    model_platform: "tensorflow"
    model_version_policy { specific { versions: 7 } }
    version_labels { key: 'stable' value: 7 }
  }
}
`,
    );
    writeFileSync(join(dir.path, "monitoring.config"), 'prometheus_config { enable: true, path: "/metrics" }\n');
    writeFileSync(
      join(dir.path, "batching.config"),
      "max_batch_size { value: 8 } batch_timeout_micros { value: 1000 }\n",
    );
    grpcPort = await freePort();
    server = await spawnServe(
      [
        `--port=${grpcPort}`,
        "--rest_api_port",
        "auto",
        "--host=127.0.0.1",
        `--model_config_file=${join(dir.path, "models.config")}`,
        `--monitoring_config_file=${join(dir.path, "monitoring.config")}`,
        "--enable_batching",
        `--batching_parameters_file=${join(dir.path, "batching.config")}`,
        "--enable_serialization_as_tensor_content=true",
        "--tensorflow_intra_op_parallelism=1",
        "--tensorflow_inter_op_parallelism=1",
        "--rest_api_num_threads=64",
        "--enable_model_warmup=true",
        "--flush_filesystem_caches=false",
        "--file_system_poll_wait_seconds=0",
        "--grpc_max_threads",
        "8",
        "--some_future_flag=1",
        "--allow_version_labels_for_unavailable_models",
      ],
      { expectRest: true },
    );
  });
  after(async () => {
    if (server) await server.stop();
    dir.cleanup();
  });

  test("binds the requested gRPC port, an automatic REST port, and warns about unknown flags", () => {
    assert.equal(server.grpcPort, grpcPort);
    assert.ok(server.restPort! > 0);
    assert.match(server.stderr(), /ignoring unknown flag --some_future_flag=1/);
  });

  test("serves both models of the config file; replies use tensor_content", async () => {
    const c = new RawGrpcClient(`127.0.0.1:${grpcPort}`);
    try {
      const r = await c.predict({
        model_spec: { name: "second", version_label: "stable" },
        inputs: {
          input: { dtype: 1, tensor_shape: { dim: [1, 224, 224, 3].map((size) => ({ size })) }, float_val: [1] },
        },
      });
      const out = (
        r.outputs as Record<string, { tensor_content?: Buffer; float_val?: number[]; tensor_shape: unknown }>
      ).predict;
      assert.deepEqual(out.tensor_shape, { dim: [{ size: "1" }, { size: "10" }] });
      assert.equal(out.float_val, undefined);
      assert.equal(out.tensor_content?.length, 40);
      const st = await c.status({ model_spec: { name: "first" } });
      assert.deepEqual(st.model_version_status, [{ version: "1", state: "AVAILABLE", status: {} }]);
    } finally {
      c.close();
    }
  });

  test("REST answers on its port and Prometheus metrics are served", async () => {
    const st = await httpGet(server.restPort!, "/v1/models/first");
    assert.equal(st.status, 200);
    assert.match(st.body, /"state": ?"AVAILABLE"/);
    const m = await httpGet(server.restPort!, "/metrics");
    assert.equal(m.status, 200);
    assert.match(m.body, /:tensorflow:serving:request_count/);
  });

  test("SIGTERM shuts down gracefully with exit code 0", async () => {
    const code = await server.stop();
    assert.equal(code, 0);
  });
});

describe("sealed serve flag errors", () => {
  test("missing model, contradicting flags and bad values are usage-style errors", async () => {
    const none = await runCli(["serve", "--port=0", "--rest_api_port=0", "--model_base_path=/x"]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /SRV_BAD_FLAG: both --port and --rest_api_port are 0/);
    const nobase = await runCli(["serve"]);
    assert.match(nobase.stderr, /SRV_BAD_FLAG: give --model_base_path/);
    const batching = await runCli(["serve", "--model_base_path=/x", "--batching_parameters_file=/b"]);
    assert.match(batching.stderr, /SRV_BAD_FLAG: --batching_parameters_file requires --enable_batching/);
    const badPort = await runCli(["serve", "--port=http", "--model_base_path=/x"]);
    assert.match(badPort.stderr, /SRV_BAD_FLAG: --port must be a port number/);
    const badBool = await runCli(["serve", "--enable_batching=maybe", "--model_base_path=/x"]);
    assert.match(badBool.stderr, /SRV_BAD_FLAG: --enable_batching must be true or false/);
  });
});

describe("sealed serve: version labels at start", () => {
  test("without --allow_version_labels_for_unavailable_models a labelled config does not start (as TF Serving)", async () => {
    const dir = tempDir();
    try {
      writeModelVersion(join(dir.path, "m"), 1, synthModel("tiny"));
      const config = join(dir.path, "models.config");
      writeFileSync(
        config,
        `model_config_list { config { name: 'm' base_path: '${join(dir.path, "m")}' model_platform: 'tensorflow' version_labels { key: 'stable' value: 1 } } }\n`,
      );
      const r = await runCli(["serve", "--port=auto", "--host=127.0.0.1", `--model_config_file=${config}`]);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /SRV_LABEL_UNAVAILABLE: Request to assign label to version 1 of model m, which is not currently available for inference/,
      );
    } finally {
      dir.cleanup();
    }
  });
});
