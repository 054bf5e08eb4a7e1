import assert from "node:assert/strict";
import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { describe, test } from "node:test";
import { parseTextProto } from "./index.ts";
import { testRoot } from "./test-protos.ts";

const snake = testRoot(true);
const camel = testRoot(false);
const T = (name: string, root = snake) => root.lookupType(`tensorflow.serving.${name}`);

/** Writes a PEM the way the seed's generate_*_ssl_config.sh does: base64 joined on one line, literal `\n`. */
function seedPemField(pem: string): string {
  const lines = pem.trim().split("\n");
  return `${lines[0]}\\n${lines.slice(1, -1).join("")}\\n${lines.at(-1)}`;
}

describe("ssl.cfg (seed format)", () => {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const certBody = Buffer.from("not a real certificate, only its text matters here").toString("base64");
  const certPem = `-----BEGIN CERTIFICATE-----\n${certBody}\n-----END CERTIFICATE-----`;

  test("one-way: PEM on one line with literal \\n escapes becomes a usable key", () => {
    const text = [
      `server_key: '${seedPemField(keyPem)}'`,
      `server_cert: '${seedPemField(certPem)}'`,
      "custom_ca: ''",
      "client_verify: false",
      "",
    ].join("\n");
    const cfg = parseTextProto(text, T("SSLConfig"));
    const key = cfg.server_key as string;
    assert.match(key, /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=]+\n-----END PRIVATE KEY-----$/);
    assert.equal(createPrivateKey(key).asymmetricKeyType, "ec");
    assert.equal(cfg.server_cert, certPem);
    assert.equal(cfg.custom_ca, "");
    assert.equal(cfg.client_verify, false);
  });

  test("two-way: custom_ca set and client_verify true; camelCase root gives camelCase keys", () => {
    const text = `server_key: '${seedPemField(keyPem)}'\nserver_cert: '${seedPemField(certPem)}'\ncustom_ca: '${seedPemField(certPem)}'\nclient_verify: true\n`;
    const cfg = parseTextProto(text, T("SSLConfig", camel));
    assert.deepEqual(Object.keys(cfg), ["serverKey", "serverCert", "customCa", "clientVerify"]);
    assert.equal(cfg.customCa, certPem);
    assert.equal(cfg.clientVerify, true);
  });
});

describe("TF Serving config files", () => {
  test("ModelServerConfig example from the spec", () => {
    const text =
      "model_config_list { config { name: 'resnet' base_path: '/models/resnet' model_platform: 'tensorflow' model_version_policy { specific { versions: 1 versions: 2 } } version_labels { key: 'stable' value: 1 } } }";
    const type = T("ModelServerConfig");
    const obj = parseTextProto(text, type);
    assert.deepEqual(obj, {
      model_config_list: {
        config: [
          {
            name: "resnet",
            base_path: "/models/resnet",
            model_platform: "tensorflow",
            model_version_policy: { specific: { versions: [1, 2] } },
            version_labels: { stable: 1 },
          },
        ],
      },
    });
    const msg = type.toObject(type.fromObject(obj), { longs: Number });
    assert.deepEqual(msg.model_config_list.config[0].version_labels, { stable: 1 });
  });

  test("several models, `latest`, `all`, `name: { }` and `< >` forms", () => {
    const text = `
      # two models
      model_config_list: {
        config: { name: "a", base_path: "/m/a", model_version_policy: { latest: { num_versions: 2 } } },
        config < name: "b" base_path: "/m/b" model_version_policy { all {} } >;
      }`;
    const obj = parseTextProto(text, T("ModelServerConfig")) as { model_config_list: { config: unknown[] } };
    assert.deepEqual(obj.model_config_list.config, [
      { name: "a", base_path: "/m/a", model_version_policy: { latest: { num_versions: 2 } } },
      { name: "b", base_path: "/m/b", model_version_policy: { all: {} } },
    ]);
  });

  test("batching parameters with wrapper messages", () => {
    const text =
      'max_batch_size { value: 128 }\nbatch_timeout_micros { value: 0 }\nmax_enqueued_batches { value: 1000000 }\nnum_batch_threads { value: 8 }\nallowed_batch_sizes: [8, 16]\nallowed_batch_sizes: 128\npad_variable_length_inputs { value: true }\nthread_pool_name { value: "pool" }';
    const obj = parseTextProto(text, T("BatchingParameters"));
    assert.deepEqual(obj, {
      max_batch_size: { value: 128 },
      batch_timeout_micros: { value: 0 },
      max_enqueued_batches: { value: 1000000 },
      num_batch_threads: { value: 8 },
      allowed_batch_sizes: [8, 16, 128],
      pad_variable_length_inputs: { value: true },
      thread_pool_name: { value: "pool" },
    });
  });

  test("monitoring config", () => {
    const obj = parseTextProto(
      'prometheus_config {\n  enable: true,\n  path: "/monitoring/prometheus/metrics"\n}\n',
      T("MonitoringConfig"),
    );
    assert.deepEqual(obj, { prometheus_config: { enable: true, path: "/monitoring/prometheus/metrics" } });
  });

  test("empty input and comment-only input give an empty message", () => {
    assert.deepEqual(parseTextProto("", T("MonitoringConfig")), {});
    assert.deepEqual(parseTextProto("# nothing\n  # here", T("MonitoringConfig")), {});
  });
});

