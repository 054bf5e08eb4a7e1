import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { parseJson } from "./json-parser.ts";
import { BigIntText, DenseNumbers, type JsonValue } from "./json-value.ts";

/** Converts the parser's tree to plain JS (Maps -> objects, dense -> nested arrays) for comparison. */
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
  if (v instanceof BigIntText) return `big:${v.text}`;
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  return v;
}

function rejects(text: string, code: string, pattern?: RegExp): void {
  assert.throws(
    () => parseJson(text),
    (e: unknown) => isSealedError(e) && e.code === code && (pattern === undefined || pattern.test(e.message)),
    `expected ${code} for ${JSON.stringify(text.slice(0, 60))}`,
  );
}

describe("parseJson: standard JSON", () => {
  it("agrees with JSON.parse on ordinary documents", () => {
    const docs = [
      '{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "d\\n\\"\\u00e9\\ud83d\\ude00"}}',
      "[]",
      "[[]]",
      "{}",
      ' \n\t"x" ',
      "0",
      "-0.0e+1",
      '[{"b64": "AAE="}, "s"]',
      "[[1, 2], [3, 4]]",
      '[[1, 2], [3, "x"]]',
      "[[1, 2], [3]]",
      "[1, [2]]",
      "[[1], 2]",
      "[1e308, -1.5E-7, 123456789012345]",
    ];
    for (const d of docs) assert.deepEqual(plain(parseJson(d)), JSON.parse(d), d);
  });

  it("packs rectangular numeric arrays into DenseNumbers with their shape", () => {
    const v = parseJson("[[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12.5]]]");
    assert.ok(v instanceof DenseNumbers);
    assert.deepEqual(v.shape, [2, 2, 3]);
    assert.deepEqual([...v.values], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12.5]);
    assert.equal(v.allIntegers, false);
    const ints = parseJson("[0, -7, 255]");
    assert.ok(ints instanceof DenseNumbers && ints.allIntegers);
  });

  it("reads integers of every length on the dense path exactly", () => {
    const text = "[0, 7, 123456789, 1234567890, 9007199254740991, -5, 1.5, 2e3, 0.0]";
    const v = parseJson(text);
    assert.ok(v instanceof DenseNumbers);
    assert.deepEqual([...v.values], JSON.parse(text));
    assert.equal(v.allIntegers, false);
    for (const bad of ["[00]", "[01, 2]", "[1, 2.]", "[1, -]"]) {
      assert.throws(
        () => parseJson(bad),
        (e: unknown) => isSealedError(e, "SRV_REST_JSON_SYNTAX"),
        bad,
      );
    }
  });

  it("reads the dense path from the body bytes, aligned or not", () => {
    for (const text of [
      '{"signature_name": "s", "instances": [[1, 2], [3, 4]]}',
      '{"signature_name": "\u00e9\u20ac\ud83d\ude00", "instances": [[1, 2], [3, 4]]}',
    ]) {
      const bytes = Buffer.from(text, "utf8");
      const v = parseJson(bytes.toString("utf8"), {}, bytes) as Map<string, JsonValue>;
      const inst = v.get("instances");
      assert.ok(inst instanceof DenseNumbers, text);
      assert.deepEqual([...inst.values], [1, 2, 3, 4]);
      assert.deepEqual(plain(v), JSON.parse(text));
    }
    // Invalid UTF-8 bytes decode to U+FFFD one for one: still aligned, still parsed.
    const raw = Buffer.concat([Buffer.from('{"s": "'), Buffer.from([0xff, 0xfe]), Buffer.from('", "x": [[5, 6]]}')]);
    const v = parseJson(raw.toString("utf8"), {}, raw) as Map<string, JsonValue>;
    assert.equal(v.get("s"), "\ufffd\ufffd");
    assert.deepEqual([...(v.get("x") as DenseNumbers).values], [5, 6]);
  });

  it("falls back to generic arrays for ragged, mixed or empty arrays", () => {
    for (const d of ["[[1, 2], [3]]", "[1, [2]]", '[1, "a"]', "[[], []]", "[[1], 2]"]) {
      const v = parseJson(d);
      assert.ok(Array.isArray(v), d);
    }
  });

  it("keeps the digits of integers beyond 2^53", () => {
    const v = parseJson("[9223372036854775807, 1]");
    assert.ok(v instanceof DenseNumbers);
    assert.equal(v.bigInts?.get(0), "9223372036854775807");
    assert.equal(v.bigInts?.has(1), false);
    const s = parseJson('{"x": -9223372036854775808}') as Map<string, JsonValue>;
    assert.equal((s.get("x") as BigIntText).text, "-9223372036854775808");
  });

  it("Map objects are immune to __proto__ keys", () => {
    const v = parseJson('{"__proto__": {"polluted": 1}}') as Map<string, JsonValue>;
    assert.ok(v.has("__proto__"));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe("parseJson: NaN and Infinity tokens", () => {
  it("accepts NaN, Infinity and -Infinity as numbers, dense and generic", () => {
    const v = parseJson("[NaN, Infinity, -Infinity, 1]");
    assert.ok(v instanceof DenseNumbers);
    assert.ok(Number.isNaN(v.values[0]));
    assert.equal(v.values[1], Number.POSITIVE_INFINITY);
    assert.equal(v.values[2], Number.NEGATIVE_INFINITY);
    assert.equal(v.allIntegers, false);
    const o = parseJson('{"x": NaN, "y": [-Infinity, "s"]}') as Map<string, JsonValue>;
    assert.ok(Number.isNaN(o.get("x") as number));
    assert.deepEqual(o.get("y"), [Number.NEGATIVE_INFINITY, "s"]);
  });

  it("leaves the words alone inside strings and rejects them as keys or variants", () => {
    assert.equal(parseJson('"NaN"'), "NaN");
    rejects("{NaN: 1}", "SRV_REST_JSON_SYNTAX", /name for object member/);
    rejects("[-NaN]", "SRV_REST_JSON_SYNTAX");
    rejects("[nan]", "SRV_REST_JSON_SYNTAX");
    rejects("[Inf]", "SRV_REST_JSON_SYNTAX");
    rejects("[+Infinity]", "SRV_REST_JSON_SYNTAX");
    rejects("[NaNa]", "SRV_REST_JSON_SYNTAX");
  });
});

describe("parseJson: malformed input", () => {
  const cases: [string, RegExp][] = [
    ["", /document is empty/],
    ["   ", /document is empty/],
    ["[1, 2", /comma or '\]'/],
    ["[1, 2,]", /Invalid value/],
    ["[1 2]", /comma or '\]'/],
    ['{"a" 1}', /colon/],
    ['{"a": 1,}', /name for object member/],
    ['{"a": 1 "b": 2}', /comma or '\}'/],
    ['{"a": 1, "a": 2}', /Duplicate object key "a"/],
    ['"abc', /closing quotation mark/],
    ['"a\\x"', /Invalid escape/],
    ['"\\u12G4"', /hex digit/],
    ['"tab\there"', /control character/],
    ["01", /followed by other values/],
    ["1.", /fraction/],
    ["1e", /exponent/],
    ["-", /digits after '-'/],
    [".5", /Invalid value/],
    ["tru", /Invalid value/],
    ["{} {}", /followed by other values/],
    ["[1e999]", /too big/],
    ["'x'", /Invalid value/],
  ];
  for (const [text, re] of cases) {
    it(`rejects ${JSON.stringify(text)}`, () => rejects(text, "SRV_REST_JSON_SYNTAX", re));
  }

  it("reports the offset of the problem", () => {
    rejects("[1, 2, ?]", "SRV_REST_JSON_SYNTAX", /at offset: 7$/);
  });
});

describe("parseJson: nesting limit", () => {
  it("rejects arrays nested deeper than maxDepth, dense or generic", () => {
    const deep = (n: number, leaf: string) => "[".repeat(n) + leaf + "]".repeat(n);
    assert.ok(parseJson(deep(64, "1")) instanceof DenseNumbers);
    assert.throws(
      () => parseJson(deep(65, "1")),
      (e: unknown) => isSealedError(e, "SRV_REST_JSON_TOO_DEEP"),
    );
    assert.throws(
      () => parseJson(deep(65, '"s"')),
      (e: unknown) => isSealedError(e, "SRV_REST_JSON_TOO_DEEP"),
    );
    assert.throws(
      () => parseJson(deep(10, "1"), { maxDepth: 5 }),
      (e: unknown) => isSealedError(e, "SRV_REST_JSON_TOO_DEEP"),
    );
  });

  it("survives pathological nesting without a stack overflow", () => {
    const text = `${'{"a":'.repeat(100000)}1${"}".repeat(100000)}`;
    assert.throws(
      () => parseJson(text),
      (e: unknown) => isSealedError(e, "SRV_REST_JSON_TOO_DEEP"),
    );
    assert.throws(
      () => parseJson("[".repeat(1_000_000)),
      (e: unknown) => isSealedError(e, "SRV_REST_JSON_TOO_DEEP"),
    );
  });
});

describe("parseJson: image-sized bodies", () => {
  it("parses a 224x224x3 integer-pixel instances body into one dense array", () => {
    const row = Array.from({ length: 224 }, (_, x) => `[${x % 256},${(x * 7) % 256},${(x * 13) % 256}]`).join(",");
    const image = `[${Array.from({ length: 224 }, () => `[${row}]`).join(",")}]`;
    const body = `{"instances": [${image}]}`;
    const v = parseJson(body) as Map<string, JsonValue>;
    const inst = v.get("instances");
    assert.ok(inst instanceof DenseNumbers);
    assert.deepEqual(inst.shape, [1, 224, 224, 3]);
    assert.equal(inst.values.length, 150528);
    assert.equal(inst.values[3 * 5 + 1], (5 * 7) % 256);
  });
});
