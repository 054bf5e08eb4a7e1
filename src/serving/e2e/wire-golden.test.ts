import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type * as grpc from "@grpc/grpc-js";
import * as ort from "onnxruntime-node";
import { protoType } from "../../proto/index.ts";
import type { RunningServer } from "../server.ts";
import { synthModel } from "../synth/index.ts";
import { RawGrpcClient } from "../testing/grpc-client.ts";
import { type TempDir, tempDir, writeModelVersion } from "../testing/model-dir.ts";
import { startTestServer } from "../testing/start.ts";

// ---- hand-written protobuf wire helpers (independent of protobufjs) ----
function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
const tag = (field: number, wire: number) => varint(field * 8 + wire);
const len = (field: number, body: number[] | Buffer) =>
  Buffer.concat([Buffer.from([...tag(field, 2), ...varint(body.length)]), Buffer.from(body)]);
const str = (field: number, s: string) => len(field, Buffer.from(s, "utf8"));
const vint = (field: number, n: number) => Buffer.from([...tag(field, 0), ...varint(n)]);

/**
 * PredictRequest as TF Serving's Python client serializes it (fields in number order):
 * model_spec=1 {name=1, signature_name=3}, inputs=2 map entry {key=1, value=2 TensorProto
 * {dtype=1, tensor_shape=2 {dim=2 {size=1}}, tensor_content=4}}.
 */
function pythonPredictRequest(model: string, content: Buffer, shape: number[]): Buffer {
  const spec = Buffer.concat([str(1, model), str(3, "serving_default")]);
  const tshape = Buffer.concat(shape.map((d) => len(2, vint(1, d))));
  const tensor = Buffer.concat([vint(1, 1), len(2, tshape), len(4, content)]);
  const entry = Buffer.concat([str(1, "input"), len(2, tensor)]);
  return Buffer.concat([len(1, spec), len(2, entry)]);
}

class WireReader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  done() {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
  }
  field(): { no: number; wire: number } {
    const t = this.varint();
    return { no: Math.floor(t / 8), wire: t & 7 };
  }
  bytes(): Buffer {
    const n = this.varint();
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  skip(wire: number) {
    if (wire === 0) this.varint();
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else if (wire === 1) this.pos += 8;
    else throw new Error(`wire type ${wire}`);
  }
}

interface DecodedTensor {
  dtype: number;
  shape: number[];
  floats: number[];
}

function readTensor(buf: Buffer): DecodedTensor {
  const r = new WireReader(buf);
  const t: DecodedTensor = { dtype: 0, shape: [], floats: [] };
  while (!r.done()) {
    const f = r.field();
    if (f.no === 1 && f.wire === 0) t.dtype = r.varint();
    else if (f.no === 2 && f.wire === 2) {
      const s = new WireReader(r.bytes());
      while (!s.done()) {
        const g = s.field();
        if (g.no === 2 && g.wire === 2) {
          const d = new WireReader(s.bytes());
          let size = 0;
          while (!d.done()) {
            const h = d.field();
            if (h.no === 1 && h.wire === 0) size = d.varint();
            else d.skip(h.wire);
          }
          t.shape.push(size);
        } else s.skip(g.wire);
      }
    } else if (f.no === 5 && f.wire === 2) {
      const b = r.bytes();
      for (let i = 0; i < b.length; i += 4) t.floats.push(b.readFloatLE(i));
    } else r.skip(f.wire);
  }
  return t;
}

