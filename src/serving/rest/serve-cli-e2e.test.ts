import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkExposition } from "../metrics/index.ts";
import { synthModel } from "../synth/index.ts";
import { type TempDir, tempDir, writeModelVersion } from "../testing/model-dir.ts";

/**
 * `sealed serve` as a separate process with TF Serving's flags (REST on an 'auto' port, gRPC off,
 * Prometheus via --monitoring_config_file, CORS on), driven over HTTP, then stopped with SIGTERM.
 */
const BIN = fileURLToPath(new URL("../../../bin/sealed.js", import.meta.url));

describe("sealed serve: REST API and metrics (separate process)", () => {
  let dir: TempDir;
  let child: ChildProcess;
  let base = "";
  let stderr = "";

  before(async () => {
    dir = tempDir();
    writeModelVersion(join(dir.path, "tiny"), 3, synthModel("tiny"));
    const monitoring = join(dir.path, "monitoring.cfg");
    writeFileSync(monitoring, 'prometheus_config {\n  enable: true\n  path: "/metrics/tf"\n}\n');
    child = spawn(
      process.execPath,
      [
        BIN,
        "serve",
        "--model_name=tiny",
        `--model_base_path=${join(dir.path, "tiny")}`,
        "--port=0",
        "--rest_api_port=auto",
        "--host=127.0.0.1",
        `--monitoring_config_file=${monitoring}`,
        "--rest_api_enable_cors_support=true",
        "--file_system_poll_wait_seconds=0",
        "--tensorflow_intra_op_parallelism=1",
      ],
      { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NODE_NO_WARNINGS: "1" } },
    );
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 60_000);
      child.stderr?.on("data", (c: Buffer) => {
        stderr += c.toString();
        const m = /Exporting HTTP\/REST API at:([\d.]+):(\d+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(`http://${m[1]}:${m[2]}`);
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${stderr}`));
      });
    });
  });

  after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    dir.cleanup();
  });

  test("predict (row and columnar), status, metadata, errors, CORS, then metrics", async () => {
    const image = Array.from({ length: 224 }, () => Array.from({ length: 224 }, () => [10, 20, 30]));
    const row = await fetch(`${base}/v1/models/tiny:predict`, {
      method: "POST",
      body: JSON.stringify({ instances: [image, image] }),
    });
    assert.equal(row.status, 200);
    assert.equal(row.headers.get("access-control-allow-origin"), "*");
    const predictions = ((await row.json()) as { predictions: number[][] }).predictions;
    assert.equal(predictions.length, 2);
    assert.equal(predictions[0].length, 1001);
    assert.deepEqual(predictions[0], predictions[1]);
    assert.ok(Math.abs(predictions[0].reduce((a, b) => a + b, 0) - 1) < 1e-4);

    const col = await fetch(`${base}/v1/models/tiny/versions/3:predict`, {
      method: "POST",
      body: JSON.stringify({ inputs: { input: [image] } }),
    });
    assert.equal(col.status, 200);
    assert.deepEqual(((await col.json()) as { outputs: unknown }).outputs, [predictions[0]]);

    const status = await (await fetch(`${base}/v1/models/tiny`)).json();
    assert.deepEqual(status, {
      model_version_status: [{ version: "3", state: "AVAILABLE", status: { error_code: "OK", error_message: "" } }],
    });
    const meta = (await (await fetch(`${base}/v1/models/tiny/metadata`)).json()) as {
      model_spec: { version: string };
      metadata: { signature_def: { signature_def: Record<string, { inputs: Record<string, unknown> }> } };
    };
    assert.equal(meta.model_spec.version, "3");
    assert.ok(meta.metadata.signature_def.signature_def.serving_default.inputs.input);

    const missing = await fetch(`${base}/v1/models/other:predict`, { method: "POST", body: '{"instances": [1]}' });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: "Servable not found for request: Latest(other)" });
    const bad = await fetch(`${base}/v1/models/tiny:predict`, { method: "POST", body: '{"instances": [1, 2' });
    assert.equal(bad.status, 400);
    assert.equal((await fetch(`${base}/v2/health/ready`)).status, 200);

    const metrics = await fetch(`${base}/metrics/tf`);
    assert.equal(metrics.status, 200);
    const { families, problems } = checkExposition(await metrics.text());
    assert.deepEqual(problems, []);
    const count = families.get(":tensorflow:serving:request_count")!;
    assert.equal(count.samples.find((s) => s.labels.model_name === "tiny" && s.labels.status === "OK")?.value, 4);
    assert.equal(count.samples.find((s) => s.labels.model_name === "other")?.labels.status, "NOT_FOUND");
    assert.ok(families.get(":tensorflow:core:graph_runs")!.samples[0].value >= 2);
    assert.equal((await fetch(`${base}/monitoring/prometheus/metrics`)).status, 404);
  });
});
