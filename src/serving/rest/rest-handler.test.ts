import assert from "node:assert/strict";
import { createServer } from "node:http";
import { describe, it } from "node:test";
import { checkExposition, createServingMetrics } from "../metrics/index.ts";
import { createRestHandler } from "./index.ts";
import { restFixture } from "./testing/fixture.ts";
import { errorOf, listen, send } from "./testing/http.ts";

/** REST adapter over node:http with the in-test ServingCore double (testing/fake-core.ts). */
const fx = restFixture();
const { core } = fx;

describe("REST adapter: successful calls", () => {
  it("predicts in row format and returns predictions without the output name", async () => {
    const r = await send(fx.base, "POST", "/v1/models/m:predict", '{"instances": [[1, 2, 3], [4, 5, 6.5]]}');
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(r.text), {
      predictions: [
        [6, 3],
        [15.5, 6.5],
      ],
    });
  });

  it("predicts in columnar format with version and label paths", async () => {
    for (const path of ["/v1/models/m/versions/1:predict", "/v1/models/m/labels/stable:predict"]) {
      const r = await send(fx.base, "POST", path, '{"inputs": [[1, 1, 1]]}');
      assert.equal(r.status, 200, path);
      assert.deepEqual(JSON.parse(r.text), { outputs: [[3, 1]] });
    }
  });

  it("accepts NaN / Infinity tokens and writes non-finite outputs as tokens", async () => {
    const r = await send(
      fx.base,
      "POST",
      "/v1/models/m:predict",
      '{"instances": [[NaN, 1, 2], [Infinity, -Infinity, 0]]}',
    );
    assert.equal(r.status, 200);
    assert.equal(r.text.replace(/\s/g, ""), '{"predictions":[[NaN,NaN],[NaN,Infinity]]}');
    await fx.assertAlive();
  });

  it("uses signature_name, named instances, int64 and _bytes outputs", async () => {
    const body = '{"signature_name": "pair", "instances": [{"a": 5, "b": {"b64": "AP8="}}, {"a": -1, "b": "hi"}]}';
    const r = await send(fx.base, "POST", "/v1/models/m:predict", body);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(JSON.parse(r.text), {
      predictions: [
        { n: 10, text_bytes: { b64: "AP8=" } },
        { n: -2, text_bytes: { b64: "aGk=" } },
      ],
    });
    const c = await send(
      fx.base,
      "POST",
      "/v1/models/m:predict",
      '{"signature_name": "pair", "inputs": {"a": [1], "b": ["x"]}}',
    );
    assert.deepEqual(JSON.parse(c.text), { outputs: { n: [2], text_bytes: [{ b64: "eA==" }] } });
  });

  it("serves model status in TF Serving's JSON", async () => {
    const r = await send(fx.base, "GET", "/v1/models/m/versions/1");
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), {
      model_version_status: [{ version: "1", state: "AVAILABLE", status: { error_code: "OK", error_message: "" } }],
    });
    const all = JSON.parse((await send(fx.base, "GET", "/v1/models/m")).text);
    assert.deepEqual(
      all.model_version_status.map((s: { version: string }) => s.version),
      ["2", "1"],
    );
  });

  it("serves metadata with proto field names, DT_ dtypes and string dims", async () => {
    const r = await send(fx.base, "GET", "/v1/models/m/metadata");
    assert.equal(r.status, 200);
    const meta = JSON.parse(r.text);
    assert.deepEqual(meta.model_spec, { name: "m", signature_name: "", version: "2" });
    const sd = meta.metadata.signature_def.signature_def;
    assert.deepEqual(Object.keys(sd), ["serving_default", "pair"]);
    assert.deepEqual(sd.serving_default.inputs.x, {
      dtype: "DT_FLOAT",
      tensor_shape: {
        dim: [
          { size: "-1", name: "" },
          { size: "3", name: "" },
        ],
        unknown_rank: false,
      },
      name: "x:0",
    });
    assert.deepEqual(sd.pair.inputs.b.tensor_shape, { dim: [], unknown_rank: true });
    assert.equal(sd.pair.outputs.n.dtype, "DT_INT64");
    assert.equal(sd.serving_default.method_name, "tensorflow/serving/predict");
  });

  it("reports health on /v1/health and /v2/health/*", async () => {
    for (const p of ["/v1/health", "/v2/health/ready"]) {
      const r = await send(fx.base, "GET", p);
      assert.equal(r.status, 200);
      assert.deepEqual(JSON.parse(r.text), { status: "ready" });
    }
    core.ready = false;
    try {
      const r = await send(fx.base, "GET", "/v1/health");
      assert.equal(r.status, 503);
      assert.deepEqual(JSON.parse(r.text), { status: "not ready" });
      assert.equal((await send(fx.base, "GET", "/v2/health/live")).status, 200);
    } finally {
      core.ready = true;
    }
  });

  it("reports per-model readiness on /v2/models/{name}[/versions/{v}]/ready", async () => {
    const r = await send(fx.base, "GET", "/v2/models/m/ready");
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { status: "ready" });
    assert.equal((await send(fx.base, "GET", "/v2/models/m/versions/1/ready")).status, 200);
    const cold = await send(fx.base, "GET", "/v2/models/cold/ready");
    assert.equal(cold.status, 503);
    assert.deepEqual(JSON.parse(cold.text), { status: "not ready" });
    const missing = await send(fx.base, "GET", "/v2/models/nope/ready");
    assert.equal(missing.status, 404);
    assert.match(errorOf(missing), /Latest\(nope\)/);
  });

  it("adds CORS headers and answers preflights", async () => {
    const r = await send(fx.base, "OPTIONS", "/v1/models/m:predict");
    assert.equal(r.status, 204);
    assert.equal(r.headers["access-control-allow-origin"], "*");
    assert.match(String(r.headers["access-control-allow-methods"]), /POST/);
    const g = await send(fx.base, "GET", "/v1/models/m");
    assert.equal(g.headers["access-control-allow-origin"], "*");
  });
});

