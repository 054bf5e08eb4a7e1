import assert from "node:assert/strict";
import { test } from "node:test";
import type { VerifiedClaims } from "../verifier.ts";
import { parsePolicy } from "./policy.ts";
import { validateClaims } from "./validate.ts";

const h = (byte: string, n: number) => byte.repeat(n);

function claims(over: Partial<VerifiedClaims> & { claims?: Record<string, string> }): VerifiedClaims {
  return {
    tee: "sgx",
    status: "UpToDate",
    advisoryIds: [],
    reportData: new Uint8Array(64).fill(0x11),
    debug: false,
    trustAnchor: "intel-sgx-root",
    ...over,
    claims: { ...over.claims },
  };
}

const sgx = claims({ claims: { mrenclave: h("aa", 32), mrsigner: h("bb", 32), isvprodid: "3", isvsvn: "5" } });
const tdx = claims({
  tee: "tdx",
  claims: {
    mrtd: h("01", 48),
    rtmr0: h("02", 48),
    rtmr1: h("03", 48),
    rtmr2: h("04", 48),
    rtmr3: h("05", 48),
    mrconfigid: h("06", 48),
    td_attributes: "0000001000000000",
    xfam: "e742060000000000",
  },
});
const snp = claims({ tee: "snp", claims: { measurement: h("0f", 48), policy: "720896", vmpl: "0" } });

const rejects = (c: VerifiedClaims, p: unknown, code: string) =>
  assert.throws(() => validateClaims(c, parsePolicy(p)), { code });

test("an empty policy accepts UpToDate, non-debug evidence only", () => {
  validateClaims(sgx, parsePolicy({}));
  rejects({ ...sgx, status: "OutOfDate" }, {}, "ATT_POLICY_TCB_STATUS");
  rejects({ ...sgx, debug: true }, {}, "ATT_POLICY_DEBUG");
  rejects({ ...sgx, status: "Revoked" }, { acceptedTcbStatuses: ["Revoked"] }, "ATT_POLICY_TCB_STATUS");
});

test("SGX rules each have their own code", () => {
  const ok = { sgx: { mrenclave: [h("AA", 32)], mrsigner: [h("bb", 32)], isvProdId: 3, minIsvSvn: 5 } };
  validateClaims(sgx, parsePolicy(ok));
  rejects(sgx, { sgx: { mrenclave: [h("ab", 32)] } }, "ATT_POLICY_MRENCLAVE");
  rejects(sgx, { sgx: { mrsigner: [h("ab", 32)] } }, "ATT_POLICY_MRSIGNER");
  rejects(sgx, { sgx: { isvProdId: 4 } }, "ATT_POLICY_ISVPRODID");
  rejects(sgx, { sgx: { minIsvSvn: 6 } }, "ATT_POLICY_ISVSVN");
  rejects(sgx, { reportData: h("12", 64) }, "ATT_POLICY_REPORT_DATA");
  validateClaims(sgx, parsePolicy({ reportData: h("11", 64) }));
  rejects(sgx, { tee: "tdx" }, "ATT_POLICY_TEE");
  rejects(sgx, { trustAnchors: ["custom:00"] }, "ATT_POLICY_TRUST_ANCHOR");
  rejects({ ...sgx, advisoryIds: ["INTEL-SA-1"] }, { rejectedAdvisoryIds: ["INTEL-SA-1"] }, "ATT_POLICY_ADVISORY");
  // A TDX policy section applied to SGX claims fails closed (claim missing).
  rejects(sgx, { tdx: { mrtd: [h("01", 48)] } }, "ATT_POLICY_MRTD");
});

test("TDX rules each have their own code", () => {
  validateClaims(
    tdx,
    parsePolicy({
      tdx: {
        mrtd: [h("01", 48)],
        rtmr0: h("02", 48),
        rtmr3: h("05", 48),
        mrconfigid: h("06", 48),
        tdAttributes: "0000001000000000",
        xfam: "e742060000000000",
      },
    }),
  );
  rejects(tdx, { tdx: { mrtd: [h("02", 48)] } }, "ATT_POLICY_MRTD");
  rejects(tdx, { tdx: { rtmr2: h("02", 48) } }, "ATT_POLICY_RTMR");
  rejects(tdx, { tdx: { mrconfigid: h("02", 48) } }, "ATT_POLICY_MRCONFIGID");
  rejects(tdx, { tdx: { tdAttributes: "0100001000000000" } }, "ATT_POLICY_TD_ATTRIBUTES");
  rejects(tdx, { tdx: { xfam: "e702060000000000" } }, "ATT_POLICY_XFAM");
});

test("SNP rules each have their own code (policy as number, decimal or hex)", () => {
  validateClaims(snp, parsePolicy({ snp: { measurement: [h("0f", 48)], policy: "0xb0000", vmpl: 0 } }));
  validateClaims(snp, parsePolicy({ snp: { policy: 720896 } }));
  rejects(snp, { snp: { measurement: [h("0e", 48)] } }, "ATT_POLICY_MEASUREMENT");
  rejects(snp, { snp: { policy: "0x30000" } }, "ATT_POLICY_SNP_POLICY");
  rejects(snp, { snp: { vmpl: 1 } }, "ATT_POLICY_VMPL");
});

test("malformed policies are ATT_POLICY_INVALID", () => {
  for (const bad of [
    "{",
    "[]",
    { unknown: 1 },
    { tee: "sev" },
    { reportData: "00" },
    { acceptedTcbStatuses: ["Fine"] },
    { allowDebug: "yes" },
    { sgx: { mrenclave: "aa" } },
    { sgx: { isvProdId: -1 } },
    { tdx: { rtmr4: h("00", 48) } },
    { snp: { policy: "0xzz" } },
    { snp: { vmpl: 4 } },
  ]) {
    assert.throws(() => parsePolicy(typeof bad === "string" ? bad : JSON.stringify(bad)), {
      code: "ATT_POLICY_INVALID",
    });
  }
});
