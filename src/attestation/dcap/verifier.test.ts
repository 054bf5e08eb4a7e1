import assert from "node:assert/strict";
import { test } from "node:test";
import { readVector, vectorsSkip } from "../../testing/vectors.ts";
import { staticCollateralSource } from "../collateral/source.ts";
import { parseCertificateList } from "../pki/certificate.ts";
import { createVerifier } from "../registry.ts";
import { INTEL_SGX_ROOT_CA_SHA256 } from "./intel-root.ts";
import {
  rejectsWith,
  SGX_COLLATERAL,
  SGX_QUOTE,
  SGX_TIME_S,
  SGX_WINDOW_S,
  SYNTHETIC,
  SYNTHETIC_TIME_MS,
  sgxCollateral,
  syntheticCollateral,
  TDX_COLLATERAL,
  TDX_QUOTE,
  TDX_TIME_S,
  TDX_WINDOW_S,
  tdxCollateral,
} from "./testing/vectors.ts";

const sgxSkip = vectorsSkip(SGX_QUOTE, SGX_COLLATERAL);
const tdxSkip = vectorsSkip(TDX_QUOTE, TDX_COLLATERAL);
const verifySgx = (s: number) =>
  createVerifier("sgx", { collateral: staticCollateralSource(sgxCollateral()) }).verify(
    { tee: "sgx", bytes: readVector(SGX_QUOTE) },
    { timeMs: s * 1000 },
  );
const verifyTdx = (s: number) =>
  createVerifier("tdx", { collateral: staticCollateralSource(tdxCollateral()) }).verify(
    { tee: "tdx", bytes: readVector(TDX_QUOTE) },
    { timeMs: s * 1000 },
  );

test("real SGX quote: ConfigurationAndSWHardeningNeeded with INTEL-SA-00289, INTEL-SA-00615", {
  skip: sgxSkip,
}, async () => {
  const c = await verifySgx(SGX_TIME_S);
  assert.equal(c.tee, "sgx");
  assert.equal(c.status, "ConfigurationAndSWHardeningNeeded");
  assert.deepEqual(c.advisoryIds, ["INTEL-SA-00289", "INTEL-SA-00615"]);
  assert.equal(c.claims.mrenclave, "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
  assert.equal(c.claims.mrsigner, "815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6");
  assert.equal(c.claims.isvprodid, "0");
  assert.equal(c.claims.isvsvn, "0");
  const rd = Buffer.alloc(64);
  rd.write("Hello, world!");
  assert.deepEqual(Buffer.from(c.reportData), rd);
  assert.equal(c.claims.fmspc, "00a067110000");
  assert.equal(c.claims.ca_type, "processor");
  assert.equal(c.claims.pcesvn, "13");
  assert.equal(c.claims.qe_tcb_status, "UpToDate");
  assert.equal(c.trustAnchor, "intel-sgx-root");
  assert.equal(c.debug, false);
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.claims));
});

test("real TDX quote: UpToDate, no advisories", { skip: tdxSkip }, async () => {
  const c = await verifyTdx(TDX_TIME_S);
  assert.equal(c.tee, "tdx");
  assert.equal(c.status, "UpToDate");
  assert.deepEqual(c.advisoryIds, []);
  assert.equal(
    c.claims.mrtd,
    "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7",
  );
  assert.ok(c.claims.tee_tcb_svn!.startsWith("06010300"));
  assert.equal(c.claims.fmspc, "b0c06f000000");
  assert.equal(c.claims.ca_type, "platform");
  assert.equal(c.debug, false);
});

test("validity window: SGX accepted exactly within [issueDate, nextUpdate]", { skip: sgxSkip }, async () => {
  assert.equal((await verifySgx(SGX_WINDOW_S[0])).status, "ConfigurationAndSWHardeningNeeded");
  assert.equal((await verifySgx(SGX_WINDOW_S[1])).status, "ConfigurationAndSWHardeningNeeded");
  await rejectsWith(() => verifySgx(SGX_WINDOW_S[0] - 1), "ATT_TCB_INFO_EXPIRED");
  await rejectsWith(() => verifySgx(SGX_WINDOW_S[1] + 1), "ATT_QE_IDENTITY_EXPIRED");
  await rejectsWith(() => verifySgx(SGX_WINDOW_S[1] + 30 * 86400), "ATT_CRL_EXPIRED");
  await rejectsWith(() => verifySgx(1_000_000_000), "ATT_CERT_EXPIRED"); // 2001: before every notBefore
  await rejectsWith(() => verifySgx(2_600_000_000), "ATT_CERT_EXPIRED"); // 2052: after the root's notAfter
});

