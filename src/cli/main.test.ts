import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli } from "../testing/cli.ts";

test("no arguments prints help and exits 2", async () => {
  const r = await runCli([]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /usage: sealed <command>/);
});

test("an unknown command is a one-line USAGE error with exit 2", async () => {
  const r = await runCli(["frobnicate"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^sealed: USAGE: unknown command 'frobnicate'$/m);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
});

test("the installed bin runs through tsx", () => {
  const bin = fileURLToPath(new URL("../../bin/sealed.js", import.meta.url));
  const r = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^sealed \d+\.\d+\.\d+/);
});

test("--help after a mode prints that mode's usage", async () => {
  const pf = await runCli(["pf", "encrypt", "--help"]);
  assert.equal(pf.code, 0);
  assert.match(pf.stdout, /^usage: sealed pf encrypt /);
  const ratls = await runCli(["attest", "ratls-verify", "--help"]);
  assert.match(ratls.stdout, /^usage: sealed attest ratls-verify /);
  const top = await runCli(["pf", "--help"]);
  assert.match(top.stdout, /^usage: sealed pf <mode>/);
});
