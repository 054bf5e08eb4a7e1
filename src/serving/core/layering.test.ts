import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const DIR = fileURLToPath(new URL(".", import.meta.url));

test("serving/core is protocol-independent: no @grpc/*, node:http(s) or protobuf imports", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".ts"));
  assert.ok(files.length > 5);
  for (const f of files) {
    const src = readFileSync(`${DIR}${f}`, "utf8");
    const imports = [...src.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
    for (const spec of imports) {
      assert.ok(!/^@grpc\/|^node:https?$|^protobufjs|\/proto\/|\/grpc\/|\/rest\//.test(spec), `${f} imports ${spec}`);
    }
  }
});
