/**
 * Policy validation over VerifiedClaims (TEE-agnostic; no crypto, no I/O). Checks run in a fixed
 * order and the first failure throws its own ATT_POLICY_* code. Only call this with claims a
 * Verifier returned: validation assumes signatures, chains and collateral were checked.
 */
import { type ErrorCode, SealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import type { VerifiedClaims } from "../verifier.ts";
import type { Policy } from "./policy.ts";

const deny = (code: ErrorCode, msg: string, details?: Record<string, unknown>) =>
  new SealedError(code, msg, details ? { details } : undefined);

function claim(c: VerifiedClaims, name: string, code: ErrorCode): string {
  const v = c.claims[name];
  if (v === undefined) throw deny(code, `evidence has no ${name} claim`);
  return v.toLowerCase();
}

function oneOf(c: VerifiedClaims, name: string, accepted: readonly string[] | undefined, code: ErrorCode): void {
  if (accepted === undefined) return;
  const v = claim(c, name, code);
  if (!accepted.some((a) => a.toLowerCase() === v)) throw deny(code, `${name} ${v} is not accepted`, { [name]: v });
}

function equal(c: VerifiedClaims, name: string, expected: string | undefined, code: ErrorCode): void {
  if (expected !== undefined) oneOf(c, name, [expected], code);
}

function u64(v: string | number): bigint {
  return typeof v === "number" ? BigInt(v) : BigInt(v);
}

/** Throws the specific ATT_POLICY_* code of the first rule the claims break. */
export function validateClaims(c: VerifiedClaims, policy: Policy): void {
  if (policy.tee !== undefined && c.tee !== policy.tee) {
    throw deny("ATT_POLICY_TEE", `evidence is ${c.tee}, policy requires ${policy.tee}`);
  }
  if (policy.trustAnchors !== undefined && !policy.trustAnchors.includes(c.trustAnchor)) {
    throw deny("ATT_POLICY_TRUST_ANCHOR", `trust anchor ${c.trustAnchor} is not accepted`);
  }
  if (c.debug && policy.allowDebug !== true) throw deny("ATT_POLICY_DEBUG", "evidence comes from a debug TEE");
  const accepted = policy.acceptedTcbStatuses ?? ["UpToDate"];
  if (c.status === "Revoked" || !accepted.includes(c.status)) {
    throw deny("ATT_POLICY_TCB_STATUS", `TCB status ${c.status} is not accepted`, {
      status: c.status,
      advisoryIds: c.advisoryIds,
    });
  }
  const hit = c.advisoryIds.find((a) => policy.rejectedAdvisoryIds?.includes(a));
  if (hit !== undefined) throw deny("ATT_POLICY_ADVISORY", `evidence is affected by ${hit}`);
  if (policy.reportData !== undefined && toHex(c.reportData) !== policy.reportData.toLowerCase()) {
    throw deny("ATT_POLICY_REPORT_DATA", "report data differs from the expected value");
  }
  if (policy.sgx) {
    const s = policy.sgx;
    oneOf(c, "mrenclave", s.mrenclave, "ATT_POLICY_MRENCLAVE");
    oneOf(c, "mrsigner", s.mrsigner, "ATT_POLICY_MRSIGNER");
    if (s.isvProdId !== undefined && Number(claim(c, "isvprodid", "ATT_POLICY_ISVPRODID")) !== s.isvProdId) {
      throw deny("ATT_POLICY_ISVPRODID", `ISVPRODID is not ${s.isvProdId}`);
    }
    if (s.minIsvSvn !== undefined && Number(claim(c, "isvsvn", "ATT_POLICY_ISVSVN")) < s.minIsvSvn) {
      throw deny("ATT_POLICY_ISVSVN", `ISVSVN is below ${s.minIsvSvn}`);
    }
  }
  if (policy.tdx) {
    const t = policy.tdx;
    oneOf(c, "mrtd", t.mrtd, "ATT_POLICY_MRTD");
    for (const r of ["rtmr0", "rtmr1", "rtmr2", "rtmr3"] as const) equal(c, r, t[r], "ATT_POLICY_RTMR");
    equal(c, "mrconfigid", t.mrconfigid, "ATT_POLICY_MRCONFIGID");
    equal(c, "td_attributes", t.tdAttributes, "ATT_POLICY_TD_ATTRIBUTES");
    equal(c, "xfam", t.xfam, "ATT_POLICY_XFAM");
  }
  if (policy.snp) {
    const s = policy.snp;
    oneOf(c, "measurement", s.measurement, "ATT_POLICY_MEASUREMENT");
    if (s.policy !== undefined) {
      let got: bigint;
      try {
        got = u64(claim(c, "policy", "ATT_POLICY_SNP_POLICY"));
      } catch (err) {
        throw SealedError.from(err, "ATT_POLICY_SNP_POLICY");
      }
      if (got !== u64(s.policy)) throw deny("ATT_POLICY_SNP_POLICY", `guest policy 0x${got.toString(16)} differs`);
    }
    if (s.vmpl !== undefined && Number(claim(c, "vmpl", "ATT_POLICY_VMPL")) !== s.vmpl) {
      throw deny("ATT_POLICY_VMPL", `VMPL is not ${s.vmpl}`);
    }
  }
}
