/**
 * Protocol-independent tensors for the serving core. gRPC (TensorProto) and REST (JSON)
 * adapters translate to and from this shape; the core never sees protobuf or JSON.
 *
 * dtype names follow TensorFlow's `DataType` enum without the `DT_` prefix
 * (specs/tf-serving-api.md, "DataType").
 */
export type DType =
  | "FLOAT"
  | "DOUBLE"
  | "INT32"
  | "UINT8"
  | "INT16"
  | "INT8"
  | "STRING"
  | "INT64"
  | "BOOL"
  | "UINT16"
  | "HALF"
  | "UINT32"
  | "UINT64";

/** Typed storage per dtype. STRING holds raw byte strings (TF strings are bytes). */
export type TensorData =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array
  | Int16Array
  | Int8Array
  | BigInt64Array
  | BigUint64Array
  | Uint16Array
  | Uint32Array
  | readonly Uint8Array[];

export interface Tensor {
  readonly dtype: DType;
  /** Dimensions; all known (>= 0) for concrete tensors. */
  readonly shape: readonly number[];
  /** Row-major values, length = product(shape). BOOL uses Uint8Array (0/1), HALF Uint16Array (bits). */
  readonly data: TensorData;
}

/** Which model, version and signature a request addresses (TF Serving `ModelSpec`). */
export interface ModelSpecRef {
  readonly name: string;
  /** A specific version; absent = the latest available (or the label's version). */
  readonly version?: bigint;
  readonly versionLabel?: string;
  /** Absent or "" = `serving_default`. */
  readonly signatureName?: string;
}

/** A signature's input or output as reported in metadata (TensorInfo). -1 = unknown dim; undefined shape = unknown rank. */
export interface TensorSpec {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[] | undefined;
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