describe("REST adapter: metrics endpoint", () => {
  it("exposes TF Serving metric names that pass the exposition checker", async () => {
    await send(fx.base, "POST", "/v1/models/m:predict", '{"instances": [[1, 2, 3]]}');
    await send(fx.base, "POST", "/v1/models/nope:predict", '{"instances": [[1, 2, 3]]}');
    const r = await send(fx.base, "GET", "/monitoring/prometheus/metrics");
    assert.equal(r.status, 200);
    assert.match(String(r.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
    const { families, problems } = checkExposition(r.text);
    assert.deepEqual(problems, []);
    const count = families.get(":tensorflow:serving:request_count")!;
    assert.equal(count.type, "counter");
    const ok = count.samples.find((s) => s.labels.model_name === "m" && s.labels.status === "OK");
    assert.ok(ok !== undefined && ok.value >= 2);
    const notFound = count.samples.find((s) => s.labels.model_name === "nope");
    assert.equal(notFound?.labels.status, "NOT_FOUND");
    const latency = families.get(":tensorflow:serving:request_latency")!;
    assert.equal(latency.type, "histogram");
    assert.ok(
      latency.samples.some(
        (s) =>
          s.name.endsWith("_count") && s.labels.API === "predict" && s.labels.entrypoint === "REST" && s.value >= 1,
      ),
    );
    assert.ok(latency.samples.some((s) => s.labels.API === "GetModelStatus"));
  });
});

describe("REST adapter: --rest_api_timeout_in_ms", () => {
  it("answers 504 DEADLINE_EXCEEDED when the core does not finish in time, and keeps serving", async () => {
    const timed = createServer(createRestHandler(core, createServingMetrics(), { timeoutMs: 50 }));
    const url = await listen(timed);
    try {
      const r = await send(url, "POST", "/v1/models/hang:predict", '{"instances": [[1, 2, 3]]}');
      assert.equal(r.status, 504);
      assert.match(errorOf(r), /^Request did not complete within 50 ms$/);
      core.release();
      const ok = await send(url, "POST", "/v1/models/m:predict", '{"instances": [[1, 1, 1]]}');
      assert.equal(ok.status, 200);
      assert.deepEqual(JSON.parse(ok.text), { predictions: [[3, 1]] });
    } finally {
      await new Promise<void>((resolve) => timed.close(() => resolve()));
    }
  });
});
