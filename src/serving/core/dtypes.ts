import type { DType, TensorData } from "./tensor.ts";

/**
 * dtype facts in one table: TensorFlow `DataType` numbers (specs/tf-serving-api.md, "DataType"),
 * ONNX Runtime type names and element sizes.
 */
interface DTypeInfo {
  /** tensorflow.DataType enum value. */
  readonly tf: number;
  /** onnxruntime-node Tensor.Type. */
  readonly ort: string;
  /** Bytes per element in tensor_content (0 for STRING: no fixed width). */
  readonly bytes: number;
}

export const DTYPES: Readonly<Record<DType, DTypeInfo>> = Object.freeze({
  FLOAT: { tf: 1, ort: "float32", bytes: 4 },
  DOUBLE: { tf: 2, ort: "float64", bytes: 8 },
  INT32: { tf: 3, ort: "int32", bytes: 4 },
  UINT8: { tf: 4, ort: "uint8", bytes: 1 },
  INT16: { tf: 5, ort: "int16", bytes: 2 },
  INT8: { tf: 6, ort: "int8", bytes: 1 },
  STRING: { tf: 7, ort: "string", bytes: 0 },
  INT64: { tf: 9, ort: "int64", bytes: 8 },
  BOOL: { tf: 10, ort: "bool", bytes: 1 },
  UINT16: { tf: 17, ort: "uint16", bytes: 2 },
  HALF: { tf: 19, ort: "float16", bytes: 2 },
  UINT32: { tf: 22, ort: "uint32", bytes: 4 },
  UINT64: { tf: 23, ort: "uint64", bytes: 8 },
});

const byTf = new Map<number, DType>(Object.entries(DTYPES).map(([k, v]) => [v.tf, k as DType]));
const byOrt = new Map<string, DType>(Object.entries(DTYPES).map(([k, v]) => [v.ort, k as DType]));

/** DType for a tensorflow.DataType number, or undefined when Sealed does not serve it. */
export function dtypeFromTf(n: number): DType | undefined {
  return byTf.get(n);
}

/** DType for an ONNX Runtime type name, or undefined when it has no TF equivalent here. */
export function dtypeFromOrt(name: string): DType | undefined {
  return byOrt.get(name);
}

/** `DT_FLOAT` style name, as TF Serving prints dtypes. */
export function tfName(dtype: DType): string {
  return `DT_${dtype}`;
}

type NumericCtor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Int8ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor
  | Uint16ArrayConstructor
  | Uint32ArrayConstructor;

const CTORS: Readonly<Record<Exclude<DType, "STRING">, NumericCtor>> = {
  FLOAT: Float32Array,
  DOUBLE: Float64Array,
  INT32: Int32Array,
  UINT8: Uint8Array,
  INT16: Int16Array,
  INT8: Int8Array,
  INT64: BigInt64Array,
  BOOL: Uint8Array,
  UINT16: Uint16Array,
  HALF: Uint16Array,
  UINT32: Uint32Array,
  UINT64: BigUint64Array,
};

/** Typed-array constructor for a numeric dtype. */
export function typedArrayCtor(dtype: Exclude<DType, "STRING">): NumericCtor {
  return CTORS[dtype];
}

/** A zero-filled array of `n` elements of `dtype`. */
export function allocData(dtype: DType, n: number): TensorData {
  if (dtype === "STRING") return new Array<Uint8Array>(n).fill(new Uint8Array(0));
  return new CTORS[dtype](n);
}
