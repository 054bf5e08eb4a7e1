/**
 * QE report checks of Intel QVL `QuoteVerifier::verify` steps 4.1.2.4.12 to 4.1.2.4.15: the PCK
 * signature over the QE report, the binding of the attestation key (report data), and the QE
 * identity (EnclaveReportVerifier 4.1.2.9.5 to 4.1.2.9.10).
 */
import { createHash, type KeyObject } from "node:crypto";
import { SealedError } from "../../common/errors.ts";
import type { QeIdentity, QeTcbLevel } from "../collateral/qe-identity.ts";
import { verifyRawP256 } from "./ecdsa.ts";
import type { DcapQuote } from "./quote.ts";
import type { QeTcbOutcome } from "./tcb-status.ts";

export function checkQeReportSignature(quote: DcapQuote, pckKey: KeyObject): void {
  if (!verifyRawP256(quote.qeReport.raw, quote.qeReportSignature, pckKey)) {
    throw new SealedError("ATT_QE_REPORT_SIGNATURE_INVALID", "QE report signature does not verify with the PCK key");
  }
}

/** report_data[0..32] = SHA-256(attestation key ‖ QE auth data); Intel compares the hash only. */
export function checkQeReportData(quote: DcapQuote): void {
  const h = createHash("sha256").update(quote.attestationKey).update(quote.qeAuthData).digest();
  if (!h.equals(Buffer.from(quote.qeReport.reportData.subarray(0, 32)))) {
    throw new SealedError("ATT_QE_REPORT_DATA_MISMATCH", "QE report data does not bind the attestation key");
  }
}

export interface QeIdentityResult {
  readonly outcome: QeTcbOutcome;
  readonly level?: QeTcbLevel;
}

/** Checks the QE against its identity; identity-field mismatches throw ATT_QE_IDENTITY_MISMATCH. */
export function checkQeIdentity(quote: DcapQuote, id: QeIdentity): QeIdentityResult {
  const mismatch = (msg: string) => new SealedError("ATT_QE_IDENTITY_MISMATCH", msg);
  if (quote.tee === "tdx" && id.id !== "TD_QE") throw mismatch(`QE identity id ${id.id} is not TD_QE`);
  if (quote.tee === "sgx" && id.id !== "QE") throw mismatch(`QE identity id ${id.id} is not QE`);
  const r = quote.qeReport;
  if ((r.miscselect & id.miscselectMask) >>> 0 !== id.miscselect) throw mismatch("QE MISCSELECT does not match");
  for (let i = 0; i < 16; i++) {
    if ((r.attributes[i]! & id.attributesMask[i]!) !== id.attributes[i]) throw mismatch("QE attributes do not match");
  }
  if (!Buffer.from(r.mrsigner).equals(Buffer.from(id.mrsigner))) throw mismatch("QE MRSIGNER does not match");
  if (r.isvProdId !== id.isvProdId) throw mismatch(`QE ISVPRODID ${r.isvProdId} is not ${id.isvProdId}`);
  const level = id.tcbLevels.find((l) => l.isvSvn <= r.isvSvn);
  if (!level) return { outcome: "NotSupported" };
  if (level.status === "UpToDate") return { outcome: "UpToDate", level };
  return { outcome: level.status === "Revoked" ? "Revoked" : "OutOfDate", level };
}
