import { SealedError } from "../../common/errors.ts";
import { DTYPES, dtypeFromTf, tfName, typedArrayCtor } from "../core/dtypes.ts";
import { markOwned } from "../core/owned-buffers.ts";
import type { DType, Tensor, TensorData } from "../core/tensor.ts";

/**
 * TensorProto <-> Tensor (specs/tf-serving-api.md, "TensorProto"). Accepts `tensor_content`
 * (viewed in place when aligned) and the typed `*_val` fields with the one-value broadcast rule;
 * writes typed values by default or `tensor_content` when asked.
 */

/** A protobufjs Long (int64 fields decode to these). */
interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}

type Int64 = number | string | LongLike;

/** The decoded TensorProto fields this codec reads (snake_case as in tensor.proto). */
export interface TensorProtoIn {
  dtype?: number;
  tensor_shape?: { dim?: { size?: Int64 }[]; unknown_rank?: boolean } | null;
  tensor_content?: Uint8Array;
  half_val?: number[];
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  string_val?: Uint8Array[];
  int64_val?: Int64[];
  bool_val?: boolean[];
  uint32_val?: number[];
  uint64_val?: Int64[];
}

/** Converts an int64 as protobufjs decodes it into a bigint. */
export function toBigInt(v: Int64 | undefined, unsigned = false): bigint {
  if (v === undefined) return 0n;
  if (typeof v === "number") return BigInt(Math.trunc(v));
  if (typeof v === "string") return BigInt(v);
  const x = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return unsigned ? x : BigInt.asIntN(64, x);
}

/** Converts a dimension size to a number, rejecting what cannot be a dimension. */
function dimSize(v: Int64 | undefined, name: string): number {
  const b = toBigInt(v);
  if (b < 0n || b > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new SealedError("SRV_TENSOR_INVALID", `input '${name}': invalid dimension ${b} in tensor_shape`);
  }
  return Number(b);
}

function valuesFor(p: TensorProtoIn, dtype: DType): ArrayLike<unknown> {
  switch (dtype) {
    case "FLOAT":
      return p.float_val ?? [];
    case "DOUBLE":
      return p.double_val ?? [];
    case "INT32":
    case "INT16":
    case "INT8":
    case "UINT8":
    case "UINT16":
      return p.int_val ?? [];
    case "INT64":
      return p.int64_val ?? [];
    case "UINT32":
      return p.uint32_val ?? [];
    case "UINT64":
      return p.uint64_val ?? [];
    case "BOOL":
      return p.bool_val ?? [];
    case "HALF":
      return p.half_val ?? [];
    case "STRING":
      return p.string_val ?? [];
  }
}

/**
 * Decodes one TensorProto of input `name`. `maxBytes` bounds the decoded size (checked from the
 * shape before anything is allocated: a one-value broadcast cannot blow up memory).
 */
export function decodeTensorProto(p: TensorProtoIn, name: string, maxBytes: number): Tensor {
  const dtype = dtypeFromTf(p.dtype ?? 0);
  if (!dtype) {
    throw new SealedError("SRV_TENSOR_INVALID", `input '${name}': unsupported dtype ${p.dtype ?? 0}`);
  }
  if (p.tensor_shape?.unknown_rank) {
    throw new SealedError("SRV_TENSOR_INVALID", `input '${name}': tensor_shape must be fully defined`);
  }
  const shape = (p.tensor_shape?.dim ?? []).map((d) => dimSize(d.size, name));
  let n = 1;
  for (const d of shape) n *= d;
  const width = Math.max(1, DTYPES[dtype].bytes);
  if (n * width > maxBytes) {
    throw new SealedError(
      "SRV_REQUEST_TOO_LARGE",
      `input '${name}': shape [${shape.join(",")}] of ${tfName(dtype)} exceeds the request limit of ${maxBytes} bytes`,
    );
  }
  const content = p.tensor_content;
  if (content && content.byteLength > 0 && dtype !== "STRING") {
    const need = n * DTYPES[dtype].bytes;
    if (content.byteLength !== need) {
      throw new SealedError(
        "SRV_TENSOR_INVALID",
        `input '${name}': tensor_content has ${content.byteLength} bytes but shape [${shape.join(",")}] of ${tfName(dtype)} needs ${need}`,
      );
    }
    return { dtype, shape, data: viewContent(content, dtype, n) };
  }
  const vals = valuesFor(p, dtype);
  if (vals.length !== n && vals.length > 1) {
    throw new SealedError(
      "SRV_TENSOR_INVALID",
      `input '${name}': ${vals.length} values given but shape [${shape.join(",")}] has ${n} elements (give ${n}, or 1 to broadcast)`,
    );
  }
  return { dtype, shape, data: fillValues(vals, dtype, n) };
}

