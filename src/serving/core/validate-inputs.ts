import { SealedError } from "../../common/errors.ts";
import { DTYPES, tfName } from "./dtypes.ts";
import type { SignatureInfo } from "./serving-core.ts";
import type { Tensor } from "./tensor.ts";

function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

function fmtSet(names: Iterable<string>): string {
  return `{${[...names].sort().join(",")}}`;
}

/** Decoded size of a tensor in bytes (strings: their byte lengths). */
export function tensorByteSize(t: Tensor): number {
  if (t.dtype === "STRING") {
    let n = 0;
    for (const s of t.data as readonly Uint8Array[]) n += s.byteLength;
    return n;
  }
  return t.data.length * DTYPES[t.dtype].bytes;
}

/**
 * Checks a request's inputs against a predict signature before inference: the same input names
 * (TF Serving's "input size does not match signature" text), then per input dtype, rank, static
 * dimensions, and the total decoded size against `maxBytes`.
 */
export function validateInputs(sig: SignatureInfo, inputs: ReadonlyMap<string, Tensor>, maxBytes: number): void {
  const expected = Object.keys(sig.inputs);
  const extra = [...inputs.keys()].filter((k) => !Object.hasOwn(sig.inputs, k));
  const missing = expected.filter((k) => !inputs.has(k));
  if (extra.length > 0 || missing.length > 0) {
    throw new SealedError(
      "SRV_INPUT_MISMATCH",
      `input size does not match signature: ${inputs.size}!=${expected.length} len(${fmtSet(inputs.keys())}) != len(${fmtSet(expected)}). Sent extra: ${fmtSet(extra)}. Missing but required: ${fmtSet(missing)}.`,
    );
  }
  let total = 0;
  for (const [name, t] of inputs) {
    const spec = sig.inputs[name];
    if (t.dtype !== spec.dtype) {
      throw new SealedError(
        "SRV_INPUT_DTYPE",
        `input '${name}': expects dtype ${tfName(spec.dtype)} but ${tfName(t.dtype)} was provided`,
      );
    }
    if (spec.shape) {
      const want = spec.shape;
      if (t.shape.length !== want.length) {
        throw new SealedError(
          "SRV_INPUT_SHAPE",
          `input '${name}': expects shape ${fmtShape(want)} (rank ${want.length}) but got ${fmtShape(t.shape)} (rank ${t.shape.length})`,
        );
      }
      for (let i = 0; i < want.length; i++) {
        if (want[i] >= 0 && t.shape[i] !== want[i]) {
          throw new SealedError(
            "SRV_INPUT_SHAPE",
            `input '${name}': dimension ${i} must be ${want[i]} (expected shape ${fmtShape(want)}, -1 = any) but got shape ${fmtShape(t.shape)}`,
          );
        }
      }
    }
    total += tensorByteSize(t);
    if (total > maxBytes) {
      throw new SealedError(
        "SRV_REQUEST_TOO_LARGE",
        `request tensors exceed the limit of ${maxBytes} bytes (at input '${name}')`,
      );
    }
  }
}

/** Checks output_filter names against the signature; returns the outputs to compute. */
export function selectOutputs(sig: SignatureInfo, filter: readonly string[] | undefined): string[] {
  const all = Object.keys(sig.outputs);
  if (!filter || filter.length === 0) return all;
  for (const name of filter) {
    if (!Object.hasOwn(sig.outputs, name)) {
      throw new SealedError("SRV_OUTPUT_FILTER", `output tensor alias not found in signature: ${name}`);
    }
  }
  return [...new Set(filter)];
}
