import { allocData } from "./dtypes.ts";
import { markOwned } from "./owned-buffers.ts";
import type { Tensor, TensorData } from "./tensor.ts";

type Numeric = Exclude<TensorData, readonly Uint8Array[]>;

/** Elements per row (product of all dims after dim 0). */
export function rowSize(shape: readonly number[]): number {
  let n = 1;
  for (let i = 1; i < shape.length; i++) n *= shape[i];
  return n;
}

/**
 * Concatenates tensors of one input along dim 0 and pads up to `paddedRows` by repeating the
 * first row (as TF Serving's batching pads). All parts share dtype and inner dims.
 */
export function concatRows(parts: readonly Tensor[], paddedRows: number): Tensor {
  const first = parts[0];
  const inner = rowSize(first.shape);
  const rows = parts.reduce((n, t) => n + t.shape[0], 0);
  const total = Math.max(rows, paddedRows);
  const shape = [total, ...first.shape.slice(1)];
  if (first.dtype === "STRING") {
    const out: Uint8Array[] = [];
    for (const t of parts) out.push(...(t.data as readonly Uint8Array[]));
    for (let r = rows; r < total; r++) out.push(...(first.data as readonly Uint8Array[]).slice(0, inner));
    return { dtype: first.dtype, shape, data: out };
  }
  const data = markOwned(allocData(first.dtype, total * inner) as Numeric);
  let off = 0;
  for (const t of parts) {
    (data as Float32Array).set(t.data as Float32Array, off);
    off += t.data.length;
  }
  const row0 = (first.data as Float32Array).subarray(0, inner);
  for (let r = rows; r < total; r++, off += inner) (data as Float32Array).set(row0, off);
  return { dtype: first.dtype, shape, data };
}

/** Rows [start, start+count) of a batched output, as a view where possible. */
export function sliceRows(t: Tensor, start: number, count: number): Tensor {
  const inner = rowSize(t.shape);
  const shape = [count, ...t.shape.slice(1)];
  const from = start * inner;
  const to = from + count * inner;
  const data =
    t.dtype === "STRING"
      ? (t.data as readonly Uint8Array[]).slice(from, to)
      : (t.data as Float32Array).subarray(from, to);
  return { dtype: t.dtype, shape, data };
}
