// REST JSON codec cost against the JSON.parse baseline, measured in the same run over the same
// bodies: a batch of 224x224x3 integer-pixel images in TF Serving's `instances` format (638 KB
// per image, specs/platform-notes.md section 2).
// - baseline: JSON.parse + flatten the nested arrays into a Float32Array (what a naive adapter does)
// - sealed:   parseJson (dense fast path straight into one Float64Array) + decodePredictRequest
// - response: encodePredictResponse of a [batch,1001] float32 softmax vs JSON.stringify of number[]
// Usage: npm run bench:rest [-- --batch 1,8 --runs 7]
import { parseArgs } from "node:util";
import type { SignatureInfo } from "../src/serving/core/serving-core.ts";
import type { Tensor } from "../src/serving/core/tensor.ts";
import { parseJson } from "../src/serving/rest/json-parser.ts";
import { decodePredictRequest, encodePredictResponse } from "../src/serving/rest/predict-codec.ts";

const { values } = parseArgs({
  options: { batch: { type: "string", default: "1,8" }, runs: { type: "string", default: "7" } },
});
const BATCHES = values.batch.split(",").map(Number);
const RUNS = Number(values.runs);

const SIG: SignatureInfo = {
  inputs: { input: { name: "input", dtype: "FLOAT", shape: [-1, 224, 224, 3] } },
  outputs: { predict: { name: "predict", dtype: "FLOAT", shape: [-1, 1001] } },
  methodName: "tensorflow/serving/predict",
};

function body(batch: number): string {
  let x = 1;
  const pixel = () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % 256;
  };
  const image = () => Array.from({ length: 224 }, () => Array.from({ length: 224 }, () => [pixel(), pixel(), pixel()]));
  // Python json.dumps separators (", "), as the 638 KB figure in platform-notes was measured with.
  return JSON.stringify({ instances: Array.from({ length: batch }, image) }).replace(/,/g, ", ");
}

function baseline(body: Buffer): Float32Array {
  const doc = JSON.parse(body.toString("utf8")) as { instances: number[][][][] };
  const flat = doc.instances.flat(3) as number[];
  return Float32Array.from(flat);
}

/** As the REST handler does it: decode the bytes, parse (dense path reads the bytes), decode tensors. */
function sealed(body: Buffer): Float32Array {
  const d = decodePredictRequest(parseJson(body.toString("utf8"), {}, body), SIG);
  return d.inputs.get("input")!.data as Float32Array;
}

/** Median wall time in ms over RUNS runs after two warm-ups. */
function median(fn: () => unknown): number {
  fn();
  fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const results: Record<string, number> = {};
for (const batch of BATCHES) {
  const text = body(batch);
  const bytes = Buffer.from(text, "utf8");
  const a = baseline(bytes);
  const b = sealed(bytes);
  if (a.length !== b.length || a.some((v, i) => v !== b[i])) throw new Error("decoders disagree");
  const tBase = median(() => baseline(bytes));
  const tSealed = median(() => sealed(bytes));
  // Softmax-like outputs: arbitrary float32 values (most need 9 digits, as real probabilities do).
  let r = 7;
  const probs = new Float32Array(batch * 1001).map(() => {
    r = (r * 48271) % 2147483647;
    return r / 2147483647 / 500;
  });
  const out = new Map<string, Tensor>([["predict", { dtype: "FLOAT", shape: [batch, 1001], data: probs }]]);
  const rows = Array.from({ length: batch }, (_, r) => Array.from(probs.subarray(r * 1001, (r + 1) * 1001)));
  const tEncBase = median(() => JSON.stringify({ predictions: rows }));
  const tEnc = median(() => encodePredictResponse("row", out));
  console.log(
    `batch ${batch}: body ${(text.length / 1024).toFixed(0)} KB | request: JSON.parse+flatten ${tBase.toFixed(1)} ms, ` +
      `sealed ${tSealed.toFixed(1)} ms (x${(tBase / tSealed).toFixed(2)}) | response: JSON.stringify ${tEncBase.toFixed(2)} ms, ` +
      `sealed ${tEnc.toFixed(2)} ms (x${(tEncBase / tEnc).toFixed(2)})`,
  );
  results[`b${batch}_body_kb`] = Math.round(text.length / 1024);
  results[`b${batch}_baseline_ms`] = Number(tBase.toFixed(2));
  results[`b${batch}_sealed_ms`] = Number(tSealed.toFixed(2));
  results[`b${batch}_speedup`] = Number((tBase / tSealed).toFixed(2));
  results[`b${batch}_encode_baseline_ms`] = Number(tEncBase.toFixed(3));
  results[`b${batch}_encode_sealed_ms`] = Number(tEnc.toFixed(3));
}
console.log(JSON.stringify(results));
