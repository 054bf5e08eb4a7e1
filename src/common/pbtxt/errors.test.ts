import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type ErrorCode, isSealedError } from "../errors.ts";
import { formatTextProto, parseTextProto, parseTextProtoTree } from "./index.ts";
import { testRoot } from "./test-protos.ts";

const root = testRoot(true);
const S = root.lookupType("tensorflow.serving.Scalars");
const MSC = root.lookupType("tensorflow.serving.ModelServerConfig");

/** Asserts that `fn` throws a SealedError with `code`, and (when given) a message containing `where`. */
function throwsCode(fn: () => unknown, code: ErrorCode, where?: string): Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    assert.ok(isSealedError(err, code), `expected ${code}, got ${String(err)}`);
    if (where !== undefined) assert.ok(err.message.includes(where), `"${err.message}" lacks "${where}"`);
    return { ...err.details };
  }
  assert.fail(`expected ${code}, nothing thrown`);
}

describe("PBTXT_SYNTAX with line:column", () => {
  const cases: [string, string, string][] = [
    ["unterminated string", 's: "abc\ni32: 1', "line 1:4"],
    ["unknown escape, column of the backslash", 's: "ab\\qc"', "line 1:7: unknown escape \\q"],
    ["octal escape above \\377", 's: "\\400"', "line 1:5"],
    ["\\x without digits", 's: "\\xg"', "line 1:5"],
    ["short \\u", 's: "\\u12"', "line 1:5"],
    ["surrogate \\u", 's: "\\ud800"', "line 1:5"],
    ["lone backslash at string end", 's: "abc\\', "line 1:4"],
    ["unexpected character", "i32: 1\n  @", "line 2:3"],
    ["missing closing brace", "child {\n i32: 1\n", 'line 3:1: expected "}"'],
    ["mismatched closing", "child < i32: 1 }", "line 1:16"],
    ["stray closing brace", "}", "line 1:1"],
    ["scalar without colon", "i32 5", "line 1:5"],
    ["number glued to identifier", "i32: 12abc", "line 1:6"],
    ["8 in an octal number", "i32: 09", "line 1:6"],
    ["exponent without digits", "d: 1e", "line 1:4"],
    ["0x without digits", "i32: 0x", "line 1:6"],
    ["value missing", "i32: }", "line 1:6"],
    ["minus before a string", 's: -"x"', "line 1:5"],
    ["list without comma", "ri: [1 2]", "line 1:8"],
    ["unterminated list", "ri: [1,", "line 1:8"],
    ["non-repeated field twice", "i32: 1\ni32: 2", "line 2:1"],
    ["singular message twice", "child {} child {}", "line 1:10"],
    ["list on a non-repeated field", "i32: [1]", "line 1:1"],
    ["oneof members together", "model_config_list {} custom_model_config {}", "line 1:22"],
    ["map key twice in an entry", 'by_int { key: 1 key: 2 value: "x" }', "line 1:17"],
    ["bad bracketed name", "[a.]: 1", "line 1:4"],
  ];
  for (const [name, text, where] of cases) {
    test(name, () => {
      const type = name.startsWith("oneof") ? MSC : S;
      const d = throwsCode(() => parseTextProto(text, type), "PBTXT_SYNTAX", where);
      assert.equal(typeof d.line, "number");
      assert.equal(typeof d.column, "number");
    });
  }
});

describe("PBTXT_UNKNOWN_FIELD names the field and the type", () => {
  const cases: [string, string, string][] = [
    ["unknown field", "i32: 1\nnope: 2", "line 2:1: Scalars.nope"],
    ["unknown nested field", "child { kids { zz: 1 } }", "Scalars.zz"],
    ["string for an int", 'i32: "1"', "Scalars.i32"],
    ["float for an int", "i64: 1.5", "Scalars.i64"],
    ["int32 out of range", "i32: 2147483648", "out of range"],
    ["negative uint", "u32: -1", "out of range"],
    ["uint64 out of range", "u64: 18446744073709551616", "out of range"],
    ["number for a string", "s: 5", "Scalars.s"],
    ["identifier for a float", "d: infinit", "Scalars.d"],
    ["bad bool", "b: yes", "Scalars.b"],
    ["bad bool number", "b: 2", "Scalars.b"],
    ["unknown enum name", "color: BLUE", "not a value of enum Color"],
    ["float for an enum", "color: 1.0", "Scalars.color"],
    ["scalar for a message", "child: 1", "Scalars.child"],
    ["message for a scalar", "i32 { }", "Scalars.i32"],
    ["invalid UTF-8 in a string field", 's: "\\377"', "not valid UTF-8"],
    ["extension syntax", "[foo.bar]: 1", "extensions are not supported"],
    ["unknown field in a map entry", 'by_int { key: 1 val: "x" }', "Scalars.by_intEntry.val"],
    ["scalar map entry", "by_int: 1", "Scalars.by_int"],
    ["unknown Any type", "any { [type.googleapis.com/no.Such] {} }", "not known"],
  ];
  for (const [name, text, where] of cases) {
    test(name, () => {
      const d = throwsCode(() => parseTextProto(text, S), "PBTXT_UNKNOWN_FIELD", where);
      assert.equal(typeof d.field, "string");
      assert.equal(typeof d.type, "string");
    });
  }
});

describe("limits", () => {
  test("input longer than maxLength is INPUT_TOO_LARGE", () => {
    throwsCode(() => parseTextProto("i32: 1", S, { maxLength: 5 }), "INPUT_TOO_LARGE");
    assert.deepEqual(parseTextProto("i32: 1", S, { maxLength: 6 }), { i32: 1 });
  });

  test("hostile nesting is a syntax error, not a stack overflow", () => {
    const deep = `${"child { ".repeat(200_000)}${"}".repeat(200_000)}`;
    throwsCode(() => parseTextProto(deep, S), "PBTXT_SYNTAX", "nested deeper than 100");
    throwsCode(() => parseTextProtoTree("a<".repeat(50_000)), "PBTXT_SYNTAX", "nested deeper");
    const ok = `${"child { ".repeat(99)}${"}".repeat(99)}`;
    assert.ok(parseTextProto(ok, S).child);
    throwsCode(() => parseTextProto(ok, S, { maxDepth: 98 }), "PBTXT_SYNTAX", "nested deeper than 98");
  });
});

describe("formatTextProto rejects what it cannot write", () => {
  test("unknown key and ill-typed values", () => {
    throwsCode(() => formatTextProto({ nope: 1 }, S), "PBTXT_UNKNOWN_FIELD", "Scalars.nope");
    throwsCode(() => formatTextProto({ i32: 1.5 }, S), "PBTXT_UNKNOWN_FIELD", "Scalars.i32");
    throwsCode(() => formatTextProto({ u32: -1 }, S), "PBTXT_UNKNOWN_FIELD", "Scalars.u32");
    throwsCode(() => formatTextProto({ s: 5 }, S), "PBTXT_UNKNOWN_FIELD", "Scalars.s");
    throwsCode(() => formatTextProto({ color: "BLUE" }, S), "PBTXT_UNKNOWN_FIELD", "Scalars.color");
    throwsCode(() => formatTextProto({ ri: 5 }, S), "PBTXT_UNKNOWN_FIELD", "Scalars.ri");
    throwsCode(() => formatTextProto({ child: "x" }, S), "PBTXT_UNKNOWN_FIELD", "Scalars.child");
    throwsCode(() => formatTextProto({ by_int: [] }, S), "PBTXT_UNKNOWN_FIELD", "Scalars.by_int");
  });
});
