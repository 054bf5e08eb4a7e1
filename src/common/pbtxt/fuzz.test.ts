import assert from "node:assert/strict";
import { test } from "node:test";
import { isSealedError } from "../errors.ts";
import { seededRandom } from "../random.ts";
import { formatTextProto, parseTextProto } from "./index.ts";
import { testRoot } from "./test-protos.ts";

const root = testRoot(true);
const types = ["Scalars", "ModelServerConfig", "BatchingParameters", "SSLConfig"].map((n) =>
  root.lookupType(`tensorflow.serving.${n}`),
);

const CORPUS = [
  "i32: -0x10 u32: 017 i64: 9223372036854775807 f: 1.5f d: -inf b: t s: 'a\\n\\x41' by: \"\\377\" color: RED",
  "ri: [1, 2, 3] rs: ['x', \"y\"] rc: [RED, 2] rd: [nan, .5e3] kids [{ i32: 1 }, < s: 'q' >]",
  "by_int { key: 1 value: 'a' } by_bool { key: true value: GREEN } children { key: 'c' value { child { b: 1 } } }",
  "any { [type.googleapis.com/tensorflow.serving.PrometheusConfig] { enable: true path: '/m' } }",
  "model_config_list { config { name: 'resnet' base_path: '/models/resnet' model_platform: 'tensorflow' model_version_policy { specific { versions: 1 versions: 2 } } version_labels { key: 'stable' value: 1 } } }",
  "max_batch_size { value: 128 } batch_timeout_micros { value: 0 } allowed_batch_sizes: [8, 16] # comment\n",
  "server_key: '-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----' client_verify: false;",
];
const ALPHABET = [
  "{",
  "}",
  "<",
  ">",
  "[",
  "]",
  ":",
  ",",
  ";",
  "-",
  "'",
  '"',
  "\\",
  "#",
  "\n",
  " ",
  "0",
  "x",
  "e",
  ".",
  "f",
  "u",
  "7",
  "i32",
  "child",
  "s",
  "by_int",
  "key",
  "value",
  "\\u00",
  "\\x",
  "\\777",
  "[a/b.c]",
];

/** Mutates `s` with 1-8 random edits: delete, insert an alphabet token, duplicate or truncate. */
function mutate(s: string, rnd: ReturnType<typeof seededRandom>): string {
  let out = s;
  const edits = 1 + (rnd.nextU32() % 8);
  for (let k = 0; k < edits; k++) {
    const at = rnd.nextU32() % (out.length + 1);
    switch (rnd.nextU32() % 4) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + (rnd.nextU32() % 4));
        break;
      case 1:
        // Mostly grammar tokens, sometimes any UTF-16 unit (control characters, lone surrogates).
        out =
          out.slice(0, at) +
          (rnd.nextU32() % 8 === 0
            ? String.fromCharCode(rnd.nextU32() & 0xffff)
            : ALPHABET[rnd.nextU32() % ALPHABET.length]) +
          out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + out.slice(at, at + (rnd.nextU32() % 20)) + out.slice(at);
        break;
      default:
        out = out.slice(0, at);
    }
  }
  return out;
}

test("seeded fuzz: mutated inputs either parse (and round-trip) or throw a pbtxt SealedError", () => {
  const rnd = seededRandom(0x5ea1ed);
  let parsed = 0;
  let rejected = 0;
  for (let i = 0; i < 4000; i++) {
    const text = mutate(CORPUS[i % CORPUS.length] as string, rnd);
    for (const type of types) {
      let obj: Record<string, unknown>;
      try {
        obj = parseTextProto(text, type);
      } catch (err) {
        assert.ok(
          isSealedError(err, "PBTXT_SYNTAX") || isSealedError(err, "PBTXT_UNKNOWN_FIELD"),
          `input ${JSON.stringify(text)} threw ${String(err)}`,
        );
        rejected++;
        continue;
      }
      parsed++;
      // Whatever parses must be acceptable to protobufjs and must survive format -> parse.
      type.encode(type.fromObject(obj)).finish();
      assert.deepEqual(parseTextProto(formatTextProto(obj, type), type), obj, `round trip of ${JSON.stringify(text)}`);
    }
  }
  // Both outcomes must actually occur, or the mutator is not exercising the parser.
  assert.ok(parsed > 100, `only ${parsed} inputs parsed`);
  assert.ok(rejected > 1000, `only ${rejected} inputs rejected`);
});
