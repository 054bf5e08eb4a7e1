import { SealedError } from "../../common/errors.ts";
import { type DType, elementCount, type Tensor, type TensorData } from "../core/tensor.ts";
import { BigIntText, DenseNumbers, isB64Object, isJsonObject, type JsonValue, jsonKind } from "./json-value.ts";
import { floatToHalfBits } from "./number-format.ts";

/**
 * JSON value -> Tensor of a signature input's dtype (TF Serving `json_tensor.cc` rules):
 * nested arrays give the shape and must be rectangular; numbers fill numeric dtypes (integers
 * only, in range, for integer dtypes); `true`/`false` fill BOOL; strings (UTF-8) and
 * `{"b64": "..."}` fill STRING. `what` names the input in error messages.
 */
export function jsonToTensor(v: JsonValue, dtype: DType, what: string): Tensor {
  if (v instanceof DenseNumbers) return denseToTensor(v, dtype, what);
  const shape = inferShape(v);
  const n = elementCount(shape);
  const sink = makeSink(dtype, n, what);
  let index = 0;
  const walk = (node: JsonValue, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (Array.isArray(node) || node instanceof DenseNumbers) {
        throw ragged(what, `${path} is an array but other elements at this depth are scalars`);
      }
      sink.set(index++, node, path);
      return;
    }
    const want = shape[dim];
    if (node instanceof DenseNumbers) {
      const rest = shape.slice(dim);
      if (node.shape.length !== rest.length || node.shape.some((d, i) => d !== rest[i])) {
        throw ragged(what, `${path} has shape [${node.shape}] but its siblings have shape [${rest}]`);
      }
      sink.setDense(index, node, path);
      index += node.values.length;
      return;
    }
    if (!Array.isArray(node)) throw ragged(what, `${path} is ${jsonKind(node)} but an array of ${want} was expected`);
    if (node.length !== want) throw ragged(what, `${path} has ${node.length} elements, expected ${want}`);
    for (let i = 0; i < node.length; i++) walk(node[i], dim + 1, `${path}[${i}]`);
  };
  walk(v, 0, "value");
  return Object.freeze({ dtype, shape: Object.freeze(shape), data: sink.data });
}

/** Shape from the first element at every depth (DenseNumbers contribute their own shape). */
function inferShape(v: JsonValue): number[] {
  const shape: number[] = [];
  let cur: JsonValue | undefined = v;
  for (;;) {
    if (cur instanceof DenseNumbers) {
      shape.push(...cur.shape);
      return shape;
    }
    if (!Array.isArray(cur)) return shape;
    shape.push(cur.length);
    if (cur.length === 0) return shape;
    cur = cur[0];
  }
}

function ragged(what: string, detail: string): SealedError {
  return new SealedError(
    "SRV_REST_BAD_TENSOR_VALUE",
    `${what}: ragged nested arrays (${detail}); tensors must be rectangular`,
  );
}

function badValue(what: string, path: string, detail: string): SealedError {
  return new SealedError("SRV_REST_BAD_TENSOR_VALUE", `${what}: ${path} ${detail}`);
}

interface Sink {
  readonly data: TensorData;
  set(i: number, v: JsonValue, path: string): void;
  setDense(at: number, d: DenseNumbers, path: string): void;
}

const INT_RANGES: Partial<Record<DType, readonly [number, number]>> = {
  INT8: [-128, 127],
  UINT8: [0, 255],
  INT16: [-32768, 32767],
  UINT16: [0, 65535],
  INT32: [-2147483648, 2147483647],
  UINT32: [0, 4294967295],
};

const INT64_RANGE = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const UINT64_RANGE = [0n, 2n ** 64n - 1n] as const;

function makeSink(dtype: DType, n: number, what: string): Sink {
  switch (dtype) {
    case "FLOAT":
      return numberSink(new Float32Array(n), what, dtype, (x) => Math.fround(x), true);
    case "DOUBLE":
      return numberSink(new Float64Array(n), what, dtype, (x) => x, false);
    case "HALF":
      return numberSink(new Uint16Array(n), what, dtype, floatToHalfBits, true);
    case "INT8":
      return intSink(new Int8Array(n), what, dtype);
    case "UINT8":
      return intSink(new Uint8Array(n), what, dtype);
    case "INT16":
      return intSink(new Int16Array(n), what, dtype);
    case "UINT16":
      return intSink(new Uint16Array(n), what, dtype);
    case "INT32":
      return intSink(new Int32Array(n), what, dtype);
    case "UINT32":
      return intSink(new Uint32Array(n), what, dtype);
    case "INT64":
      return bigSink(new BigInt64Array(n), what, dtype, INT64_RANGE);
    case "UINT64":
      return bigSink(new BigUint64Array(n), what, dtype, UINT64_RANGE);
    case "BOOL":
      return boolSink(new Uint8Array(n), what);
    case "STRING":
      return stringSink(new Array<Uint8Array>(n), what);
  }
}

function numberOf(v: JsonValue): number | undefined {
  if (typeof v === "number") return v;
  if (v instanceof BigIntText) return v.value;
  return undefined;
}

function expectedNumber(what: string, path: string, dtype: DType, v: JsonValue): SealedError {
  return badValue(what, path, `is ${jsonKind(v)}, but dtype ${dtype} needs a number`);
}

