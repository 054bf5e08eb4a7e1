import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { seededRandom } from "../../common/random.ts";
import type { SignatureInfo } from "../core/serving-core.ts";
import type { DType } from "../core/tensor.ts";
import { parseJson } from "./json-parser.ts";
import { BigIntText, DenseNumbers, type JsonValue } from "./json-value.ts";
import { decodePredictRequest } from "./predict-codec.ts";

/**
 * Differential fuzzing against JSON.parse: for mutated request bodies without NaN/Infinity
 * tokens or duplicate keys, parseJson must accept exactly what JSON.parse accepts and produce the
 * same values; anything it rejects must be a SRV_REST_JSON_* SealedError (never a crash).
 */
function plain(v: JsonValue): unknown {
  if (v instanceof DenseNumbers) {
    const build = (dim: number, off: number): unknown => {
      if (dim === v.shape.length) return v.values[off];
      let stride = 1;
      for (let i = dim + 1; i < v.shape.length; i++) stride *= v.shape[i];
      return Array.from({ length: v.shape[dim] }, (_, i) => build(dim + 1, off + i * stride));
    };
    return build(0, 0);
  }
  if (v instanceof BigIntText) return v.value;
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  return v;
}

const SEEDS = [
  '{"instances": [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]}',
  '{"signature_name": "s", "inputs": {"a": [1.5, -2e3, 0.25], "b": [{"b64": "AAE="}, "t\\u00e9xt\\n"]}}',
  '{"instances": [{"x": [1, 2], "y": true}, {"x": [3, 4], "y": null}]}',
  "[[0.1, 0.2], [0.3, 0.4]]",
];
const ALPHABET = '[]{},:"\\ 0123456789.eE+-abtrufnlsx\n';

function mutate(s: string, rnd: ReturnType<typeof seededRandom>): string {
  const chars = [...s];
  const edits = 1 + (rnd.nextU32() % 3);
  for (let e = 0; e < edits; e++) {
    const at = rnd.nextU32() % (chars.length + 1);
    const c = ALPHABET[rnd.nextU32() % ALPHABET.length];
    switch (rnd.nextU32() % 4) {
      case 0:
        chars.splice(at, 1);
        break;
      case 1:
        chars.splice(at, 0, c);
        break;
      case 2:
        chars[at] = c;
        break;
      default:
        chars.length = at; // truncate
    }
  }
  return chars.join("");
}

/** Conservative: any key text that appears twice anywhere counts as a possible duplicate key. */
function hasDuplicateKeys(text: string): boolean {
  const seen = new Set<string>();
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)) {
    if (seen.has(m[1])) return true;
    seen.add(m[1]);
  }
  return false;
}

describe("parseJson differential fuzz vs JSON.parse", () => {
  it("agrees on 4000 mutated bodies", () => {
    const rnd = seededRandom(20261126);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 4000; i++) {
      const text = mutate(SEEDS[i % SEEDS.length], rnd);
      let want: unknown;
      let wantOk = true;
      try {
        want = JSON.parse(text);
      } catch {
        wantOk = false;
      }
      if (wantOk && hasDuplicateKeys(text)) continue;
      let got: JsonValue | undefined;
      try {
        got = parseJson(text);
      } catch (e) {
        assert.ok(isSealedError(e) && e.code.startsWith("SRV_REST_JSON_"), `unexpected ${String(e)} for ${text}`);
        assert.equal(wantOk, false, `parseJson rejected valid JSON ${JSON.stringify(text)}: ${(e as Error).message}`);
        rejected++;
        continue;
      }
      assert.equal(wantOk, true, `parseJson accepted invalid JSON ${JSON.stringify(text)}`);
      assert.deepEqual(plain(got), want, text);
      accepted++;
    }
    assert.ok(accepted > 100 && rejected > 100, `accepted ${accepted}, rejected ${rejected}`);
  });
});

describe("predict decoding fuzz: random JSON bodies never crash the codec", () => {
  it("throws only SealedErrors for 3000 random bodies over all dtypes", () => {
    const rnd = seededRandom(4242);
    const pick = <T>(xs: readonly T[]): T => xs[rnd.nextU32() % xs.length];
    const leaf = (): string =>
      pick([
        "1",
        "-2",
        "0.5",
        "NaN",
        "-Infinity",
        "true",
        "null",
        '"s"',
        '{"b64": "AAE="}',
        '{"b64": "!"}',
        "1e40",
        "99999999999999999999",
      ]);
    const value = (depth: number): string => {
      const r = rnd.nextU32() % 10;
      if (depth > 4 || r < 4) return leaf();
      if (r < 8) {
        const n = rnd.nextU32() % 4;
        const item = rnd.nextU32() % 2 === 0 ? value(depth + 1) : "";
        return `[${Array.from({ length: n }, () => item || value(depth + 1)).join(", ")}]`;
      }
      const keys = ["a", "b", "x", "b64"].slice(0, 1 + (rnd.nextU32() % 4));
      return `{${keys.map((k) => `"${k}": ${value(depth + 1)}`).join(", ")}}`;
    };
    const dtypes: DType[] = [
      "FLOAT",
      "DOUBLE",
      "HALF",
      "INT8",
      "UINT8",
      "INT16",
      "UINT16",
      "INT32",
      "UINT32",
      "INT64",
      "UINT64",
      "BOOL",
      "STRING",
    ];
    let ok = 0;
    for (let i = 0; i < 3000; i++) {
      const key = pick(["instances", "inputs"]);
      const body = `{"${key}": ${value(0)}}`;
      const names = rnd.nextU32() % 2 === 0 ? ["x"] : ["a", "b"];
      const sig: SignatureInfo = {
        inputs: Object.fromEntries(names.map((n) => [n, { name: n, dtype: pick(dtypes), shape: undefined }])),
        outputs: {},
        methodName: "tensorflow/serving/predict",
      };
      try {
        decodePredictRequest(parseJson(body), sig);
        ok++;
      } catch (e) {
        assert.ok(isSealedError(e), `${String(e)} for ${body}`);
      }
    }
    assert.ok(ok > 50, `only ${ok} bodies decoded`);
  });
});