describe("scalars", () => {
  const S = T("Scalars");
  test("integers: decimal, hex, octal, negative, 64-bit beyond 2^53 as strings", () => {
    const o = parseTextProto(
      "i32: -0x10 u32: 017 i64: -9223372036854775808 u64: 18446744073709551615 s32: - 5 f64: 0",
      S,
    );
    assert.deepEqual(o, {
      i32: -16,
      u32: 15,
      i64: "-9223372036854775808",
      u64: "18446744073709551615",
      s32: -5,
      f64: 0,
    });
  });

  test("floats: exponent, suffix f, leading dot, integers, inf and nan", () => {
    const o = parseTextProto("rd: [1.5, 2e3, .25, 3f, 1.5F, -7, inf, -Infinity, nan, 0x10] f: -0.0", S);
    assert.deepEqual(o.rd, [
      1.5,
      2000,
      0.25,
      3,
      1.5,
      -7,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      16,
    ]);
    assert.ok(Object.is(o.f, -0));
  });

  test("bools in every spelling", () => {
    const S2 = T("Scalars");
    for (const [t, v] of [
      ["true", true],
      ["True", true],
      ["t", true],
      ["1", true],
      ["false", false],
      ["False", false],
      ["f", false],
      ["0", false],
    ] as const) {
      assert.equal(parseTextProto(`b: ${t}`, S2).b, v, t);
    }
  });

  test("strings: escapes, both quotes, concatenation, UTF-8; bytes keep raw bytes", () => {
    const o = parseTextProto(`s: "a\\n\\t\\\\\\'\\"" 'b\\x41\\101\\u00e9' "\\U0001F600" by: "\\377\\000\\x7f"`, S);
    assert.equal(o.s, "a\n\t\\'\"bAAé😀");
    assert.deepEqual(o.by, Uint8Array.from([0xff, 0, 0x7f]));
    assert.equal(parseTextProto('s: "日本"', S).s, "日本");
  });

  test("enums by name and by number; repeated by repetition and list", () => {
    const o = parseTextProto("color: GREEN rc: [RED, 2] rc: 7 rc: COLOR_UNSPECIFIED", S);
    assert.deepEqual(o, { color: "GREEN", rc: ["RED", "GREEN", 7, "COLOR_UNSPECIFIED"] });
    const m = S.toObject(S.fromObject(o));
    assert.deepEqual(m.rc, [1, 2, 7, 0]);
  });

  test("maps with non-string keys, message values, missing key/value, last entry wins", () => {
    const o = parseTextProto(
      'by_int { key: -3 value: "x" } by_int { value: "dflt" } by_int: [{ key: -3 value: "y" }] by_bool { key: true value: RED } by_bool { key: false } children { key: "k" value { i32: 1 } } children { key: "__proto__" }',
      S,
    );
    assert.deepEqual(o.by_int, { "-3": "y", "0": "dflt" });
    assert.deepEqual(o.by_bool, { true: "RED", false: "COLOR_UNSPECIFIED" });
    const children = o.children as Record<string, unknown>;
    assert.deepEqual(Object.keys(children), ["k", "__proto__"]);
    assert.deepEqual(children.k, { i32: 1 });
    assert.equal(Object.getPrototypeOf(children), Object.prototype);
  });

  test("separators , and ; and nested repeated messages in list syntax", () => {
    const o = parseTextProto("kids [{ i32: 1 }, < i32: 2 >]; kids { i32: 3 }, child { child { s: 'deep' } }", S);
    assert.deepEqual(o, { kids: [{ i32: 1 }, { i32: 2 }, { i32: 3 }], child: { child: { s: "deep" } } });
  });

  test("google.protobuf.Any expanded form becomes type_url and encoded value", () => {
    const o = parseTextProto(
      "any { [type.googleapis.com/tensorflow.serving.PrometheusConfig] { enable: true path: '/m' } }",
      S,
    );
    const any = o.any as { type_url: string; value: Uint8Array };
    assert.equal(any.type_url, "type.googleapis.com/tensorflow.serving.PrometheusConfig");
    const P = T("PrometheusConfig");
    assert.deepEqual(P.toObject(P.decode(any.value)), { enable: true, path: "/m" });
  });
});
