import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import sharp from "sharp";
import { type FakeServer, startFakeGrpcServer, startFakeRestServer } from "../../client/testing/fake-tf-serving.ts";
import { runCli } from "../../testing/cli.ts";
import { normalizeSeedFlags } from "./client-flags.ts";

const dir = mkdtempSync(join(tmpdir(), "sealed-client-cli-"));
let grpcServer: FakeServer;
let restServer: FakeServer;

before(async () => {
  grpcServer = await startFakeGrpcServer();
  restServer = await startFakeRestServer();
  // red, green and blue 20x30 images; the fake model scores per-channel means
  for (const [name, rgb] of [
    ["red.png", [255, 0, 0]],
    ["green.jpg", [0, 255, 0]],
    ["blue.webp", [0, 0, 255]],
  ] as const) {
    const img = sharp({
      create: { width: 30, height: 20, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
    });
    const out = name.endsWith(".png") ? img.png() : name.endsWith(".jpg") ? img.jpeg() : img.webp({ lossless: true });
    writeFileSync(join(dir, name), await out.toBuffer());
  }
  writeFileSync(join(dir, "labels.txt"), "red\ngreen\nblue\n");
  writeFileSync(join(dir, "notes.png"), "this is a text file, not an image\n");
});

after(async () => {
  await grpcServer.close();
  await restServer.close();
  rmSync(dir, { recursive: true, force: true });
});

const url = (s: FakeServer) => `127.0.0.1:${s.port}`;

test("seed single-dash flags become long flags; others are left alone", () => {
  assert.deepEqual(normalizeSeedFlags(["-batch", "1", "-cnum=2", "-v", "-url", "h:1", "-x"]), [
    "--batch",
    "1",
    "--cnum=2",
    "-v",
    "--url",
    "h:1",
    "-x",
  ]);
});

test("predict: images are batched, classified and labelled (gRPC and REST)", async () => {
  for (const [server, extra] of [
    [grpcServer, []],
    [restServer, ["--rest"]],
  ] as const) {
    const r = await runCli(
      [
        "client",
        "predict",
        "--url",
        url(server),
        "--model",
        "resnet50-v15-fp32",
        "--image",
        "red.png",
        "--image",
        "green.jpg",
        "--image",
        "blue.webp",
        "--labels",
        "labels.txt",
        "--top",
        "1",
        "--json",
        ...extra,
      ],
      { cwd: dir },
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as {
      shape: number[];
      results: { image: string; top: { label: string; index: number; score: number }[] }[];
    };
    assert.deepEqual(j.shape, [3, 3]);
    assert.deepEqual(
      j.results.map((x) => [x.image, x.top[0].label, x.top[0].index]),
      [
        ["red.png", "red", 0],
        ["green.jpg", "green", 1],
        ["blue.webp", "blue", 2],
      ],
    );
    assert.ok(j.results[0].top[0].score > 0.95);
  }
  const text = await runCli(
    ["client", "predict", "--url", url(grpcServer), "--model", "resnet50-v15-fp32", "--image", "red.png", "--top", "2"],
    { cwd: dir },
  );
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^red.png:\n {2}1\. class 0 {2}1\.0{6}\n {2}2\. class [12] {2}0\.0{6}\n$/);
});

test("bench: summary arithmetic agrees with its own JSON (gRPC and REST)", async () => {
  for (const extra of [[], ["--rest"]]) {
    const server = extra.length ? restServer : grpcServer;
    const r = await runCli([
      "client",
      "bench",
      "-batch",
      "2",
      "-cnum",
      "2",
      "-loop",
      "20",
      "-url",
      url(server),
      "--size",
      "8x8",
      "--json",
      ...extra,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    for (const [run, loop] of [
      [j.warmup, 5],
      [j.run, 20],
    ]) {
      assert.equal(run.requests, 2 * loop);
      assert.equal(run.ok, run.requests);
      assert.equal(run.tps, (run.requests * 2) / run.e2eSeconds);
      assert.ok(
        run.latencyMs.p50 <= run.latencyMs.p90 &&
          run.latencyMs.p90 <= run.latencyMs.p99 &&
          run.latencyMs.p99 <= run.latencyMs.max,
      );
      const m = /^summary: cnum 2, batch 2, e2e time\(s\) (\S+), average latency\(ms\) (\S+), tps: (\S+)$/.exec(
        run.summaryLine,
      );
      assert.ok(m, run.summaryLine);
      assert.equal(Number(m[1]), run.e2eSeconds);
      assert.equal(Number(m[2]), run.averageLatencyMs);
      assert.equal(Number(m[3]), run.tps);
      assert.ok(r.stderr.includes(`${run.summaryLine}\n`), "the human line is printed too");
    }
  }
});

test("bench -v prints one seed query line per request", async () => {
  const r = await runCli([
    "client",
    "bench",
    "-batch",
    "1",
    "-cnum",
    "3",
    "-loop",
    "4",
    "-url",
    url(grpcServer),
    "--size",
    "8x8",
    "-v",
    "--warmup",
    "0",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const q = r.stdout.split("\n").filter((l) => l.startsWith("query: "));
  assert.equal(q.length, 12);
  for (const l of q)
    assert.match(
      l,
      /^query: insecure channel, task [0-2], batch 1, loop_idx [0-3], latency\(ms\) \d+\.\d, tps: \d+\.\d$/,
    );
  assert.equal(r.stdout.split("\n").filter((l) => l.startsWith("summary: ")).length, 1);
  const json = r.stdout.slice(r.stdout.indexOf("{"), r.stdout.lastIndexOf("}") + 1);
  const response = JSON.parse(json);
  assert.deepEqual(response.outputs.scores.tensorShape, { dim: [{ size: "1" }, { size: "3" }] });
  assert.equal(response.outputs.scores.dtype, "DT_FLOAT");
  assert.equal(response.outputs.scores.floatVal.length, 3);
});

test("bench --retries rides over UNAVAILABLE; without it the errors are counted by status", async () => {
  const flaky = await startFakeGrpcServer({ failFirst: 2 });
  try {
    const r = await runCli([
      "client",
      "bench",
      "-cnum",
      "1",
      "-loop",
      "3",
      "--warmup",
      "0",
      "-url",
      url(flaky),
      "--size",
      "8x8",
      "--retries",
      "3",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.run.retries, 2);
    assert.equal(j.run.ok, 3);
  } finally {
    await flaky.close();
  }
  const flaky2 = await startFakeGrpcServer({ failFirst: 2 });
  try {
    const r = await runCli([
      "client",
      "bench",
      "-cnum",
      "1",
      "-loop",
      "3",
      "--warmup",
      "0",
      "-url",
      url(flaky2),
      "--size",
      "8x8",
      "--json",
    ]);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.run.errorsByStatus, { UNAVAILABLE: 2 });
    assert.equal(j.run.ok, 1);
    assert.equal(j.run.tps, 1 / j.run.e2eSeconds);
  } finally {
    await flaky2.close();
  }
});

test("bench --duration with -loop 0 stops", async () => {
  const r = await runCli([
    "client",
    "bench",
    "-cnum",
    "1",
    "-loop",
    "0",
    "--duration",
    "0.3",
    "-url",
    url(grpcServer),
    "--size",
    "8x8",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.warmup, null);
  assert.ok(j.run.requests >= 1);
  assert.equal(j.run.loop, 0);
});

test("bad input: one clear line each, non-zero exit, no stack trace", async () => {
  const closed = await startFakeGrpcServer();
  const deadPort = closed.port;
  await closed.close();
  const cases: [string[], RegExp][] = [
    [
      ["client", "bench", "-url", `127.0.0.1:${deadPort}`, "-cnum", "1", "-loop", "1"],
      /^sealed: CLIENT_UNREACHABLE: .*ECONNREFUSED/,
    ],
    [
      ["client", "predict", "--url", `127.0.0.1:${deadPort}`, "--model", "m", "--random", "--rest"],
      /^sealed: CLIENT_UNREACHABLE: /,
    ],
    [
      ["client", "predict", "--url", url(grpcServer), "--model", "nope", "--random"],
      /^sealed: CLIENT_MODEL_NOT_FOUND: .*nope/,
    ],
    [
      ["client", "predict", "--url", url(restServer), "--model", "nope", "--random", "--rest"],
      /^sealed: CLIENT_MODEL_NOT_FOUND: .*nope/,
    ],
    [
      ["client", "bench", "-url", url(grpcServer), "--model", "nope", "-cnum", "1", "-loop", "1", "--size", "8x8"],
      /^sealed: CLIENT_MODEL_NOT_FOUND: /,
    ],
    [
      ["client", "predict", "--url", url(grpcServer), "--model", "resnet50-v15-fp32", "--image", "notes.png"],
      /^sealed: CLIENT_BAD_IMAGE: notes.png is not a readable image/,
    ],
    [
      ["client", "bench", "-url", url(grpcServer), "-img", "notes.png", "-cnum", "1", "-loop", "1"],
      /^sealed: CLIENT_BAD_IMAGE: /,
    ],
    [
      ["client", "predict", "--url", url(grpcServer), "--model", "resnet50-v15-fp32", "--image", "missing.png"],
      /^sealed: FILE_NOT_FOUND: /,
    ],
    [
      [
        "client",
        "predict",
        "--url",
        url(grpcServer),
        "--model",
        "resnet50-v15-fp32",
        "--random",
        "--signature",
        "other",
      ],
      /^sealed: CLIENT_SIGNATURE: /,
    ],
    [["client", "bench", "-url", url(grpcServer), "-crt", "labels.txt"], /^sealed: CLIENT_TLS_MATERIAL: /],
    [
      ["client", "bench", "-cnum", "1", "-loop", "1", "-url", url(grpcServer), "--size", "8x8", "--input", "x"],
      /^sealed: CLIENT_RPC_FAILED: Predict failed: INVALID_ARGUMENT: /,
    ],
  ];
  for (const [args, re] of cases) {
    const r = await runCli(args, { cwd: dir });
    assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(" "));
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  for (const args of [
    ["client"],
    ["client", "bench", "-batch", "x"],
    ["client", "predict", "--url", "nohost"],
    ["client", "bench", "-key", "k"],
  ]) {
    const r = await runCli(args, { cwd: dir });
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /^sealed: USAGE: /);
  }
});
