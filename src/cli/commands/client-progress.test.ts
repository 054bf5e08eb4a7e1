import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { startFakeGrpcServer } from "../../client/testing/fake-tf-serving.ts";
import { startProgress } from "./client-progress.ts";

test("progress bar redraws one line and clears it when done", async () => {
  let out = "";
  const p = startProgress({ write: (s: string) => (out += s) }, 4, undefined);
  p.tick(false);
  p.tick(true);
  await new Promise((r) => setTimeout(r, 300));
  p.done();
  p.done();
  const ESC = String.fromCharCode(27);
  assert.ok(out.includes(`${ESC}[K`));
  assert.match(out.replaceAll(ESC, "<ESC>"), /\r\[#{15}\.{15}\] 50% 2\/4 req, [\d.]+ req\/s, 1 failed<ESC>\[K/);
  assert.ok(out.endsWith("\r\x1b[K"));
  assert.equal(out.split("\r\x1b[K").length, 2, "cleared exactly once");
});

test("bench -loop 0 runs until Ctrl-C (SIGINT), then prints its summary", { timeout: 60_000 }, async () => {
  const server = await startFakeGrpcServer();
  try {
    const bin = fileURLToPath(new URL("../../../bin/sealed.js", import.meta.url));
    const child = spawn(
      process.execPath,
      [bin, "client", "bench", "-cnum", "2", "-loop", "0", "-url", `127.0.0.1:${server.port}`, "--size", "8x8", "-v"],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_NO_WARNINGS: "1" } },
    );
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    let signalled = false;
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      if (!signalled && (stdout.match(/^query: /gm) ?? []).length >= 4) {
        signalled = true;
        child.kill("SIGINT");
      }
    });
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    assert.equal(code, 0, stderr);
    const queries = (stdout.match(/^query: insecure channel, /gm) ?? []).length;
    const m = /^summary: cnum 2, batch 1, e2e time\(s\) \S+, average latency\(ms\) \S+, tps: \S+$/m.exec(stdout);
    assert.ok(m, stdout);
    assert.match(stdout, new RegExp(`requests ${queries}, ok ${queries}, errors 0`));
  } finally {
    await server.close();
  }
});
