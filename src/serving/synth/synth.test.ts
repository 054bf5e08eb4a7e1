import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { DEFAULT_SEED, synthesize, synthModel } from "./index.ts";
import { ModelProto } from "./onnx-schema.ts";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

interface Decoded {
  ir_version: number;
  opset_import: { domain?: string; version: number }[];
  graph: {
    name: string;
    node: {
      name: string;
      op_type: string;
      input: string[];
      output: string[];
      attribute?: { name: string; ints?: number[] }[];
    }[];
    initializer: { name: string; dims: number[]; data_type: number; raw_data: Uint8Array }[];
    input: {
      name: string;
      type: { tensor_type: { elem_type: number; shape: { dim: { dim_value?: number; dim_param?: string }[] } } };
    }[];
    output: Decoded["graph"]["input"];
  };
}

/** Decodes with the hand-written schema, independently of the hand-written encoder. */
const decode = (bytes: Uint8Array) =>
  ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, defaults: false }) as unknown as Decoded;

const shapeOf = (v: Decoded["graph"]["input"][number]) =>
  v.type.tensor_type.shape.dim.map((d) => d.dim_param ?? d.dim_value);

const ints = (node: Decoded["graph"]["node"][number], name: string) =>
  node.attribute?.find((a) => a.name === name)?.ints;

describe("synthetic ResNet50 v1.5", () => {
  const r = synthesize("resnet50");
  const m = decode(r.bytes);

  test("decodes as a ModelProto with IR 8, opset 17 and the seed's signature", () => {
    assert.equal(m.ir_version, 8);
    assert.deepEqual(
      m.opset_import.map((o) => o.version),
      [17],
    );
    assert.equal(m.graph.input.length, 1);
    assert.equal(m.graph.input[0]?.name, "input");
    assert.equal(m.graph.input[0]?.type.tensor_type.elem_type, 1);
    assert.deepEqual(shapeOf(m.graph.input[0] as never), ["N", 224, 224, 3]);
    assert.deepEqual(shapeOf(m.graph.output[0] as never), ["N", 1001]);
    assert.equal(m.graph.output[0]?.name, "predict");
    const first = m.graph.node[0];
    assert.equal(first?.op_type, "Transpose");
    assert.deepEqual(ints(first as never, "perm"), [0, 3, 1, 2]);
    const last = m.graph.node.at(-1);
    assert.equal(last?.op_type, "Softmax");
    assert.deepEqual(last?.output, ["predict"]);
  });

  test("every initializer's raw_data matches its dims, names are unique, nodes are topological", () => {
    const names = new Set<string>();
    for (const t of m.graph.initializer) {
      assert.equal(t.data_type, 1);
      assert.equal(t.raw_data.length, t.dims.reduce((a, b) => a * b, 1) * 4, t.name);
      assert.ok(!names.has(t.name), t.name);
      names.add(t.name);
    }
    const known = new Set([...names, "input"]);
    for (const n of m.graph.node) {
      for (const i of n.input) assert.ok(known.has(i), `${n.name} reads ${i} before it exists`);
      for (const o of n.output) known.add(o);
    }
  });

  test("architecture: 16 bottlenecks, 53 convolutions, torchvision's 25,557,032 weights for 1000 classes", () => {
    const count = (op: string) => m.graph.node.filter((n) => n.op_type === op).length;
    assert.equal(count("Add"), 3 + 4 + 6 + 3);
    assert.equal(count("Conv"), 1 + 16 * 3 + 4);
    assert.equal(count("BatchNormalization"), count("Conv"));
    // Transpose, stem (conv, bn, relu, maxpool), 16 x (3 conv + 3 bn + 3 relu + add), 4 x (conv + bn), head (4).
    assert.equal(r.nodes, 1 + 4 + 16 * 10 + 4 * 2 + 4);
    assert.equal(r.nodes, m.graph.node.length);
    const thousand = synthesize("resnet50", { classes: 1000 });
    const runningStats = m.graph.initializer
      .filter((t) => t.name.endsWith(".mean") || t.name.endsWith(".var"))
      .reduce((n, t) => n + (t.dims[0] as number), 0);
    assert.equal(thousand.params - runningStats, 25_557_032);
    assert.equal(r.params - thousand.params, 2048 + 1);
  });

  test("v1.5: the stride of a downsampling block sits on its 3x3 convolution", () => {
    const node = (name: string) => m.graph.node.find((n) => n.name === name) as never;
    for (const stage of [2, 3, 4]) {
      assert.deepEqual(ints(node(`layer${stage}.0.conv1`), "strides"), [1, 1]);
      assert.deepEqual(ints(node(`layer${stage}.0.conv2`), "strides"), [2, 2]);
      assert.deepEqual(ints(node(`layer${stage}.0.conv2`), "kernel_shape"), [3, 3]);
      assert.deepEqual(ints(node(`layer${stage}.0.downsample`), "strides"), [2, 2]);
    }
    assert.deepEqual(ints(node("layer1.0.conv2"), "strides"), [1, 1]);
  });

  test("He-uniform weights stay within sqrt(6 / fan_in) and are not constant", () => {
    const w = m.graph.initializer.find((t) => t.name === "layer3.2.conv2.weight");
    assert.ok(w);
    const f = new Float32Array(
      w.raw_data.buffer.slice(w.raw_data.byteOffset, w.raw_data.byteOffset + w.raw_data.length),
    );
    const limit = Math.sqrt(6 / (256 * 3 * 3));
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const x of f) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    assert.ok(min >= -limit && max < limit, `${min}..${max} vs ${limit}`);
    assert.ok(max - min > limit, "values should spread over the range");
  });
});

describe("determinism and options", () => {
  test("resnet50: two generations give the same SHA-256; another seed or layout changes it", () => {
    const a = sha256(synthModel("resnet50"));
    const b = sha256(synthModel("resnet50"));
    assert.equal(a, b);
    assert.notEqual(sha256(synthModel("resnet50", { seed: DEFAULT_SEED + 1 })), a);
    assert.notEqual(sha256(synthModel("resnet50", { layout: "nchw" })), a);
  });

  test("tiny: deterministic, and --classes / nchw change the signature", () => {
    assert.equal(sha256(synthModel("tiny")), sha256(synthModel("tiny")));
    const t = decode(synthModel("tiny", { classes: 10, layout: "nchw" }));
    assert.deepEqual(shapeOf(t.graph.input[0] as never), ["N", 3, 224, 224]);
    assert.deepEqual(shapeOf(t.graph.output[0] as never), ["N", 10]);
    assert.ok(!t.graph.node.some((n) => n.op_type === "Transpose"));
  });

  test("invalid options are SRV_SYNTH_OPTIONS", () => {
    const bad: [string, object][] = [
      ["vgg", {}],
      ["tiny", { layout: "chw" }],
      ["tiny", { classes: 0 }],
      ["tiny", { classes: 1.5 }],
      ["tiny", { classes: 100_001 }],
      ["tiny", { seed: -1 }],
      ["tiny", { seed: 2 ** 32 }],
    ];
    for (const [kind, opts] of bad) {
      assert.throws(
        () => synthModel(kind as never, opts),
        (e) => isSealedError(e, "SRV_SYNTH_OPTIONS"),
        `${kind} ${JSON.stringify(opts)}`,
      );
    }
  });
});