/** PredictResponse: outputs=1 (map entries), model_spec=2 {name=1, version=2 {value=1}, signature_name=3}. */
function readPredictResponse(buf: Buffer) {
  const r = new WireReader(buf);
  const outputs = new Map<string, DecodedTensor>();
  const spec = { name: "", version: -1, signature: "" };
  while (!r.done()) {
    const f = r.field();
    if (f.no === 1 && f.wire === 2) {
      const e = new WireReader(r.bytes());
      let key = "";
      let value: DecodedTensor | undefined;
      while (!e.done()) {
        const g = e.field();
        if (g.no === 1) key = e.bytes().toString("utf8");
        else if (g.no === 2) value = readTensor(e.bytes());
        else e.skip(g.wire);
      }
      outputs.set(key, value!);
    } else if (f.no === 2 && f.wire === 2) {
      const s = new WireReader(r.bytes());
      while (!s.done()) {
        const g = s.field();
        if (g.no === 1) spec.name = s.bytes().toString("utf8");
        else if (g.no === 2) {
          const v = new WireReader(s.bytes());
          spec.version = 0;
          while (!v.done()) {
            const h = v.field();
            if (h.no === 1) spec.version = v.varint();
            else v.skip(h.wire);
          }
        } else if (g.no === 3) spec.signature = s.bytes().toString("utf8");
        else s.skip(g.wire);
      }
    } else r.skip(f.wire);
  }
  return { outputs, spec };
}

describe("golden wire bytes", () => {
  const SHAPE = [1, 224, 224, 3];
  const model = synthModel("tiny");
  const x = new Float32Array(224 * 224 * 3).map((_, i) => (i % 251) / 251);
  const content = Buffer.from(x.buffer);
  let dir: TempDir;
  let server: RunningServer;
  let client: RawGrpcClient;

  before(async () => {
    dir = tempDir();
    writeModelVersion(dir.path, 4, model);
    server = await startTestServer({ basePath: dir.path, modelName: "resnet50-v15-fp32" });
    client = new RawGrpcClient(`127.0.0.1:${server.grpcPort}`);
  });
  after(async () => {
    client.close();
    await server.close();
    dir.cleanup();
  });

  test("a Python-client PredictRequest decodes under our protos", () => {
    const bytes = pythonPredictRequest("resnet50-v15-fp32", content, SHAPE);
    // spot-check the hand assembly: first byte is field 1 / LEN
    assert.equal(bytes[0], 0x0a);
    const t = protoType("tensorflow.serving.PredictRequest");
    const m = t.toObject(t.decode(bytes), { longs: Number, enums: String }) as {
      model_spec: { name: string; signature_name: string };
      inputs: Record<string, { dtype: string; tensor_shape: { dim: { size: number }[] }; tensor_content: Uint8Array }>;
    };
    assert.deepEqual(m.model_spec, { name: "resnet50-v15-fp32", signature_name: "serving_default" });
    assert.equal(m.inputs.input.dtype, "DT_FLOAT");
    assert.deepEqual(
      m.inputs.input.tensor_shape.dim.map((d) => d.size),
      SHAPE,
    );
    assert.ok(Buffer.from(m.inputs.input.tensor_content).equals(content));
  });

  test("the server answers those bytes with a PredictResponse readable by a hand-written wire reader", async () => {
    const raw = await new Promise<Buffer>((resolve, reject) => {
      client.client.makeUnaryRequest(
        "/tensorflow.serving.PredictionService/Predict",
        (b: Buffer) => b,
        (b: Buffer) => b,
        pythonPredictRequest("resnet50-v15-fp32", content, SHAPE),
        (err: grpc.ServiceError | null, res?: Buffer) => (err ? reject(err) : resolve(res!)),
      );
    });
    const { outputs, spec } = readPredictResponse(raw);
    assert.deepEqual(spec, { name: "resnet50-v15-fp32", version: 4, signature: "serving_default" });
    const out = outputs.get("predict")!;
    assert.equal(out.dtype, 1);
    assert.deepEqual(out.shape, [1, 1001]);
    const s = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
    const want = (await s.run({ input: new ort.Tensor("float32", x, SHAPE) })).predict.data as Float32Array;
    await s.release();
    assert.equal(out.floats.length, 1001);
    for (let i = 0; i < 1001; i++) assert.ok(Math.abs(out.floats[i] - want[i]) <= 1e-6);
  });
});
