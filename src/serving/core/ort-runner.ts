import * as ort from "onnxruntime-node";
import { SealedError } from "../../common/errors.ts";
import { DTYPES, dtypeFromOrt } from "./dtypes.ts";
import type { SignatureInfo } from "./serving-core.ts";
import type { DType, Tensor, TensorData, TensorSpec } from "./tensor.ts";

/** The signature key TF Serving uses when a request names none. */
export const DEFAULT_SIGNATURE = "serving_default";
/** Method name of predict signatures. */
export const PREDICT_METHOD = "tensorflow/serving/predict";

/** ONNX Runtime threading (TF Serving's --tensorflow_*_parallelism; 0 = ORT's default). */
export interface RunnerOptions {
  readonly intraOpThreads: number;
  readonly interOpThreads: number;
  /**
   * Let idle ORT pool threads spin (ORT's default). Off by default in the server: spinning threads
   * steal the CPU the event loop needs for TLS/HTTP/2 between and during runs.
   */
  readonly allowSpinning?: boolean;
}

/** ONNX Runtime session options for a runner (graph optimisation `all`, CPU EP). */
export function ortSessionOptions(options: RunnerOptions): ort.InferenceSession.SessionOptions {
  const spin = options.allowSpinning ? "1" : "0";
  const o: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: "all",
    executionProviders: ["cpu"],
    extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
  };
  if (options.intraOpThreads > 0) o.intraOpNumThreads = options.intraOpThreads;
  if (options.interOpThreads > 0) o.interOpNumThreads = options.interOpThreads;
  return o;
}

/** One loaded model version: its predict signature and a way to run it. */
export interface ModelRunner {
  readonly signature: SignatureInfo;
  /** Runs the model; inputs are already validated against `signature`. */
  run(inputs: ReadonlyMap<string, Tensor>, outputNames: readonly string[]): Promise<Map<string, Tensor>>;
  release(): Promise<void>;
}

function specFromMetadata(meta: ort.InferenceSession.ValueMetadata, what: string): TensorSpec {
  if (!meta.isTensor) {
    throw new SealedError("SRV_MODEL_LOAD", `${what} '${meta.name}' is not a tensor; only tensor inputs are served`);
  }
  const dtype = dtypeFromOrt(meta.type);
  if (!dtype) throw new SealedError("SRV_MODEL_LOAD", `${what} '${meta.name}' has unsupported type ${meta.type}`);
  // ORT reports [] both for scalars and for unknown shapes; treat it as unknown rank.
  const shape = meta.shape.length === 0 ? undefined : meta.shape.map((d) => (typeof d === "number" && d >= 0 ? d : -1));
  return Object.freeze({ name: meta.name, dtype, shape: shape && Object.freeze(shape) });
}

/** The `serving_default` predict signature of an ONNX session (inputs/outputs keyed by ONNX name). */
export function signatureFromSession(session: {
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
}): SignatureInfo {
  const inputs: Record<string, TensorSpec> = {};
  const outputs: Record<string, TensorSpec> = {};
  for (const m of session.inputMetadata) inputs[m.name] = specFromMetadata(m, "input");
  for (const m of session.outputMetadata) outputs[m.name] = specFromMetadata(m, "output");
  return Object.freeze({ inputs: Object.freeze(inputs), outputs: Object.freeze(outputs), methodName: PREDICT_METHOD });
}

const utf8 = new TextDecoder();
const enc = new TextEncoder();

/** A tensor as ONNX Runtime takes it (also what crosses to a worker thread). */
export interface OrtTensorData {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** Core Tensor -> ORT (type name, data, dims); strings become JS strings. */
export function toOrtData(t: Tensor): OrtTensorData {
  if (t.dtype === "STRING") {
    return { type: "string", data: (t.data as readonly Uint8Array[]).map((b) => utf8.decode(b)), dims: t.shape };
  }
  return { type: DTYPES[t.dtype].ort, data: t.data, dims: t.shape };
}

function toOrt(t: Tensor): ort.Tensor {
  if (t.dtype === "STRING") {
    const strings = (t.data as readonly Uint8Array[]).map((b) => utf8.decode(b));
    return new ort.Tensor("string", strings, t.shape as number[]);
  }
  return new ort.Tensor(DTYPES[t.dtype].ort as "float32", t.data as Float32Array, t.shape as number[]);
}

/** ORT output (tensor or its plain {type, data, dims}) -> core Tensor. */
export function fromOrt(v: ort.OnnxValue | OrtTensorData, name: string): Tensor {
  const t = v as OrtTensorData;
  const dtype: DType | undefined = dtypeFromOrt(t.type);
  if (!dtype) throw new SealedError("SRV_INFERENCE", `output '${name}' has unsupported type ${t.type}`);
  let data: TensorData;
  if (dtype === "STRING") data = (t.data as string[]).map((s) => enc.encode(s));
  else if (dtype === "BOOL") {
    const d = t.data as Uint8Array | boolean[];
    data = d instanceof Uint8Array ? d : Uint8Array.from(d, (b) => (b ? 1 : 0));
  } else data = t.data as TensorData;
  return Object.freeze({ dtype, shape: Object.freeze([...t.dims]), data });
}

/**
 * Creates an ONNX Runtime session from model bytes held in memory (decrypted models never touch
 * disk) with graph optimisation level `all`.
 */
export async function createOrtRunner(modelBytes: Uint8Array, options: RunnerOptions): Promise<ModelRunner> {
  const sessionOptions = ortSessionOptions(options);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelBytes, sessionOptions);
  } catch (err) {
    throw new SealedError("SRV_MODEL_LOAD", `ONNX Runtime could not load the model: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const signature = signatureFromSession(session);
  return {
    signature,
    async run(inputs, outputNames) {
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of inputs) feeds[name] = toOrt(t);
      let result: ort.InferenceSession.ReturnType;
      try {
        result = await session.run(feeds, outputNames as string[]);
      } catch (err) {
        throw new SealedError("SRV_INFERENCE", `ONNX Runtime run failed: ${(err as Error).message}`, { cause: err });
      }
      const out = new Map<string, Tensor>();
      for (const name of outputNames) out.set(name, fromOrt(result[name], name));
      return out;
    },
    async release() {
      await session.release();
    },
  };
}
