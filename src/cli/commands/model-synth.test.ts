import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { synthModel } from "../../serving/synth/index.ts";
import { runCli } from "../../testing/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "sealed-model-synth-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("sealed model synth", () => {
  test("tiny --json writes the model and reports its size and SHA-256", async () => {
    const r = await runCli(["model", "synth", "tiny", "-o", "tiny.onnx", "--classes", "10", "--json"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const facts = JSON.parse(r.stdout) as Record<string, unknown>;
    const file = readFileSync(join(dir, "tiny.onnx"));
    assert.deepEqual(new Uint8Array(file), synthModel("tiny", { classes: 10 }));
    assert.equal(facts.bytes, file.length);
    assert.equal(facts.sha256, createHash("sha256").update(file).digest("hex"));
    assert.equal(facts.kind, "tiny");
    assert.equal(facts.classes, 10);
    assert.equal(facts.layout, "nhwc");
  });

  test("human output names the file; --seed and --layout are passed through", async () => {
    const r = await runCli(["model", "synth", "tiny", "--output", "t2.onnx", "--seed", "42", "--layout", "nchw"], {
      cwd: dir,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^wrote tiny \(nchw, 1001 classes, \d+ params, 4 nodes\) to t2\.onnx\n/);
    assert.deepEqual(
      new Uint8Array(readFileSync(join(dir, "t2.onnx"))),
      synthModel("tiny", { seed: 42, layout: "nchw" }),
    );
  });

  const usageCases: [string, string[]][] = [
    ["missing tool", ["model"]],
    ["unknown tool", ["model", "train"]],
    ["missing kind", ["model", "synth", "-o", "x.onnx"]],
    ["unknown kind", ["model", "synth", "vgg16", "-o", "x.onnx"]],
    ["missing -o", ["model", "synth", "tiny"]],
    ["non-numeric --classes", ["model", "synth", "tiny", "-o", "x.onnx", "--classes", "ten"]],
    ["extra argument", ["model", "synth", "tiny", "extra", "-o", "x.onnx"]],
    ["unknown flag", ["model", "synth", "tiny", "-o", "x.onnx", "--fast"]],
  ];
  for (const [name, args] of usageCases) {
    test(`usage error: ${name}`, async () => {
      const r = await runCli(args, { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^sealed: USAGE: /);
    });
  }

  test("out-of-range values are SRV_SYNTH_OPTIONS; a missing directory is FILE_NOT_FOUND", async () => {
    const bad = await runCli(["model", "synth", "tiny", "-o", "x.onnx", "--classes", "0"], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^sealed: SRV_SYNTH_OPTIONS: /);
    const layout = await runCli(["model", "synth", "tiny", "-o", "x.onnx", "--layout", "hwc"], { cwd: dir });
    assert.match(layout.stderr, /^sealed: SRV_SYNTH_OPTIONS: /);
    const missing = await runCli(["model", "synth", "tiny", "-o", "no/such/dir/x.onnx"], { cwd: dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^sealed: FILE_NOT_FOUND: /);
  });
});
