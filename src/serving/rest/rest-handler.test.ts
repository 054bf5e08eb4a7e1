import assert from "node:assert/strict";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { SealedError } from "../../common/errors.ts";
import type {
  ModelMetadata,
  ModelVersionStatus,
  PredictResult,
  ServingCore,
  SignatureInfo,
} from "../core/serving-core.ts";
import type { ModelSpecRef, Tensor } from "../core/tensor.ts";
import { checkExposition, createServingMetrics } from "../metrics/index.ts";
import { createRestHandler } from "./index.ts";

/**
 * In-test ServingCore double (adapter unit tests only): model "m" with versions 1 and 2, label
 * "stable" -> 1. serving_default: x FLOAT [-1,3] -> y FLOAT [-1,2] = [row sum, row max];
 * "pair": a INT64 [-1], b STRING [-1] -> n INT64 [-1] (= a*2), text_bytes STRING [-1] (= b).
 * Model "boom" throws a plain Error (a bug) from predict; model "hang" answers only after
 * `release()`.
 */
class FakeCore implements ServingCore {
  ready = true;
  predictCalls = 0;
  /** Model "hang" waits for this gate (released by the timeout test). */
  release: () => void = () => {};
  readonly gate = new Promise<void>((resolve) => {
    this.release = resolve;
  });

  private readonly sigs: Record<string, SignatureInfo> = {
    serving_default: {
      inputs: { x: { name: "x:0", dtype: "FLOAT", shape: [-1, 3] } },
      outputs: { y: { name: "y:0", dtype: "FLOAT", shape: [-1, 2] } },
      methodName: "tensorflow/serving/predict",
    },
    pair: {
      inputs: { a: { name: "a", dtype: "INT64", shape: [-1] }, b: { name: "b", dtype: "STRING", shape: undefined } },
      outputs: {
        n: { name: "n", dtype: "INT64", shape: [-1] },
        text_bytes: { name: "t", dtype: "STRING", shape: [-1] },
      },
      methodName: "tensorflow/serving/predict",
    },
  };

  private resolve(spec: ModelSpecRef): bigint {
    if (spec.name === "boom" || spec.name === "hang") return 1n;
    const req = spec.version !== undefined ? `Specific(${spec.name}, ${spec.version})` : `Latest(${spec.name})`;
    if (spec.name !== "m") throw new SealedError("SRV_MODEL_NOT_FOUND", `Servable not found for request: ${req}`);
    if (spec.versionLabel !== undefined) {
      if (spec.versionLabel !== "stable") {
        throw new SealedError("SRV_LABEL_NOT_FOUND", `Unrecognized servable version label: ${spec.versionLabel}`);
      }
      return 1n;
    }
    if (spec.version === undefined) return 2n;
    if (spec.version !== 1n && spec.version !== 2n) {
      throw new SealedError("SRV_MODEL_NOT_FOUND", `Servable not found for request: ${req}`);
    }
    return spec.version;
  }

