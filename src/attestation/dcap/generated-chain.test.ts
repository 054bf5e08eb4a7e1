/**
 * Checks that a real quote cannot reach, using a generated root, PCK chain, CRLs and signed TCB
 * collateral (testing/fixture.ts): revoked PCK, TCB level matching, debug enclaves, report data.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readVector, vectorsSkip } from "../../testing/vectors.ts";
import { staticCollateralSource } from "../collateral/source.ts";
import { createVerifier } from "../registry.ts";
import { parsePolicy } from "../validate/policy.ts";
import { validateClaims } from "../validate/validate.ts";
import { makeSgxFixture } from "./testing/fixture.ts";
import { rejectsWith, SGX_QUOTE } from "./testing/vectors.ts";

const skip = vectorsSkip(SGX_QUOTE);

async function verify(fixture: Awaited<ReturnType<typeof makeSgxFixture>>, quote: Uint8Array, anchor?: Uint8Array) {
  const v = createVerifier("sgx", {
    collateral: staticCollateralSource(fixture.collateral),
    trustAnchorDer: anchor === undefined ? fixture.rootDer : anchor,
  });
  return v.verify({ tee: "sgx", bytes: quote }, { timeMs: fixture.time });
}

test("a generated chain verifies under its own root, with a custom trust anchor name", { skip }, async () => {
  const f = await makeSgxFixture(readVector(SGX_QUOTE));
  const c = await verify(f, await f.quote());
  assert.equal(c.status, "UpToDate");
  assert.match(c.trustAnchor, /^custom:[0-9a-f]{64}$/);
  assert.deepEqual(c.advisoryIds, []);
  validateClaims(c, parsePolicy({ sgx: { mrenclave: [c.claims.mrenclave] } }));
});

test("a PCK listed in the PCK CRL is ATT_PCK_REVOKED", { skip }, async () => {
  const f = await makeSgxFixture(readVector(SGX_QUOTE), { revokePck: true });
  await rejectsWith(async () => verify(f, await f.quote()), "ATT_PCK_REVOKED");
});

test("a PCK CA or TCB signing certificate listed in the root CA CRL is ATT_CA_REVOKED", { skip }, async () => {
  const ca = await makeSgxFixture(readVector(SGX_QUOTE), { revokeCa: true });
  await rejectsWith(async () => verify(ca, await ca.quote()), "ATT_CA_REVOKED");
  const signer = await makeSgxFixture(readVector(SGX_QUOTE), { revokeTcbSigner: true });
  await rejectsWith(async () => verify(signer, await signer.quote()), "ATT_CA_REVOKED");
});

test("TCB level matching: lower components, revoked and unsupported levels", { skip }, async () => {
  const tpl = readVector(SGX_QUOTE);
  const sw = await makeSgxFixture(tpl, { tcbComponents: Array(16).fill(4) });
  const c = await verify(sw, await sw.quote());
  assert.equal(c.status, "SWHardeningNeeded");
  assert.deepEqual(c.advisoryIds, ["INTEL-SA-00001"]);
  await rejectsWith(() => validateClaims(c, parsePolicy({})), "ATT_POLICY_TCB_STATUS");
  validateClaims(c, parsePolicy({ acceptedTcbStatuses: ["UpToDate", "SWHardeningNeeded"] }));
  await rejectsWith(
    () =>
      validateClaims(
        c,
        parsePolicy({ acceptedTcbStatuses: ["SWHardeningNeeded"], rejectedAdvisoryIds: ["INTEL-SA-00001"] }),
      ),
    "ATT_POLICY_ADVISORY",
  );
  // Components high enough for UpToDate, but PCESVN 9 < 10 skips both pcesvn-10 levels down to Revoked.
  const pce = await makeSgxFixture(tpl, { pceSvn: 9 });
  await rejectsWith(async () => verify(pce, await pce.quote()), "ATT_TCB_REVOKED");
  const revoked = await makeSgxFixture(tpl, { tcbComponents: Array(16).fill(2), pceSvn: 5 });
  await rejectsWith(async () => verify(revoked, await revoked.quote()), "ATT_TCB_REVOKED");
  const none = await makeSgxFixture(tpl, { tcbComponents: Array(16).fill(0) });
  await rejectsWith(async () => verify(none, await none.quote()), "ATT_TCB_NOT_SUPPORTED");
});

test("debug enclaves verify but are rejected by policy unless allowed", { skip }, async () => {
  const f = await makeSgxFixture(readVector(SGX_QUOTE));
  // ATTRIBUTES.FLAGS is at body offset 48 (quote offset 96); DEBUG is bit 1.
  const debugQuote = await f.quote((signed) => signed.set([signed[96]! | 0x02], 96));
  const c = await verify(f, debugQuote);
  assert.equal(c.debug, true);
  await rejectsWith(() => validateClaims(c, parsePolicy({})), "ATT_POLICY_DEBUG");
  validateClaims(c, parsePolicy({ allowDebug: true }));
});

test("wrong report data is ATT_POLICY_REPORT_DATA; a generated root is untrusted by default", { skip }, async () => {
  const f = await makeSgxFixture(readVector(SGX_QUOTE));
  const q = await f.quote((signed) => signed.fill(0xab, 368, 432));
  const c = await verify(f, q);
  validateClaims(c, parsePolicy({ reportData: "ab".repeat(64) }));
  await rejectsWith(() => validateClaims(c, parsePolicy({ reportData: "ac".repeat(64) })), "ATT_POLICY_REPORT_DATA");
  const v = createVerifier("sgx", { collateral: staticCollateralSource(f.collateral) });
  await rejectsWith(() => v.verify({ tee: "sgx", bytes: q }, { timeMs: f.time }), "ATT_CHAIN_UNTRUSTED");
  await rejectsWith(
    () => validateClaims(c, parsePolicy({ trustAnchors: ["intel-sgx-root"] })),
    "ATT_POLICY_TRUST_ANCHOR",
  );
});