/** FLOAT / DOUBLE / HALF: any number; finite values must stay finite after narrowing. */
function numberSink(
  data: Float32Array | Float64Array | Uint16Array,
  what: string,
  dtype: DType,
  conv: (x: number) => number,
  checkRange: boolean,
): Sink {
  // A finite JSON number must not overflow to Infinity when narrowed (TF Serving rejects it too).
  const overflowed = dtype === "HALF" ? (y: number) => (y & 0x7fff) === 0x7c00 : (y: number) => !Number.isFinite(y);
  const check = (x: number, y: number, path: string) => {
    if (checkRange && Number.isFinite(x) && overflowed(y)) {
      throw badValue(what, path, `(${x}) is out of range for dtype ${dtype}`);
    }
  };
  return {
    data,
    set(i, v, path) {
      const x = numberOf(v);
      if (x === undefined) throw expectedNumber(what, path, dtype, v);
      const y = conv(x);
      check(x, y, path);
      data[i] = y;
    },
    setDense(at, d, path) {
      const src = d.values;
      if (dtype === "FLOAT" || dtype === "DOUBLE") {
        data.set(src, at);
        if (checkRange) {
          for (let i = 0; i < src.length; i++) {
            if (!Number.isFinite(data[at + i]) && Number.isFinite(src[i]))
              check(src[i], data[at + i], `${path} (flat element ${i})`);
          }
        }
        return;
      }
      for (let i = 0; i < src.length; i++) {
        const y = conv(src[i]);
        check(src[i], y, `${path} (flat element ${i})`);
        data[at + i] = y;
      }
    },
  };
}

/** INT8..UINT32: integral numbers within the dtype's range. */
function intSink(
  data: Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array,
  what: string,
  dtype: DType,
): Sink {
  const [lo, hi] = INT_RANGES[dtype]!;
  const put = (i: number, x: number, path: string) => {
    if (!Number.isInteger(x)) throw badValue(what, path, `(${x}) is not an integer, but dtype ${dtype} needs one`);
    if (x < lo || x > hi) throw badValue(what, path, `(${x}) is out of range for dtype ${dtype} [${lo}, ${hi}]`);
    data[i] = x;
  };
  return {
    data,
    set(i, v, path) {
      const x = numberOf(v);
      if (x === undefined) throw expectedNumber(what, path, dtype, v);
      put(i, x, path);
    },
    setDense(at, d, path) {
      const src = d.values;
      for (let i = 0; i < src.length; i++) put(at + i, src[i], `${path} (flat element ${i})`);
    },
  };
}

/** INT64 / UINT64: exact integers (big tokens keep their digits). */
function bigSink(
  data: BigInt64Array | BigUint64Array,
  what: string,
  dtype: DType,
  [lo, hi]: readonly [bigint, bigint],
): Sink {
  const put = (i: number, x: number, text: string | undefined, path: string) => {
    if (!Number.isInteger(x)) throw badValue(what, path, `(${x}) is not an integer, but dtype ${dtype} needs one`);
    const b = text === undefined ? BigInt(x) : BigInt(text);
    if (b < lo || b > hi) throw badValue(what, path, `(${text ?? x}) is out of range for dtype ${dtype}`);
    data[i] = b;
  };
  return {
    data,
    set(i, v, path) {
      if (v instanceof BigIntText) return put(i, v.value, v.text, path);
      if (typeof v !== "number") throw expectedNumber(what, path, dtype, v);
      put(i, v, undefined, path);
    },
    setDense(at, d, path) {
      const src = d.values;
      for (let i = 0; i < src.length; i++) put(at + i, src[i], d.bigInts?.get(i), `${path} (flat element ${i})`);
    },
  };
}

function boolSink(data: Uint8Array, what: string): Sink {
  return {
    data,
    set(i, v, path) {
      if (typeof v !== "boolean") throw badValue(what, path, `is ${jsonKind(v)}, but dtype BOOL needs true or false`);
      data[i] = v ? 1 : 0;
    },
    setDense(_at, _d, path) {
      throw badValue(what, path, "holds numbers, but dtype BOOL needs true or false");
    },
  };
}

const B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

function stringSink(data: Uint8Array[], what: string): Sink {
  const enc = new TextEncoder();
  return {
    data,
    set(i, v, path) {
      if (typeof v === "string") {
        data[i] = enc.encode(v);
        return;
      }
      if (isB64Object(v)) {
        const text = v.get("b64") as string;
        if (!B64_RE.test(text)) throw badValue(what, path, 'has invalid base64 in its {"b64": ...} value');
        data[i] = new Uint8Array(Buffer.from(text, "base64"));
        return;
      }
      const hint = isJsonObject(v) ? ' (binary values are written {"b64": "..."} with only that key)' : "";
      throw badValue(what, path, `is ${jsonKind(v)}, but dtype STRING needs a string${hint}`);
    },
    setDense(_at, _d, path) {
      throw badValue(what, path, "holds numbers, but dtype STRING needs strings");
    },
  };
}

function denseToTensor(d: DenseNumbers, dtype: DType, what: string): Tensor {
  const sink = makeSink(dtype, d.values.length, what);
  sink.setDense(0, d, "value");
  return Object.freeze({ dtype, shape: Object.freeze([...d.shape]), data: sink.data });
}
