import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../../testing/cli.ts";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test("sealed demo --tiny runs the whole flow and leaves no plaintext model on the serving side", {
  timeout: 300_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "sealed-demo-test-"));
  try {
    const r = await runCli(["demo", "--tiny", "--dir", dir], { env: process.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /OK: sgx evidence verified and accepted by the policy/);
    assert.match(
      r.stdout,
      /^summary: cnum 2, batch 1, e2e time\(s\) [\d.e-]+, average latency\(ms\) [\d.e-]+, tps: [\d.e-]+$/m,
    );
    assert.match(r.stdout, /random\[0\]:\n\s+1\. class \d+/);
    // The owner's plaintext model is in owner/ (trusted side); nothing under models/ holds it.
    const plain = readFileSync(join(dir, "owner/model.onnx"));
    const probe = plain.subarray(plain.length - 4096, plain.length - 4096 + 64);
    for (const f of filesUnder(join(dir, "models"))) {
      assert.equal(readFileSync(f).indexOf(probe), -1, `${f} holds plaintext model bytes`);
    }
    assert.ok(existsSync(join(dir, "ssl_configure/ssl.cfg")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