/** Typed view over tensor_content (little-endian); copies only when the offset is unaligned. */
function viewContent(content: Uint8Array, dtype: Exclude<DType, "STRING">, n: number): TensorData {
  const Ctor = typedArrayCtor(dtype);
  const w = DTYPES[dtype].bytes;
  if (content.byteOffset % w === 0) return new Ctor(content.buffer as ArrayBuffer, content.byteOffset, n);
  // Unpooled and not zero-filled (every byte is overwritten next): its own ArrayBuffer at offset 0.
  const copy = Buffer.allocUnsafeSlow(n * w);
  copy.set(content);
  return markOwned(new Ctor(copy.buffer, copy.byteOffset, n));
}

function fillValues(vals: ArrayLike<unknown>, dtype: DType, n: number): TensorData {
  // TF fills an empty value list with zeros, and broadcasts a single value.
  if (dtype === "STRING") {
    const src = vals as ArrayLike<Uint8Array>;
    const out: Uint8Array[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = src.length === 0 ? new Uint8Array(0) : src[src.length === 1 ? 0 : i];
    return out;
  }
  const out = markOwned(new (typedArrayCtor(dtype))(n));
  if (vals.length === 0) return out;
  const conv: (v: unknown) => number | bigint =
    dtype === "INT64"
      ? (v) => toBigInt(v as Int64)
      : dtype === "UINT64"
        ? (v) => toBigInt(v as Int64, true)
        : dtype === "BOOL"
          ? (v) => (v ? 1 : 0)
          : (v) => v as number;
  if (vals.length === 1) {
    (out as Float32Array).fill(conv(vals[0]) as number);
  } else {
    for (let i = 0; i < n; i++) (out as Float32Array)[i] = conv(vals[i]) as number;
  }
  return out;
}

/** The TensorProto fields written for an output (a plain object for protobufjs encode). */
export interface TensorProtoOut {
  dtype: number;
  tensor_shape: { dim: { size: number }[] };
  tensor_content?: Uint8Array;
  [valueField: string]: unknown;
}

const VALUE_FIELD: Readonly<Record<DType, string>> = {
  FLOAT: "float_val",
  DOUBLE: "double_val",
  INT32: "int_val",
  INT16: "int_val",
  INT8: "int_val",
  UINT8: "int_val",
  UINT16: "int_val",
  INT64: "int64_val",
  UINT32: "uint32_val",
  UINT64: "uint64_val",
  BOOL: "bool_val",
  HALF: "half_val",
  STRING: "string_val",
};

/** Encodes an output tensor: typed values, or tensor_content when `asContent` (not for strings). */
export function encodeTensorProto(t: Tensor, asContent: boolean): TensorProtoOut {
  const out: TensorProtoOut = {
    dtype: DTYPES[t.dtype].tf,
    tensor_shape: { dim: t.shape.map((size) => ({ size })) },
  };
  if (t.dtype === "STRING") {
    out.string_val = t.data;
    return out;
  }
  const d = t.data as Exclude<TensorData, readonly Uint8Array[]>;
  if (asContent) {
    out.tensor_content = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  } else if (t.dtype === "INT64" || t.dtype === "UINT64") {
    out[VALUE_FIELD[t.dtype]] = Array.from(d as BigInt64Array, (v) => v.toString());
  } else if (t.dtype === "BOOL") {
    out.bool_val = Array.from(d as Uint8Array, (v) => v !== 0);
  } else {
    out[VALUE_FIELD[t.dtype]] = d;
  }
  return out;
}
