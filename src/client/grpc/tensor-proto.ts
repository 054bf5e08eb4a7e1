import { endianness } from "node:os";
import { SealedError } from "../../common/errors.ts";
import type { FloatInput, OutputTensor, TensorInfoLite } from "../types.ts";

/** TensorProto as protobufjs `toObject` gives it (keepCase, longs as Number, enums as String, bytes as Buffer). */
export interface TensorProtoObject {
  dtype?: string;
  tensor_shape?: { dim?: { size?: number | string }[]; unknown_rank?: boolean };
  tensor_content?: Uint8Array;
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  int64_val?: (number | string)[];
  bool_val?: boolean[];
  uint32_val?: number[];
  uint64_val?: (number | string)[];
}

const LE = endianness() === "LE";

/** Little-endian bytes of a float32 array (TensorProto.tensor_content is always little-endian). */
export function float32ToLeBytes(data: Float32Array): Uint8Array {
  if (LE) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return out;
}

/** The TensorProto (plain object for protobufjs `fromObject`) of a float input: DT_FLOAT, values in tensor_content. */
export function floatInputToTensorProto(input: FloatInput): Record<string, unknown> {
  return {
    dtype: "DT_FLOAT",
    tensor_shape: { dim: input.shape.map((size) => ({ size })) },
    tensor_content: float32ToLeBytes(input.data),
  };
}

function shapeOf(t: TensorProtoObject): number[] {
  return (t.tensor_shape?.dim ?? []).map((d) => Number(d.size ?? 0));
}

/** Element size in tensor_content, and how to read one little-endian element. */
const CONTENT_READERS: Readonly<Record<string, [number, (v: DataView, o: number) => number]>> = {
  DT_FLOAT: [4, (v, o) => v.getFloat32(o, true)],
  DT_DOUBLE: [8, (v, o) => v.getFloat64(o, true)],
  DT_INT32: [4, (v, o) => v.getInt32(o, true)],
  DT_UINT32: [4, (v, o) => v.getUint32(o, true)],
  DT_INT16: [2, (v, o) => v.getInt16(o, true)],
  DT_UINT16: [2, (v, o) => v.getUint16(o, true)],
  DT_INT8: [1, (v, o) => v.getInt8(o)],
  DT_UINT8: [1, (v, o) => v.getUint8(o)],
  DT_BOOL: [1, (v, o) => v.getUint8(o)],
  DT_INT64: [8, (v, o) => Number(v.getBigInt64(o, true))],
  DT_UINT64: [8, (v, o) => Number(v.getBigUint64(o, true))],
};

function listValues(t: TensorProtoObject): number[] | undefined {
  switch (t.dtype) {
    case "DT_FLOAT":
      return t.float_val;
    case "DT_DOUBLE":
      return t.double_val;
    case "DT_INT32":
    case "DT_INT16":
    case "DT_INT8":
    case "DT_UINT8":
    case "DT_UINT16":
      return t.int_val;
    case "DT_INT64":
      return t.int64_val?.map(Number);
    case "DT_UINT32":
      return t.uint32_val;
    case "DT_UINT64":
      return t.uint64_val?.map(Number);
    case "DT_BOOL":
      return t.bool_val?.map((b) => (b ? 1 : 0));
    default:
      return undefined;
  }
}

/**
 * Decodes a numeric TensorProto (tensor_content or the typed *_val list, with TF's broadcast of
 * a single value) into an OutputTensor; a size mismatch or unsupported dtype is CLIENT_BAD_RESPONSE.
 */
export function tensorProtoToOutput(name: string, t: TensorProtoObject): OutputTensor {
  const dtype = t.dtype ?? "DT_INVALID";
  const shape = shapeOf(t);
  const count = shape.reduce((a, b) => a * b, 1);
  const reader = CONTENT_READERS[dtype];
  if (!reader) throw new SealedError("CLIENT_BAD_RESPONSE", `output '${name}' has unsupported dtype ${dtype}`);
  const content = t.tensor_content;
  if (content && content.length > 0) {
    const [size, read] = reader;
    if (content.length !== count * size) {
      throw new SealedError(
        "CLIENT_BAD_RESPONSE",
        `output '${name}': tensor_content has ${content.length} bytes, shape needs ${count * size}`,
      );
    }
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
    const values = dtype === "DT_FLOAT" ? new Float32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++) values[i] = read(view, i * size);
    return { dtype, shape, values };
  }
  const list = listValues(t) ?? [];
  if (list.length === count) return { dtype, shape, values: dtype === "DT_FLOAT" ? Float32Array.from(list) : list };
  if (list.length === 1) return { dtype, shape, values: new Array<number>(count).fill(list[0]) };
  if (list.length === 0 && count === 0) return { dtype, shape, values: [] };
  throw new SealedError(
    "CLIENT_BAD_RESPONSE",
    `output '${name}' has ${list.length} values, shape [${shape}] needs ${count}`,
  );
}

/** TensorInfo (protobufjs object) -> TensorInfoLite. */
export function tensorInfoToLite(
  name: string,
  info: { name?: string; dtype?: string; tensor_shape?: TensorProtoObject["tensor_shape"] },
): TensorInfoLite {
  const ts = info.tensor_shape;
  return {
    name: info.name ?? name,
    dtype: info.dtype ?? "DT_INVALID",
    shape: ts === undefined || ts.unknown_rank ? undefined : (ts.dim ?? []).map((d) => Number(d.size ?? 0)),
  };
}
