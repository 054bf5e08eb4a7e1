import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  SGX_COLLATERAL,
  SGX_QUOTE,
  SGX_TIME_S,
  TDX_COLLATERAL,
  TDX_QUOTE,
  TDX_TIME_S,
} from "../../attestation/dcap/testing/vectors.ts";
import { runCli } from "../../testing/cli.ts";
import { vectorPath, vectorsSkip } from "../../testing/vectors.ts";

const skip = vectorsSkip(SGX_QUOTE, SGX_COLLATERAL, TDX_QUOTE, TDX_COLLATERAL);
const sgxArgs = ["attest", "verify", "--evidence", vectorPath(SGX_QUOTE), "--collateral", vectorPath(SGX_COLLATERAL)];

test("attest verify prints status, advisories and claims; exit 0 without a policy", { skip }, async () => {
  const r = await runCli([...sgxArgs, "--time", String(SGX_TIME_S), "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.ok, true);
  assert.equal(out.tee, "sgx");
  assert.equal(out.status, "ConfigurationAndSWHardeningNeeded");
  assert.deepEqual(out.advisoryIds, ["INTEL-SA-00289", "INTEL-SA-00615"]);
  assert.equal(out.claims.mrenclave, "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
  const text = await runCli([...sgxArgs, "--time", "2025-07-19T10:01:17Z"]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /status: +ConfigurationAndSWHardeningNeeded/);
  const tdx = await runCli([
    "attest",
    "verify",
    "--evidence",
    vectorPath(TDX_QUOTE),
    "--collateral",
    vectorPath(TDX_COLLATERAL),
    "--time",
    String(TDX_TIME_S),
  ]);
  assert.equal(tdx.code, 0, tdx.stderr);
  assert.match(tdx.stdout, /OK: tdx evidence verified/);
});

test("attest verify: the default policy rejects the SGX vector's TCB status; an explicit one accepts it", {
  skip,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "sealed-attest-"));
  writeFileSync(join(dir, "default.json"), "{}");
  writeFileSync(
    join(dir, "ok.json"),
    JSON.stringify({
      acceptedTcbStatuses: ["ConfigurationAndSWHardeningNeeded"],
      sgx: { mrsigner: ["815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6"], isvProdId: 0 },
    }),
  );
  const time = ["--time", String(SGX_TIME_S)];
  const rejected = await runCli([...sgxArgs, ...time, "--policy", join(dir, "default.json"), "--json"]);
  assert.equal(rejected.code, 1);
  const out = JSON.parse(rejected.stdout);
  assert.equal(out.code, "ATT_POLICY_TCB_STATUS");
  assert.equal(out.status, "ConfigurationAndSWHardeningNeeded");
  const accepted = await runCli([...sgxArgs, ...time, "--policy", join(dir, "ok.json")]);
  assert.equal(accepted.code, 0, accepted.stderr);
  assert.match(accepted.stdout, /accepted by the policy/);
});

test("attest verify: failures exit 1 with their code; usage errors exit 2", { skip }, async () => {
  const late = await runCli([...sgxArgs, "--time", String(SGX_TIME_S + 86400 * 60)]);
  assert.equal(late.code, 1);
  assert.match(late.stderr, /ATT_CRL_EXPIRED/);
  const untrusted = await runCli([
    ...sgxArgs,
    "--time",
    String(SGX_TIME_S),
    "--root",
    vectorPath("attestation/intel-synthetic/sgx/trustedRootCaCert.pem"),
    "--json",
  ]);
  assert.equal(untrusted.code, 1);
  assert.equal(JSON.parse(untrusted.stdout).code, "ATT_CHAIN_UNTRUSTED");
  const noCollateral = await runCli(["attest", "verify", "--evidence", vectorPath(SGX_QUOTE), "--time", "1"]);
  assert.equal(noCollateral.code, 1);
  assert.match(noCollateral.stderr, /ATT_COLLATERAL_UNAVAILABLE/);
  assert.equal((await runCli(["attest", "verify"])).code, 2);
  assert.equal((await runCli([...sgxArgs, "--time", "yesterday"])).code, 2);
  assert.equal((await runCli([...sgxArgs, "--tee", "sev"])).code, 2);
  assert.equal((await runCli(["attest", "frobnicate"])).code, 2);
});

test("attest verify: Intel sample directory as collateral, hex evidence, custom root", {
  skip: vectorsSkip("attestation/intel-synthetic/sgx/quote.dat"),
}, async () => {
  const dir = vectorPath("attestation/intel-synthetic/sgx");
  const args = [
    "attest",
    "verify",
    "--evidence",
    join(dir, "quote.dat"),
    "--collateral",
    dir,
    "--time",
    "2025-01-01T00:00:00Z",
  ];
  const ok = await runCli([...args, "--root", join(dir, "trustedRootCaCert.pem"), "--json"]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).status, "UpToDate");
  assert.match(JSON.parse(ok.stdout).trustAnchor, /^custom:/);
  const intel = await runCli([...args, "--json"]);
  assert.equal(intel.code, 1);
  assert.equal(JSON.parse(intel.stdout).code, "ATT_CHAIN_UNTRUSTED");
  const tmp = mkdtempSync(join(tmpdir(), "sealed-attest-hex-"));
  writeFileSync(join(tmp, "q.hex"), `${readFileSync(vectorPath(SGX_QUOTE)).toString("hex")}\n`);
  const hex = await runCli([
    "attest",
    "verify",
    "--evidence",
    join(tmp, "q.hex"),
    "--collateral",
    vectorPath(SGX_COLLATERAL),
    "--time",
    String(SGX_TIME_S),
  ]);
  assert.equal(hex.code, 0, hex.stderr);
});
