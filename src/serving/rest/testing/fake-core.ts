import { SealedError } from "../../../common/errors.ts";
import type {
  ModelMetadata,
  ModelVersionStatus,
  PredictResult,
  ServingCore,
  SignatureInfo,
} from "../../core/serving-core.ts";
import type { ModelSpecRef, Tensor } from "../../core/tensor.ts";

/**
 * In-test ServingCore double (adapter unit tests only): model "m" with versions 1 and 2, label
 * "stable" -> 1. serving_default: x FLOAT [-1,3] -> y FLOAT [-1,2] = [row sum, row max];
 * "pair": a INT64 [-1], b STRING [-1] -> n INT64 [-1] (= a*2), text_bytes STRING [-1] (= b).
 * Model "boom" throws a plain Error (a bug) from predict; model "hang" answers only after
 * `release()`; model "cold" has one version still LOADING.
 */
export class FakeCore implements ServingCore {
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
    if (spec.name === "boom" || spec.name === "hang" || spec.name === "cold") return 1n;
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
    if (spec.name === "cold") return [{ version: 1n, state: "LOADING", errorCode: "OK", errorMessage: "" }];
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
