import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fixedClock, systemClock } from "../common/clock.ts";
import { systemRandom } from "../common/random.ts";
import { runCli } from "../testing/cli.ts";
import { type ServeProcess, spawnServe } from "./testing/spawn-serve.ts";
import { DEFAULT_KEY_SPEC } from "./tls-material/key-pair.ts";
import { makeOnewayMaterial, type TlsMaterial } from "./tls-material/material.ts";

/**
 * End-to-end against the real `sealed serve` (separate processes) with material from
 * `sealed tls`: one-way TLS, mutual TLS, a foreign client certificate, a wrong CA, an expired
 * server certificate, unknown model, a non-image file, an unreachable port.
 */
const MODEL = "resnet50-v15-fp32";
const NAME = "grpc.tf-serving.service.com";

describe("client against sealed serve", { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "sealed-client-e2e-"));
  const servers: ServeProcess[] = [];
  let oneway: ServeProcess;
  let mutual: ServeProcess;
  let expired: ServeProcess;
  const at = (...p: string[]) => join(dir, ...p);
  const cli = (...args: string[]) => runCli(args, { cwd: dir });

  before(async () => {
    const synth = await cli("model", "synth", "tiny", "-o", "model.onnx");
    assert.equal(synth.code, 0, synth.stderr);
    mkdirSync(at("models", MODEL, "1"), { recursive: true });
    execFileSync("cp", [at("model.onnx"), at("models", MODEL, "1", "model.onnx")]);
    for (const args of [
      ["tls", "oneway", "127.0.0.1", "--out", "one"],
      ["tls", "twoway", NAME, "client.tf-serving.service.com", "--out", "two"],
      ["tls", "twoway", NAME, "intruder", "--out", "other"],
    ]) {
      const r = await cli(...args);
      assert.equal(r.code, 0, r.stderr);
    }
    // an expired server certificate: issued 3 days ago for 1 day
    const past = {
      clock: fixedClock(systemClock.now() - 3 * 86_400_000),
      random: systemRandom,
      keySpec: DEFAULT_KEY_SPEC,
    };
    const old: TlsMaterial = await makeOnewayMaterial(past, "127.0.0.1", { leafDays: 1 });
    mkdirSync(at("old"), { recursive: true });
    for (const f of old.files) {
      mkdirSync(join(at("old", f.path), ".."), { recursive: true });
      writeFileSync(at("old", f.path), f.content);
    }
    const base = [`--model_name=${MODEL}`, `--model_base_path=${at("models", MODEL)}`];
    [oneway, mutual, expired] = await Promise.all([
      spawnServe([...base, `--ssl_config_file=${at("one", "ssl.cfg")}`]),
      spawnServe([...base, `--ssl_config_file=${at("two", "ssl.cfg")}`]),
      spawnServe([...base, `--ssl_config_file=${at("old", "ssl.cfg")}`]),
    ]);
    servers.push(oneway, mutual, expired);
  });

  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  test("bench -batch 1 -cnum 2 -loop 20 -crt server/cert.pem: the summary agrees with its own numbers", async () => {
    const url = `127.0.0.1:${oneway.grpcPort}`;
    const r = await cli(
      "client",
      "bench",
      "-batch",
      "1",
      "-cnum",
      "2",
      "-loop",
      "20",
      "-url",
      url,
      "-crt",
      "one/server/cert.pem",
      "--json",
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.secure, true);
    for (const [run, loop] of [
      [j.warmup, 5],
      [j.run, 20],
    ]) {
      assert.equal(run.requests, 2 * loop);
      assert.equal(run.ok, 2 * loop);
      assert.equal(run.errors, 0);
      assert.equal(run.tps, (run.requests * 1) / run.e2eSeconds);
      const printed = r.stderr.split("\n").filter((l) => l.startsWith("summary: "));
      assert.ok(printed.includes(run.summaryLine));
      const m = /^summary: cnum 2, batch 1, e2e time\(s\) (\S+), average latency\(ms\) (\S+), tps: (\S+)$/.exec(
        run.summaryLine,
      );
      assert.ok(m);
      assert.equal(Number(m[1]), run.e2eSeconds);
      assert.equal(Number(m[2]), run.averageLatencyMs);
      assert.equal(Number(m[3]), run.tps);
    }
    // the plain form prints the same two summary lines on stdout
    const plain = await cli(
      "client",
      "bench",
      "-batch",
      "1",
      "-cnum",
      "2",
      "-loop",
      "3",
      "-url",
      url,
      "-crt",
      "one/ca_cert.pem",
    );
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stdout.split("\n").filter((l) => /^summary: cnum 2, batch 1, e2e time\(s\) /.test(l)).length, 2);
  });

  test("one-way TLS over REST; predict prints top-K", async () => {
    const rest = await cli(
      "client",
      "bench",
      "-batch",
      "2",
      "-cnum",
      "1",
      "-loop",
      "2",
      "-url",
      `127.0.0.1:${oneway.restPort}`,
      "-crt",
      "one/ca_cert.pem",
      "--rest",
      "--json",
    );
    assert.equal(rest.code, 0, rest.stderr);
    assert.equal(JSON.parse(rest.stdout).run.ok, 2);
    const p = await cli(
      "client",
      "predict",
      "--url",
      `127.0.0.1:${oneway.grpcPort}`,
      "-crt",
      "one/ca_cert.pem",
      "--model",
      MODEL,
      "--random",
      "--batch",
      "2",
      "--top",
      "3",
      "--json",
    );
    assert.equal(p.code, 0, p.stderr);
    const j = JSON.parse(p.stdout);
    assert.deepEqual(j.shape, [2, 1001]);
    assert.equal(j.results.length, 2);
    assert.equal(j.results[0].top.length, 3);
    assert.ok(j.results[0].top[0].score >= j.results[0].top[1].score);
  });

  test("mutual TLS works; a client certificate from another CA is refused; a wrong CA is refused", async () => {
    const url = `127.0.0.1:${mutual.grpcPort}`;
    const good = [
      "-ca",
      "two/ca_cert.pem",
      "-crt",
      "two/client/cert.pem",
      "-key",
      "two/client/key.pem",
      "--server-name",
      NAME,
    ];
    const ok = await cli("client", "bench", "-batch", "1", "-cnum", "2", "-loop", "3", "-url", url, ...good);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^summary: cnum 2, batch 1, /m);
    const foreign = [
      "-ca",
      "two/ca_cert.pem",
      "-crt",
      "other/client/cert.pem",
      "-key",
      "other/client/key.pem",
      "--server-name",
      NAME,
    ];
    const refused = await cli("client", "bench", "-cnum", "1", "-loop", "1", "-url", url, ...foreign);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^sealed: CLIENT_TLS_HANDSHAKE: /);
    assert.equal(refused.stderr.trim().split("\n").length, 1);
    const wrongCa = await cli(
      "client",
      "bench",
      "-cnum",
      "1",
      "-loop",
      "1",
      "-url",
      url,
      "-ca",
      "other/ca_cert.pem",
      "-crt",
      "two/client/cert.pem",
      "-key",
      "two/client/key.pem",
      "--server-name",
      NAME,
    );
    assert.equal(wrongCa.code, 1);
    assert.match(wrongCa.stderr, /^sealed: CLIENT_TLS_VERIFY: /);
    const restUrl = `127.0.0.1:${mutual.restPort}`;
    const rest = await cli("client", "bench", "-cnum", "1", "-loop", "2", "-url", restUrl, ...good, "--rest");
    assert.equal(rest.code, 0, rest.stderr);
    const restRefused = await cli("client", "bench", "-cnum", "1", "-loop", "1", "-url", restUrl, ...foreign, "--rest");
    assert.equal(restRefused.code, 1);
    assert.match(restRefused.stderr, /^sealed: CLIENT_TLS_HANDSHAKE: /);
    const noName = await cli("client", "bench", "-cnum", "1", "-loop", "1", "-url", url, ...good.slice(0, 6));
    assert.match(noName.stderr, /^sealed: CLIENT_TLS_VERIFY: .*does not name '127.0.0.1'/);
  });

  test("bad input against the live server: one clear line each, non-zero exit, no stack trace", async () => {
    writeFileSync(at("cat.jpg"), "GIF89a? no, just text\n");
    const dead = await spawnServe([`--model_name=${MODEL}`, `--model_base_path=${at("models", MODEL)}`]);
    const deadPort = dead.grpcPort;
    await dead.stop();
    const cases: [string[], RegExp][] = [
      [
        ["client", "bench", "-cnum", "1", "-loop", "1", "-url", `127.0.0.1:${deadPort}`],
        /^sealed: CLIENT_UNREACHABLE: /,
      ],
      [
        [
          "client",
          "bench",
          "-cnum",
          "1",
          "-loop",
          "1",
          "-url",
          `127.0.0.1:${expired.grpcPort}`,
          "-crt",
          "old/ca_cert.pem",
        ],
        /^sealed: CLIENT_CERT_EXPIRED: /,
      ],
      [
        [
          "client",
          "bench",
          "-cnum",
          "1",
          "-loop",
          "1",
          "-url",
          `127.0.0.1:${oneway.grpcPort}`,
          "-crt",
          "one/ca_cert.pem",
          "--model",
          "nope",
        ],
        /^sealed: CLIENT_MODEL_NOT_FOUND: /,
      ],
      [
        [
          "client",
          "predict",
          "--url",
          `127.0.0.1:${oneway.grpcPort}`,
          "-crt",
          "one/ca_cert.pem",
          "--model",
          "nope",
          "--random",
        ],
        /^sealed: CLIENT_MODEL_NOT_FOUND: /,
      ],
      [
        [
          "client",
          "predict",
          "--url",
          `127.0.0.1:${oneway.grpcPort}`,
          "-crt",
          "one/ca_cert.pem",
          "--model",
          MODEL,
          "--image",
          "cat.jpg",
        ],
        /^sealed: CLIENT_BAD_IMAGE: cat.jpg /,
      ],
      [
        ["client", "predict", "--url", `127.0.0.1:${oneway.grpcPort}`, "--model", MODEL, "--random"],
        /^sealed: CLIENT_UNREACHABLE: .*pass -crt or -ca/,
      ],
    ];
    for (const [args, re] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, 1, `${args.join(" ")}\n${r.stderr}`);
      assert.match(r.stderr, re, args.join(" "));
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  });
});
