import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatTextProto, parseTextProto } from "./index.ts";
import { testRoot } from "./test-protos.ts";

const snake = testRoot(true);
const camel = testRoot(false);

describe("formatTextProto", () => {
  test("writes one field per line, nested messages in { }, maps as entries, snake_case names", () => {
    const type = camel.lookupType("tensorflow.serving.ModelServerConfig");
    const obj = {
      modelConfigList: {
        config: [
          {
            name: "resnet",
            basePath: "/models/resnet",
            modelVersionPolicy: { specific: { versions: [1, 2] } },
            versionLabels: { stable: 1 },
          },
        ],
      },
    };
    const expected = [
      "model_config_list {",
      "  config {",
      '    name: "resnet"',
      '    base_path: "/models/resnet"',
      "    model_version_policy {",
      "      specific {",
      "        versions: 1",
      "        versions: 2",
      "      }",
      "    }",
      "    version_labels {",
      '      key: "stable"',
      "      value: 1",
      "    }",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.equal(formatTextProto(obj, type), expected);
    assert.deepEqual(parseTextProto(expected, type), obj);
  });

  test("ssl.cfg with PEM newlines is written on one line per field and read back", () => {
    const type = snake.lookupType("tensorflow.serving.SSLConfig");
    const obj = {
      server_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
      custom_ca: "",
      client_verify: true,
    };
    const text = formatTextProto(obj, type);
    assert.equal(
      text,
      'server_key: "-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----"\ncustom_ca: ""\nclient_verify: true\n',
    );
    assert.deepEqual(parseTextProto(text, type), obj);
  });

  test("orders fields by number and skips undefined/null", () => {
    const type = snake.lookupType("tensorflow.serving.Scalars");
    assert.equal(formatTextProto({ s: "x", i32: 3, u32: undefined, b: null }, type), 'i32: 3\ns: "x"\n');
    assert.equal(formatTextProto({}, type), "");
  });

  test("round-trips every scalar kind, including edge values", () => {
    const type = snake.lookupType("tensorflow.serving.Scalars");
    const obj = {
      i32: -2147483648,
      u32: 4294967295,
      i64: "-9223372036854775808",
      u64: "18446744073709551615",
      s32: -1,
      f64: 12,
      f: -0,
      d: 1e-300,
      b: false,
      s: "quote\" apostrophe' backslash\\ tab\t nl\n nul\0 del\x7f é 😀",
      by: Uint8Array.from([0, 1, 0x22, 0x27, 0x5c, 0x7f, 0x80, 0xff, 0x41]),
      color: "GREEN",
      ri: [1, -1],
      rs: ["", "a"],
      rc: ["RED", 9],
      rd: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1.5e300, 5e-324],
      by_int: { "-7": "neg", "0": "zero" },
      by_bool: { true: "RED", false: "GREEN" },
      children: { "": { i32: 1 }, "x y": { child: { s: "z" } } },
      child: { kids: [{}, { i32: 2 }] },
      kids: [{ s: "k" }],
    };
    const text = formatTextProto(obj, type);
    assert.deepEqual(parseTextProto(text, type), obj);
    assert.equal(formatTextProto(parseTextProto(text, type), type), text);
  });

  test("accepts what type.toObject produces (Long, enum numbers, base64 bytes)", () => {
    const type = snake.lookupType("tensorflow.serving.Scalars");
    const msg = type.fromObject({ i64: "123456789012345678", color: 2, by: Uint8Array.from([1, 2]) });
    const plain = type.toObject(msg);
    const text = formatTextProto(plain, type);
    assert.equal(text, 'i64: 123456789012345678\nby: "\\001\\002"\ncolor: GREEN\n');
    const viaStrings = formatTextProto(type.toObject(msg, { longs: String, enums: String, bytes: String }), type);
    assert.equal(viaStrings, text);
  });
});
