import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import type { SignatureInfo } from "../core/serving-core.ts";
import type { DType, Tensor, TensorSpec } from "../core/tensor.ts";
import { parseJson } from "./json-parser.ts";
import { decodePredictRequest, encodePredictResponse, requestSignatureName } from "./predict-codec.ts";

function sig(inputs: Record<string, DType>, outputs: Record<string, DType> = { out: "FLOAT" }): SignatureInfo {
  const specs = (m: Record<string, DType>) =>
    Object.fromEntries(
      Object.entries(m).map(([k, dtype]): [string, TensorSpec] => [k, { name: k, dtype, shape: undefined }]),
    );
  return { inputs: specs(inputs), outputs: specs(outputs), methodName: "tensorflow/serving/predict" };
}

function decode(body: string, s: SignatureInfo) {
  return decodePredictRequest(parseJson(body), s);
}

function rejects(body: string, s: SignatureInfo, code: string, re: RegExp): void {
  assert.throws(
    () => decode(body, s),
    (e: unknown) => isSealedError(e) && e.code === code && re.test(e.message),
    `expected ${code} ${re} for ${body}`,
  );
}

const one = sig({ x: "FLOAT" });

describe("predict request: row format (instances)", () => {
  it("stacks instances of a single input along dim 0", () => {
    const d = decode('{"instances": [[1, 2, 3], [4, 5, 6]]}', one);
    assert.equal(d.format, "row");
    const t = d.inputs.get("x")!;
    assert.equal(t.dtype, "FLOAT");
    assert.deepEqual(t.shape, [2, 3]);
    assert.ok(t.data instanceof Float32Array);
    assert.deepEqual([...t.data], [1, 2, 3, 4, 5, 6]);
  });

  it("keys each instance by input name when the signature has several inputs", () => {
    const s = sig({ a: "INT32", b: "STRING" });
    const d = decode('{"instances": [{"a": [1, 2], "b": "x"}, {"a": [3, 4], "b": {"b64": "AP8="}}]}', s);
    const a = d.inputs.get("a")!;
    assert.deepEqual(a.shape, [2, 2]);
    assert.ok(a.data instanceof Int32Array);
    assert.deepEqual([...a.data], [1, 2, 3, 4]);
    const b = d.inputs.get("b")!;
    assert.deepEqual(b.shape, [2]);
    const bytes = b.data as readonly Uint8Array[];
    assert.deepEqual([...bytes[0]], [0x78]);
    assert.deepEqual([...bytes[1]], [0x00, 0xff]);
  });

  it("treats {b64} instances as values of the single input", () => {
    const d = decode('{"instances": [{"b64": "aGk="}, {"b64": ""}]}', sig({ img: "STRING" }));
    const t = d.inputs.get("img")!;
    assert.deepEqual(t.shape, [2]);
    assert.equal(Buffer.from((t.data as Uint8Array[])[0]).toString(), "hi");
    assert.equal((t.data as Uint8Array[])[1].length, 0);
  });

  it("requires named instances when the signature has several inputs", () => {
    rejects('{"instances": [[1], [2]]}', sig({ a: "FLOAT", b: "FLOAT" }), "SRV_REST_BAD_REQUEST_FORMAT", /2 inputs/);
  });

  it("rejects instances that name different inputs", () => {
    const s = sig({ a: "FLOAT", b: "FLOAT" });
    rejects('{"instances": [{"a": 1, "b": 2}, {"a": 1}]}', s, "SRV_REST_BAD_REQUEST_FORMAT", /instances\[1\]/);
    rejects('{"instances": [{"a": 1, "b": 2}, 3]}', s, "SRV_REST_BAD_REQUEST_FORMAT", /must be objects/);
  });

  it("rejects an empty instances list", () => {
    rejects('{"instances": []}', one, "SRV_REST_BAD_REQUEST_FORMAT", /^No values in 'instances' array$/);
  });

  it("rejects instances that are not a list", () => {
    rejects('{"instances": 5}', one, "SRV_REST_BAD_REQUEST_FORMAT", /must be a list/);
  });

  it("rejects instances whose shapes differ (ragged batch)", () => {
    rejects(
      '{"instances": [[1, 2], [3]]}',
      one,
      "SRV_REST_BAD_TENSOR_VALUE",
      /ragged.*value\[1\] has shape \[1\] but its siblings have shape \[2\]/,
    );
    const s = sig({ a: "FLOAT", b: "FLOAT" });
    rejects('{"instances": [{"a": [1, 2], "b": 1}, {"a": [1], "b": 1}]}', s, "SRV_REST_BAD_TENSOR_VALUE", /ragged/);
  });
});

