/**
 * Flattened VerifiedClaims for DCAP quotes: hex measurements and decimal numbers, named as in
 * `VerifiedClaims.claims` (mrenclave, mrsigner, isvprodid, isvsvn for SGX; mrtd, rtmr0..3,
 * td_attributes, xfam for TDX) plus the platform facts from the PCK certificate.
 */
import { toHex } from "../../common/hex.ts";
import type { VerifiedClaims } from "../verifier.ts";
import { SGX_FLAGS_DEBUG } from "./layout.ts";
import type { DcapQuote } from "./quote.ts";
import type { DcapVerification } from "./verify-quote.ts";

/** Measurement claims taken from the quote alone (no verification). */
export function quoteClaims(q: DcapQuote): Record<string, string> {
  const c: Record<string, string> = {
    quote_version: String(q.header.version),
    qe_svn: String(q.qeReport.isvSvn),
    user_data: toHex(q.header.userData),
  };
  if (q.sgxBody) {
    const b = q.sgxBody;
    Object.assign(c, {
      mrenclave: toHex(b.mrenclave),
      mrsigner: toHex(b.mrsigner),
      isvprodid: String(b.isvProdId),
      isvsvn: String(b.isvSvn),
      attributes: toHex(b.attributes),
      miscselect: b.miscselect.toString(16).padStart(8, "0"),
      cpusvn: toHex(b.cpusvn),
      config_id: toHex(b.configId),
      config_svn: String(b.configSvn),
      isv_ext_prod_id: toHex(b.isvExtProdId),
      isv_family_id: toHex(b.isvFamilyId),
    });
  }
  if (q.tdBody) {
    const b = q.tdBody;
    Object.assign(c, {
      tee_tcb_svn: toHex(b.teeTcbSvn),
      mrseam: toHex(b.mrseam),
      mrsignerseam: toHex(b.mrsignerseam),
      seam_attributes: toHex(b.seamAttributes),
      td_attributes: toHex(b.tdAttributes),
      xfam: toHex(b.xfam),
      mrtd: toHex(b.mrtd),
      mrconfigid: toHex(b.mrconfigid),
      mrowner: toHex(b.mrowner),
      mrownerconfig: toHex(b.mrownerconfig),
      rtmr0: toHex(b.rtmrs[0]!),
      rtmr1: toHex(b.rtmrs[1]!),
      rtmr2: toHex(b.rtmrs[2]!),
      rtmr3: toHex(b.rtmrs[3]!),
    });
    if (b.teeTcbSvn2) c.tee_tcb_svn2 = toHex(b.teeTcbSvn2);
    if (b.mrServicetd) c.mr_servicetd = toHex(b.mrServicetd);
  }
  return c;
}

/** True when the SGX DEBUG flag or the TD DEBUG attribute is set. */
export function isDebug(q: DcapQuote): boolean {
  if (q.sgxBody) return (q.sgxBody.attributes[0]! & SGX_FLAGS_DEBUG) !== 0;
  return (q.tdBody!.tdAttributes[0]! & 0x01) !== 0;
}

export function dcapClaims(q: DcapQuote, v: DcapVerification, trustAnchor: string): VerifiedClaims {
  const claims = quoteClaims(q);
  Object.assign(claims, {
    fmspc: v.pck.fmspc,
    pce_id: v.pck.pceId,
    pcesvn: String(v.pck.pceSvn),
    pck_cpusvn: v.pck.cpuSvn,
    ca_type: v.caType,
    qe_tcb_status: v.qeStatus,
    tcb_evaluation_data_number: String(v.tcbEvaluationDataNumber),
  });
  if (v.pck.platformInstanceId) claims.platform_instance_id = v.pck.platformInstanceId;
  const reportData = Uint8Array.from((q.sgxBody ?? q.tdBody)!.reportData);
  return Object.freeze({
    tee: q.tee,
    status: v.status,
    advisoryIds: v.advisoryIds,
    reportData,
    debug: isDebug(q),
    claims: Object.freeze(claims),
    trustAnchor,
  });
}