  async predict(spec: ModelSpecRef, inputs: ReadonlyMap<string, Tensor>): Promise<PredictResult> {
    this.predictCalls++;
    if (spec.name === "boom") throw new Error("kaput");
    if (spec.name === "hang") {
      await this.gate;
      throw new SealedError("SRV_INFERENCE", "released after the client was answered");
    }
    const version = this.resolve(spec);
    const signatureName = spec.signatureName || "serving_default";
    const sig = this.sigs[signatureName];
    if (sig === undefined)
      throw new SealedError("SRV_SIGNATURE_NOT_FOUND", `Serving signature key "${signatureName}" not found.`);
    for (const [name, t] of inputs) {
      const want = sig.inputs[name];
      if (want === undefined) throw new SealedError("SRV_INPUT_MISMATCH", `unexpected input ${name}`);
      if (want.dtype !== t.dtype) throw new SealedError("SRV_INPUT_DTYPE", `input ${name}: dtype ${t.dtype}`);
      if (
        want.shape &&
        (want.shape.length !== t.shape.length || want.shape.some((d, i) => d >= 0 && d !== t.shape[i]))
      ) {
        throw new SealedError("SRV_INPUT_SHAPE", `input '${name}': expects shape [${want.shape}] but got [${t.shape}]`);
      }
    }
    const modelSpec = { name: spec.name, version, signatureName };
    if (signatureName === "pair") {
      const a = inputs.get("a")!;
      const b = inputs.get("b")!;
      const n = new BigInt64Array((a.data as BigInt64Array).map((v) => v * 2n));
      const outputs = new Map<string, Tensor>([
        ["n", { dtype: "INT64", shape: a.shape, data: n }],
        ["text_bytes", { dtype: "STRING", shape: b.shape, data: b.data }],
      ]);
      return { modelSpec, outputs };
    }
    const x = inputs.get("x")!;
    const rows = x.shape[0];
    const src = x.data as Float32Array;
    const y = new Float32Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      const row = src.subarray(r * 3, r * 3 + 3);
      y[r * 2] = row[0] + row[1] + row[2];
      y[r * 2 + 1] = Math.max(row[0], row[1], row[2]);
    }
    return { modelSpec, outputs: new Map([["y", { dtype: "FLOAT", shape: [rows, 2], data: y }]]) };
  }

  getModelMetadata(spec: ModelSpecRef): ModelMetadata {
    const version = this.resolve(spec);
    return { modelSpec: { name: spec.name, version, signatureName: "" }, signatureDefs: this.sigs };
  }

  getModelStatus(spec: ModelSpecRef): readonly ModelVersionStatus[] {
    const only = spec.version !== undefined || spec.versionLabel !== undefined ? this.resolve(spec) : undefined;
    this.resolve(spec);
    const all: ModelVersionStatus[] = [
      { version: 2n, state: "AVAILABLE", errorCode: "OK", errorMessage: "" },
      { version: 1n, state: "AVAILABLE", errorCode: "OK", errorMessage: "" },
    ];
    return only === undefined ? all : all.filter((s) => s.version === only);
  }

  isReady(): boolean {
    return this.ready;
  }
}

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function send(base: string, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

function errorOf(r: Reply): string {
  assert.equal(r.headers["content-type"], "application/json");
  assert.match(r.text, /^\{\n {4}"error": /);
  const parsed = JSON.parse(r.text) as { error: string };
  assert.deepEqual(Object.keys(parsed), ["error"]);
  return parsed.error;
}

const core = new FakeCore();
const metrics = createServingMetrics();
const server = createServer(
  createRestHandler(core, metrics, {
    maxBodyBytes: 64 * 1024,
    enableCors: true,
    monitoringPath: "/monitoring/prometheus/metrics",
  }),
);
let base = "";

async function assertAlive(): Promise<void> {
  const r = await send(base, "GET", "/v1/models/m");
  assert.equal(r.status, 200);
}

before(async () => {
  base = await listen(server);
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("REST adapter: successful calls", () => {
  it("predicts in row format and returns predictions without the output name", async () => {
    const r = await send(base, "POST", "/v1/models/m:predict", '{"instances": [[1, 2, 3], [4, 5, 6.5]]}');
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
      const r = await send(base, "POST", path, '{"inputs": [[1, 1, 1]]}');
      assert.equal(r.status, 200, path);
      assert.deepEqual(JSON.parse(r.text), { outputs: [[3, 1]] });
    }
  });

  it("accepts NaN / Infinity tokens and writes non-finite outputs as tokens", async () => {
    const r = await send(
      base,
      "POST",
      "/v1/models/m:predict",
      '{"instances": [[NaN, 1, 2], [Infinity, -Infinity, 0]]}',
    );
    assert.equal(r.status, 200);
    assert.equal(r.text.replace(/\s/g, ""), '{"predictions":[[NaN,NaN],[NaN,Infinity]]}');
    await assertAlive();
  });

  it("uses signature_name, named instances, int64 and _bytes outputs", async () => {
    const body = '{"signature_name": "pair", "instances": [{"a": 5, "b": {"b64": "AP8="}}, {"a": -1, "b": "hi"}]}';
    const r = await send(base, "POST", "/v1/models/m:predict", body);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(JSON.parse(r.text), {
      predictions: [
        { n: 10, text_bytes: { b64: "AP8=" } },
        { n: -2, text_bytes: { b64: "aGk=" } },
      ],
    });
    const c = await send(
      base,
      "POST",
      "/v1/models/m:predict",
      '{"signature_name": "pair", "inputs": {"a": [1], "b": ["x"]}}',
    );
    assert.deepEqual(JSON.parse(c.text), { outputs: { n: [2], text_bytes: [{ b64: "eA==" }] } });
  });

  it("serves model status in TF Serving's JSON", async () => {
    const r = await send(base, "GET", "/v1/models/m/versions/1");
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), {
      model_version_status: [{ version: "1", state: "AVAILABLE", status: { error_code: "OK", error_message: "" } }],
    });
    const all = JSON.parse((await send(base, "GET", "/v1/models/m")).text);
    assert.deepEqual(
      all.model_version_status.map((s: { version: string }) => s.version),
      ["2", "1"],
    );
  });

  it("serves metadata with proto field names, DT_ dtypes and string dims", async () => {
    const r = await send(base, "GET", "/v1/models/m/metadata");
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
      const r = await send(base, "GET", p);
      assert.equal(r.status, 200);
      assert.deepEqual(JSON.parse(r.text), { status: "ready" });
    }
    core.ready = false;
    try {
      const r = await send(base, "GET", "/v1/health");
      assert.equal(r.status, 503);
      assert.deepEqual(JSON.parse(r.text), { status: "not ready" });
      assert.equal((await send(base, "GET", "/v2/health/live")).status, 200);
    } finally {
      core.ready = true;
    }
  });

  it("adds CORS headers and answers preflights", async () => {
    const r = await send(base, "OPTIONS", "/v1/models/m:predict");
    assert.equal(r.status, 204);
    assert.equal(r.headers["access-control-allow-origin"], "*");
    assert.match(String(r.headers["access-control-allow-methods"]), /POST/);
    const g = await send(base, "GET", "/v1/models/m");
    assert.equal(g.headers["access-control-allow-origin"], "*");
  });
});