describe("predict request: columnar format (inputs)", () => {
  it("takes one unnamed tensor for a single-input signature", () => {
    const d = decode('{"inputs": [[1.5, NaN], [Infinity, -Infinity]]}', one);
    assert.equal(d.format, "columnar");
    const t = d.inputs.get("x")!;
    assert.deepEqual(t.shape, [2, 2]);
    const v = [...(t.data as Float32Array)];
    assert.equal(v[0], 1.5);
    assert.ok(Number.isNaN(v[1]));
    assert.equal(v[2], Number.POSITIVE_INFINITY);
    assert.equal(v[3], Number.NEGATIVE_INFINITY);
  });

  it("takes named tensors of independent shapes", () => {
    const d = decode('{"inputs": {"a": [[1], [2], [3]], "b": 7}}', sig({ a: "INT64", b: "DOUBLE" }));
    const a = d.inputs.get("a")!;
    assert.deepEqual(a.shape, [3, 1]);
    assert.deepEqual([...(a.data as BigInt64Array)], [1n, 2n, 3n]);
    const b = d.inputs.get("b")!;
    assert.deepEqual(b.shape, []);
    assert.deepEqual([...(b.data as Float64Array)], [7]);
  });

  it("reads signature_name and rejects a non-string one", () => {
    assert.equal(requestSignatureName(parseJson('{"signature_name": "sig2", "inputs": 1}')), "sig2");
    assert.equal(requestSignatureName(parseJson('{"inputs": 1}')), "");
    assert.throws(
      () => requestSignatureName(parseJson('{"signature_name": 3, "inputs": 1}')),
      (e: unknown) => isSealedError(e, "SRV_REST_BAD_REQUEST_FORMAT"),
    );
  });
});

describe("predict request: structure errors", () => {
  const cases: [string, RegExp][] = [
    ["[1, 2]", /must be a JSON object/],
    ['{"b64": "AA=="}', /must be a JSON object/],
    ["{}", /Missing 'inputs' or 'instances' key/],
    ['{"instances": [1], "inputs": [1]}', /Not allowed to mix/],
  ];
  for (const [body, re] of cases) {
    it(`rejects ${body}`, () => rejects(body, one, "SRV_REST_BAD_REQUEST_FORMAT", re));
  }

  it("rejects unknown input names with the core's SRV_INPUT_MISMATCH", () => {
    rejects('{"inputs": {"y": [1]}}', one, "SRV_INPUT_MISMATCH", /'y' is not an input of the signature \(inputs: x\)/);
    rejects('{"instances": [{"y": 1}]}', one, "SRV_INPUT_MISMATCH", /'y' is not an input/);
  });
});

describe("predict request: values vs dtype", () => {
  const bad: [DType, string, RegExp][] = [
    ["FLOAT", '["a"]', /is a string, but dtype FLOAT needs a number/],
    ["FLOAT", "[1e39]", /out of range for dtype FLOAT/],
    ["FLOAT", "[[1, 2], [3, 1e300]]", /out of range for dtype FLOAT/],
    ["HALF", "[70000]", /out of range for dtype HALF/],
    ["INT32", "[1.5]", /not an integer/],
    ["INT32", "[2147483648]", /out of range for dtype INT32/],
    ["INT32", "[NaN]", /not an integer/],
    ["UINT8", "[256]", /out of range for dtype UINT8/],
    ["UINT8", "[-1]", /out of range/],
    ["INT64", "[9223372036854775808]", /out of range for dtype INT64/],
    ["UINT64", "[-1]", /out of range for dtype UINT64/],
    ["BOOL", "[1, 0]", /dtype BOOL needs true or false/],
    ["BOOL", '["true"]', /dtype BOOL needs true or false/],
    ["STRING", "[1]", /dtype STRING needs strings/],
    ["STRING", '[{"b64": "A"}]', /invalid base64/],
    ["STRING", '[{"b64": "AA==", "x": 1}]', /b64/],
    ["FLOAT", '[{"b64": "AA=="}]', /is a \{b64\} object, but dtype FLOAT needs a number/],
    ["FLOAT", "[null]", /is null/],
    ["FLOAT", '[[1, 2], [3, "x"]]', /value\[1\]\[1\] is a string/],
    ["FLOAT", "[[1, 2], 3]", /ragged/],
    ["FLOAT", "[1, [2, 3]]", /ragged/],
  ];
  for (const [dtype, inputs, re] of bad) {
    it(`${dtype} rejects ${inputs}`, () =>
      rejects(`{"inputs": ${inputs}}`, sig({ x: dtype }), "SRV_REST_BAD_TENSOR_VALUE", re));
  }

  it("converts exact int64 extremes and other dtypes", () => {
    const t = decode('{"inputs": [9223372036854775807, -9223372036854775808]}', sig({ x: "INT64" })).inputs.get("x")!;
    assert.deepEqual([...(t.data as BigInt64Array)], [2n ** 63n - 1n, -(2n ** 63n)]);
    const u = decode('{"inputs": [18446744073709551615]}', sig({ x: "UINT64" })).inputs.get("x")!;
    assert.deepEqual([...(u.data as BigUint64Array)], [2n ** 64n - 1n]);
    const b = decode('{"inputs": [[true, false]]}', sig({ x: "BOOL" })).inputs.get("x")!;
    assert.deepEqual(b.shape, [1, 2]);
    assert.deepEqual([...(b.data as Uint8Array)], [1, 0]);
    const h = decode('{"inputs": [1, -2, 0.5, 65504]}', sig({ x: "HALF" })).inputs.get("x")!;
    assert.deepEqual([...(h.data as Uint16Array)], [0x3c00, 0xc000, 0x3800, 0x7bff]);
    const i8 = decode('{"inputs": [-128, 127.0]}', sig({ x: "INT8" })).inputs.get("x")!;
    assert.deepEqual([...(i8.data as Int8Array)], [-128, 127]);
  });
});

