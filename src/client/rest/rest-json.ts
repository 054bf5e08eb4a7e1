import { SealedError } from "../../common/errors.ts";
import type { FloatInput, OutputTensor, SignatureLite, TensorInfoLite } from "../types.ts";

/** Nested JSON arrays of a row-major tensor, written straight into a string (inputs can hold millions of values). */
export function nestedJson(shape: readonly number[], data: ArrayLike<number>): string {
  if (shape.length === 0) return numberJson(data[0]);
  const parts: string[] = [];
  const walk = (dim: number, offset: number, stride: number): void => {
    parts.push("[");
    const n = shape[dim];
    const inner = stride / Math.max(n, 1);
    for (let i = 0; i < n; i++) {
      if (i > 0) parts.push(",");
      if (dim === shape.length - 1) parts.push(numberJson(data[offset + i]));
      else walk(dim + 1, offset + i * inner, inner);
    }
    parts.push("]");
  };
  walk(
    0,
    0,
    shape.reduce((a, b) => a * b, 1),
  );
  return parts.join("");
}

function numberJson(v: number): string {
  if (Number.isFinite(v)) return String(v);
  return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity"; // TF Serving's JSON accepts these tokens
}

/** Columnar predict body: `{"signature_name": ..., "inputs": {name: nested array}}`. */
export function predictBody(signature: string, inputs: Readonly<Record<string, FloatInput>>): string {
  const named = Object.entries(inputs).map(([k, t]) => `${JSON.stringify(k)}:${nestedJson(t.shape, t.data)}`);
  return `{"signature_name":${JSON.stringify(signature)},"inputs":{${named.join(",")}}}`;
}

/** JSON.parse that also accepts TF Serving's bare NaN / Infinity / -Infinity tokens (read as null -> NaN). */
export function parseTfJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/("(?:[^"\\]|\\.)*")|-?\b(?:NaN|Infinity)\b/g, (_m, str) => str ?? "null"));
    } catch (err) {
      throw new SealedError("CLIENT_BAD_RESPONSE", `${what}: the response body is not JSON`, { cause: err });
    }
  }
}

/** Flattens a rectangular nested array of numbers; anything else is CLIENT_BAD_RESPONSE. */
export function flattenNested(name: string, value: unknown): OutputTensor {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const values: number[] = [];
  const walk = (v: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v === "number") values.push(v);
      else if (v === null) values.push(Number.NaN);
      else if (typeof v === "boolean") values.push(v ? 1 : 0);
      else throw new SealedError("CLIENT_BAD_RESPONSE", `output '${name}' holds a non-numeric value`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new SealedError("CLIENT_BAD_RESPONSE", `output '${name}' is not a rectangular array`);
    }
    for (const x of v) walk(x, dim + 1);
  };
  walk(value, 0);
  return { dtype: "JSON", shape, values };
}

/** Reads `{"outputs": ...}` / `{"predictions": ...}`; a single unnamed tensor is returned as "outputs". */
export function parsePredictResponse(body: unknown): Record<string, OutputTensor> {
  const obj = body as { outputs?: unknown; predictions?: unknown } | null;
  const payload = obj?.outputs ?? obj?.predictions;
  if (payload === undefined) throw new SealedError("CLIENT_BAD_RESPONSE", "Predict: the response has no outputs");
  if (payload !== null && typeof payload === "object" && !Array.isArray(payload)) {
    return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, flattenNested(k, v)]));
  }
  return { outputs: flattenNested("outputs", payload) };
}

interface JsonInfo {
  name?: string;
  dtype?: string;
  tensor_shape?: { dim?: { size?: string | number }[]; unknown_rank?: boolean };
}

function infoLite(key: string, i: JsonInfo): TensorInfoLite {
  const ts = i.tensor_shape;
  return {
    name: i.name ?? key,
    dtype: i.dtype ?? "DT_INVALID",
    shape: ts === undefined || ts.unknown_rank ? undefined : (ts.dim ?? []).map((d) => Number(d.size ?? 0)),
  };
}

/** `{"metadata":{"signature_def":{"signature_def":{key: SignatureDef}}}}` -> signatures. */
export function parseMetadataResponse(body: unknown): Record<string, SignatureLite> {
  const defs = (body as { metadata?: { signature_def?: { signature_def?: Record<string, unknown> } } } | null)?.metadata
    ?.signature_def?.signature_def;
  if (!defs || typeof defs !== "object") {
    throw new SealedError("CLIENT_BAD_RESPONSE", "GetModelMetadata: no signature_def in the response");
  }
  const out: Record<string, SignatureLite> = {};
  for (const [key, raw] of Object.entries(defs)) {
    const sig = raw as { inputs?: Record<string, JsonInfo>; outputs?: Record<string, JsonInfo>; method_name?: string };
    const lite = (m: Record<string, JsonInfo> | undefined) =>
      Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, infoLite(k, v)]));
    out[key] = { methodName: sig.method_name ?? "", inputs: lite(sig.inputs), outputs: lite(sig.outputs) };
  }
  return out;
}