describe("REST adapter: bad-input matrix", () => {
  const cases: [string, string, string, string | undefined, number, RegExp][] = [
    [
      "unknown model",
      "POST",
      "/v1/models/nope:predict",
      '{"instances": [[1,2,3]]}',
      404,
      /^Servable not found for request: Latest\(nope\)$/,
    ],
    ["unknown model status", "GET", "/v1/models/nope", undefined, 404, /Latest\(nope\)/],
    ["unknown version", "POST", "/v1/models/m/versions/9:predict", '{"instances": [[1,2,3]]}', 404, /Specific\(m, 9\)/],
    ["unknown version metadata", "GET", "/v1/models/m/versions/9/metadata", undefined, 404, /Specific\(m, 9\)/],
    ["unknown label", "POST", "/v1/models/m/labels/beta:predict", '{"instances": [[1,2,3]]}', 400, /label: beta/],
    [
      "unknown signature",
      "POST",
      "/v1/models/m:predict",
      '{"signature_name": "zz", "instances": [[1,2,3]]}',
      400,
      /Serving signature key "zz" not found/,
    ],
    [
      "wrong input name",
      "POST",
      "/v1/models/m:predict",
      '{"inputs": {"z": [[1,2,3]]}}',
      400,
      /'z' is not an input of the signature \(inputs: x\)/,
    ],
    [
      "wrong dtype (strings for FLOAT)",
      "POST",
      "/v1/models/m:predict",
      '{"instances": [["a","b","c"]]}',
      400,
      /dtype FLOAT needs a number/,
    ],
    [
      "wrong dtype (float for INT64)",
      "POST",
      "/v1/models/m:predict",
      '{"signature_name": "pair", "inputs": {"a": [1.5], "b": ["x"]}}',
      400,
      /not an integer/,
    ],
    [
      "wrong shape",
      "POST",
      "/v1/models/m:predict",
      '{"instances": [[1,2]]}',
      400,
      /expects shape \[-1,3\] but got \[1,2\]/,
    ],
    ["ragged instances", "POST", "/v1/models/m:predict", '{"instances": [[1,2,3],[1,2]]}', 400, /ragged/],
    [
      "malformed JSON",
      "POST",
      "/v1/models/m:predict",
      '{"instances": [[1,2,3]',
      400,
      /^JSON Parse error: .* at offset: \d+$/,
    ],
    ["empty body", "POST", "/v1/models/m:predict", "", 400, /document is empty/],
    [
      "too deep",
      "POST",
      "/v1/models/m:predict",
      `{"inputs": ${"[".repeat(100)}1${"]".repeat(100)}}`,
      400,
      /nesting deeper than 64/,
    ],
    [
      "huge number for FLOAT",
      "POST",
      "/v1/models/m:predict",
      '{"instances": [[1e300, 1, 1]]}',
      400,
      /out of range for dtype FLOAT/,
    ],
    ["number beyond double", "POST", "/v1/models/m:predict", '{"instances": [[1e400, 1, 1]]}', 400, /too big/],
    [
      "missing instances/inputs",
      "POST",
      "/v1/models/m:predict",
      '{"instance": [[1,2,3]]}',
      400,
      /Missing 'inputs' or 'instances' key/,
    ],
    ["classify", "POST", "/v1/models/m:classify", '{"examples": []}', 501, /not implemented/],
    [
      "malformed path",
      "POST",
      "/v1/models/m/versions/x:predict",
      "{}",
      400,
      /^Malformed request: POST \/v1\/models\/m\/versions\/x:predict$/,
    ],
    ["GET on predict", "GET", "/v1/models/m:predict", undefined, 400, /^Malformed request: GET/],
    ["unknown path", "GET", "/metrics", undefined, 404, /^Not found: GET \/metrics$/],
    ["core bug", "POST", "/v1/models/boom:predict", '{"instances": [[1,2,3]]}', 500, /kaput/],
  ];
  for (const [what, method, path, body, status, re] of cases) {
    it(`${what} -> ${status}`, async () => {
      const r = await send(base, method, path, body);
      assert.equal(r.status, status, r.text);
      assert.match(errorOf(r), re);
      await assertAlive();
    });
  }

  it("rejects a body whose Content-Length exceeds the limit with 429 before reading it", async () => {
    const calls = core.predictCalls;
    const r = await new Promise<Reply>((resolve, reject) => {
      const req = request(`${base}/v1/models/m:predict`, {
        method: "POST",
        headers: { "Content-Length": String(10 * 1024 * 1024) },
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() });
        });
      });
      req.on("error", reject);
      req.write('{"instances": [');
    });
    assert.equal(r.status, 429);
    assert.equal(r.headers.connection, "close");
    assert.match(errorOf(r), /Request body of 10485760 bytes exceeds the limit of 65536 bytes/);
    assert.equal(core.predictCalls, calls);
    await assertAlive();
  });

  it("rejects a chunked body once it grows past the limit", async () => {
    const r = await new Promise<Reply>((resolve, reject) => {
      const req = request(`${base}/v1/models/m:predict`, { method: "POST" });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() });
        });
      });
      req.on("error", reject);
      req.write(`{"instances": [${"[1,2,3],".repeat(10000)}`); // ~80 KB, chunked, never ended
    });
    assert.equal(r.status, 429);
    assert.match(errorOf(r), /exceeds the limit of 65536 bytes/);
    await assertAlive();
  });
});

describe("REST adapter: metrics endpoint", () => {
  it("exposes TF Serving metric names that pass the exposition checker", async () => {
    await send(base, "POST", "/v1/models/m:predict", '{"instances": [[1, 2, 3]]}');
    await send(base, "POST", "/v1/models/nope:predict", '{"instances": [[1, 2, 3]]}');
    const r = await send(base, "GET", "/monitoring/prometheus/metrics");
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