function tensor(dtype: DType, shape: number[], data: Tensor["data"]): Tensor {
  return { dtype, shape, data };
}

describe("predict response", () => {
  it("row format with one output: predictions are the rows, name omitted", () => {
    const out = new Map([["scores", tensor("FLOAT", [2, 2], new Float32Array([0.1, Number.NaN, 1 / 3, -Infinity]))]]);
    const text = encodePredictResponse("row", out);
    assert.match(text, /^\{\n {4}"predictions": /);
    assert.equal(text.replace(/\s/g, ""), '{"predictions":[[0.1,NaN],[0.333333343,-Infinity]]}');
    const back = parseJson(text) as Map<string, unknown>;
    assert.ok(back.has("predictions"));
  });

  it("row format uses TF Serving's pretty layout: one single-line row per line", () => {
    const one = new Map([["p", tensor("FLOAT", [2, 2], new Float32Array([1, 2.5, 3, 4]))]]);
    assert.equal(
      encodePredictResponse("row", one),
      '{\n    "predictions": [\n        [1.0, 2.5],\n        [3.0, 4.0]\n    ]\n}',
    );
    const two = new Map<string, Tensor>([
      ["a", tensor("INT32", [1], new Int32Array([7]))],
      ["b", tensor("FLOAT", [1, 2], new Float32Array([0.5, 1]))],
    ]);
    assert.equal(
      encodePredictResponse("row", two),
      '{\n    "predictions": [\n        {\n            "a": 7,\n            "b": [0.5, 1.0]\n        }\n    ]\n}',
    );
  });

  it("row format with several outputs: one object per row", () => {
    const out = new Map<string, Tensor>([
      ["cls", tensor("INT64", [2], new BigInt64Array([3n, 9007199254740993n]))],
      ["probs", tensor("DOUBLE", [2, 2], new Float64Array([0.25, 0.75, 1, 0]))],
    ]);
    const text = encodePredictResponse("row", out);
    assert.equal(
      text.replace(/\s/g, ""),
      '{"predictions":[{"cls":3,"probs":[0.25,0.75]},{"cls":9007199254740993,"probs":[1.0,0.0]}]}',
    );
  });

  it("columnar format: single output unnamed, several outputs as an object; _bytes outputs as b64", () => {
    const single = encodePredictResponse("columnar", new Map([["y", tensor("INT32", [], new Int32Array([42]))]]));
    assert.equal(single.replace(/\s/g, ""), '{"outputs":42}');
    const multi = encodePredictResponse(
      "columnar",
      new Map<string, Tensor>([
        ["img_bytes", tensor("STRING", [1], [new Uint8Array([0, 255])])],
        ["label", tensor("STRING", [1], [new TextEncoder().encode('a"b')])],
        ["ok", tensor("BOOL", [2], new Uint8Array([1, 0]))],
      ]),
    );
    assert.equal(
      multi.replace(/\s/g, ""),
      '{"outputs":{"img_bytes":[{"b64":"AP8="}],"label":["a\\"b"],"ok":[true,false]}}',
    );
  });

  it("row format rejects scalar outputs and inconsistent batch sizes", () => {
    const scalar = new Map([["s", tensor("FLOAT", [], new Float32Array([1]))]]);
    assert.throws(
      () => encodePredictResponse("row", scalar),
      (e: unknown) => isSealedError(e, "SRV_REST_BAD_OUTPUT"),
    );
    const mixed = new Map<string, Tensor>([
      ["a", tensor("FLOAT", [2], new Float32Array(2))],
      ["b", tensor("FLOAT", [3], new Float32Array(3))],
    ]);
    assert.throws(
      () => encodePredictResponse("row", mixed),
      (e: unknown) =>
        isSealedError(e, "SRV_REST_BAD_OUTPUT") && /inconsistent batch size: 3 expecting: 2/.test(e.message),
    );
  });
});