test("validity window: TDX accepted exactly within [issueDate, nextUpdate]", { skip: tdxSkip }, async () => {
  assert.equal((await verifyTdx(TDX_WINDOW_S[0])).status, "UpToDate");
  assert.equal((await verifyTdx(TDX_WINDOW_S[1])).status, "UpToDate");
  await rejectsWith(() => verifyTdx(TDX_WINDOW_S[0] - 1), "ATT_QE_IDENTITY_EXPIRED");
  await rejectsWith(() => verifyTdx(TDX_WINDOW_S[1] + 1), "ATT_CRL_EXPIRED");
});

test("the verifier refuses evidence of another TEE kind and collateral of another platform", {
  skip: sgxSkip || tdxSkip,
}, async () => {
  const v = createVerifier("sgx", { collateral: staticCollateralSource(sgxCollateral()) });
  await rejectsWith(
    () => v.verify({ tee: "sgx", bytes: readVector(TDX_QUOTE) }, { timeMs: TDX_TIME_S * 1000 }),
    "ATT_QUOTE_UNSUPPORTED_TEE",
  );
  const wrong = createVerifier("sgx", { collateral: staticCollateralSource(tdxCollateral()) });
  await rejectsWith(
    () => wrong.verify({ tee: "sgx", bytes: readVector(SGX_QUOTE) }, { timeMs: SGX_TIME_S * 1000 }),
    "ATT_CRL_ISSUER_MISMATCH",
  );
});

const syn = (tee: "sgx" | "tdx") => SYNTHETIC(tee, "quote.dat");
const synSkip = vectorsSkip(syn("sgx"), syn("tdx"), SYNTHETIC("sgx", "trustedRootCaCert.pem"));
const synRoot = (tee: "sgx" | "tdx") =>
  parseCertificateList(readVector(SYNTHETIC(tee, "trustedRootCaCert.pem")).toString("utf8"))[0]!;

test("Intel synthetic SGX data verifies under its test root and is rejected under the Intel root", {
  skip: synSkip,
}, async () => {
  const source = staticCollateralSource(syntheticCollateral("sgx"));
  const root = synRoot("sgx");
  const ev = { tee: "sgx" as const, bytes: readVector(syn("sgx")) };
  const c = await createVerifier("sgx", { collateral: source, trustAnchorDer: root.der }).verify(ev, {
    timeMs: SYNTHETIC_TIME_MS,
  });
  assert.equal(c.status, "UpToDate");
  assert.equal(c.claims.mrenclave, "0".repeat(64));
  assert.equal(c.claims.fmspc, "00707f000000");
  assert.equal(c.trustAnchor, `custom:${root.sha256}`);
  assert.notEqual(root.sha256, INTEL_SGX_ROOT_CA_SHA256);
  await rejectsWith(
    () => createVerifier("sgx", { collateral: source }).verify(ev, { timeMs: SYNTHETIC_TIME_MS }),
    "ATT_CHAIN_UNTRUSTED",
  );
  // Without the separately supplied PCK chain, a type-1 quote cannot be verified.
  const { pckCertChain: _drop, ...noPck } = syntheticCollateral("sgx");
  await rejectsWith(
    () =>
      createVerifier("sgx", { collateral: staticCollateralSource(noPck), trustAnchorDer: root.der }).verify(ev, {
        timeMs: SYNTHETIC_TIME_MS,
      }),
    "ATT_PCK_MISSING",
  );
});

test("Intel synthetic TDX data: chain, CRLs and collateral signatures verify under its test root; its QE identity does not match its QE", {
  skip: synSkip,
}, async () => {
  const source = staticCollateralSource(syntheticCollateral("tdx"));
  const ev = { tee: "tdx" as const, bytes: readVector(syn("tdx")) };
  // The sample QE identity's MRSIGNER (0bf58c3b...) differs from the sample QE report's (e4bd9fc2...):
  // every earlier QVL step passes, and the QE identity check (4.1.2.4.15) rejects it.
  await rejectsWith(
    () =>
      createVerifier("tdx", { collateral: source, trustAnchorDer: synRoot("tdx").der }).verify(ev, {
        timeMs: SYNTHETIC_TIME_MS,
      }),
    "ATT_QE_IDENTITY_MISMATCH",
  );
  await rejectsWith(
    () => createVerifier("tdx", { collateral: source }).verify(ev, { timeMs: SYNTHETIC_TIME_MS }),
    "ATT_CHAIN_UNTRUSTED",
  );
});
