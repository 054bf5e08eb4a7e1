import type { Tensor } from "../core/tensor.ts";
import { formatFloat32, formatFloat64, halfBitsToFloat } from "./number-format.ts";

/**
 * Tensor -> JSON text as TF Serving writes predict outputs: nested single-line arrays following
 * the shape (`[1.0, 2.5]`), floats as json_tensor.cc's WriteDecimal does (`number-format.ts`;
 * NaN / Infinity / -Infinity as bare tokens), int64 as plain numbers, BOOL as true/false, STRING as a JSON string, or as
 * `{"b64": "..."}` when the output's name ends in `_bytes`.
 */
export function tensorToJson(t: Tensor, name: string): string {
  return subTensorToJson(t, name, 0, 0);
}

/** JSON of the sub-tensor starting at dimension `dim` and flat element `offset` (row `i` = dim 1, offset i*rowSize). */
export function subTensorToJson(t: Tensor, name: string, dim: number, offset: number): string {
  const fmt = elementFormatter(t, name);
  const shape = t.shape;
  const strides: number[] = new Array(shape.length + 1);
  strides[shape.length] = 1;
  for (let i = shape.length - 1; i >= 0; i--) strides[i] = strides[i + 1] * shape[i];
  const write = (d: number, off: number): string => {
    if (d === shape.length) return fmt(off);
    const n = shape[d];
    const step = strides[d + 1];
    let s = "[";
    if (d === shape.length - 1) {
      for (let i = 0; i < n; i++) s += (i === 0 ? "" : ", ") + fmt(off + i);
    } else {
      for (let i = 0; i < n; i++) s += (i === 0 ? "" : ", ") + write(d + 1, off + i * step);
    }
    return `${s}]`;
  };
  return write(dim, offset);
}

/** Number of flat elements in one row (product of shape[1:]). */
export function rowSize(t: Tensor): number {
  let n = 1;
  for (let i = 1; i < t.shape.length; i++) n *= t.shape[i];
  return n;
}

function elementFormatter(t: Tensor, name: string): (i: number) => string {
  const data = t.data;
  switch (t.dtype) {
    case "FLOAT": {
      const a = data as Float32Array;
      return (i) => formatFloat32(a[i]);
    }
    case "DOUBLE": {
      const a = data as Float64Array;
      return (i) => formatFloat64(a[i]);
    }
    case "HALF": {
      const a = data as Uint16Array;
      return (i) => formatFloat32(halfBitsToFloat(a[i]));
    }
    case "BOOL": {
      const a = data as Uint8Array;
      return (i) => (a[i] ? "true" : "false");
    }
    case "STRING": {
      const a = data as readonly Uint8Array[];
      if (name.endsWith("_bytes")) {
        return (i) => `{"b64":"${Buffer.from(a[i].buffer, a[i].byteOffset, a[i].byteLength).toString("base64")}"}`;
      }
      const dec = new TextDecoder();
      return (i) => JSON.stringify(dec.decode(a[i]));
    }
    default: {
      // Integer dtypes (incl. BigInt64Array / BigUint64Array): plain decimal numbers.
      const a = data as ArrayLike<number | bigint>;
      return (i) => String(a[i]);
    }
  }
}
