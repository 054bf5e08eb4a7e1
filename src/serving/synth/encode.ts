import { SealedError } from "../../common/errors.ts";
import type { AttrValue, GraphSpec, ValueSpec } from "./graph.ts";
import { numel } from "./graph.ts";
import {
  ATTR_FLOAT,
  ATTR_INT,
  ATTR_INTS,
  GRAPH_INITIALIZER_FIELD,
  GraphProto,
  MODEL_GRAPH_FIELD,
  ModelProto,
  ONNX_FLOAT,
  TENSOR_RAW_DATA_FIELD,
  TensorProto,
} from "./onnx-schema.ts";
import { Xorshift32 } from "./xorshift.ts";

/** Model-level facts written into ModelProto. */
export interface ModelMeta {
  readonly irVersion: number;
  readonly opset: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString: string;
  readonly seed: number;
}

const WIRE_LEN = 2; // protobuf wire type 2: length-delimited

const varintLen = (n: number): number => {
  let len = 1;
  for (let v = n; v >= 0x80; v = Math.floor(v / 128)) len++;
  return len;
};

function writeVarint(out: Uint8Array, off: number, n: number): number {
  let v = n;
  while (v >= 0x80) {
    out[off++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  out[off++] = v;
  return off;
}

const tagOf = (field: number): number => (field << 3) | WIRE_LEN;

function attribute(name: string, v: AttrValue): Record<string, unknown> {
  if ("i" in v) return { name, type: ATTR_INT, i: v.i };
  if ("ints" in v) return { name, type: ATTR_INTS, ints: [...v.ints] };
  return { name, type: ATTR_FLOAT, f: v.f };
}

const valueInfo = (v: ValueSpec) => ({
  name: v.name,
  type: {
    tensor_type: {
      elem_type: ONNX_FLOAT,
      shape: { dim: v.shape.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })) },
    },
  },
});

/** Little-endian check: raw_data is little-endian float32 and is written from a Float32Array. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Encodes `graph` as an ONNX ModelProto. The small parts (nodes, signature, tensor headers) are
 * encoded with protobufjs; the initializers' raw_data (the bulk) is written straight into one
 * preallocated buffer of the exact final size, filled from one xorshift32 stream in initializer
 * order, so the same spec and seed always give the same bytes.
 */
export function encodeModel(graph: GraphSpec, meta: ModelMeta): Uint8Array {
  if (!LITTLE_ENDIAN) throw new SealedError("INTERNAL", "model synthesis needs a little-endian host");
  const skeleton = GraphProto.encode({
    node: graph.nodes.map((n) => ({
      input: [...n.inputs],
      output: [...n.outputs],
      name: n.name,
      op_type: n.opType,
      attribute: Object.entries(n.attrs).map(([k, v]) => attribute(k, v)),
    })),
    name: graph.name,
    input: graph.inputs.map(valueInfo),
    output: graph.outputs.map(valueInfo),
  }).finish();

  const tensors = graph.initializers.map((t) => {
    const header = TensorProto.encode({ dims: [...t.dims], data_type: ONNX_FLOAT, name: t.name }).finish();
    const rawLen = numel(t.dims) * 4;
    const tensorLen = header.length + 1 + varintLen(rawLen) + rawLen;
    return { spec: t, header, rawLen, tensorLen, fieldLen: 1 + varintLen(tensorLen) + tensorLen };
  });
  const graphLen = skeleton.length + tensors.reduce((n, t) => n + t.fieldLen, 0);

  const head = ModelProto.encode({
    ir_version: meta.irVersion,
    producer_name: meta.producerName,
    producer_version: meta.producerVersion,
    doc_string: meta.docString,
    opset_import: [{ domain: "", version: meta.opset }],
  }).finish();
  const total = head.length + 1 + varintLen(graphLen) + graphLen;

  const out = new Uint8Array(total);
  let off = 0;
  out.set(head, off);
  off += head.length;
  out[off++] = tagOf(MODEL_GRAPH_FIELD);
  off = writeVarint(out, off, graphLen);
  out.set(skeleton, off);
  off += skeleton.length;

  const rng = new Xorshift32(meta.seed);
  const maxFloats = tensors.reduce((m, t) => Math.max(m, t.rawLen / 4), 0);
  const scratch = new Float32Array(maxFloats);
  const scratchBytes = new Uint8Array(scratch.buffer);
  for (const t of tensors) {
    out[off++] = tagOf(GRAPH_INITIALIZER_FIELD);
    off = writeVarint(out, off, t.tensorLen);
    out.set(t.header, off);
    off += t.header.length;
    out[off++] = tagOf(TENSOR_RAW_DATA_FIELD);
    off = writeVarint(out, off, t.rawLen);
    const values = scratch.subarray(0, t.rawLen / 4);
    if (t.spec.fill.kind === "uniform") {
      rng.fillUniform(values, t.spec.fill.limit);
      if (t.spec.fill.zeroMeanRows) subtractRowMeans(values, t.spec.fill.zeroMeanRows);
    } else values.fill(t.spec.fill.value);
    out.set(scratchBytes.subarray(0, t.rawLen), off);
    off += t.rawLen;
  }
  if (off !== total) throw new SealedError("INTERNAL", `ONNX encoder wrote ${off} bytes, expected ${total}`);
  return out;
}

/** Makes every row of `rowLen` values sum to zero (float64 mean, then one float32 subtraction each). */
function subtractRowMeans(values: Float32Array, rowLen: number): void {
  for (let r = 0; r + rowLen <= values.length; r += rowLen) {
    let sum = 0;
    for (let i = r; i < r + rowLen; i++) sum += values[i]!;
    const mean = sum / rowLen;
    for (let i = r; i < r + rowLen; i++) values[i] = values[i]! - mean;
  }
}
