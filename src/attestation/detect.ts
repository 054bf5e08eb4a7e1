/**
 * Guesses the TEE kind of raw evidence: DCAP quotes by their header (version 3/4/5, key type 2,
 * TEE type 0 = SGX, 0x81 = TDX), SEV-SNP attestation reports by their fixed size (0x4A0 bytes).
 */
import { SealedError } from "../common/errors.ts";
import type { TeeKind } from "./verifier.ts";

const SNP_REPORT_SIZE = 0x4a0;

export function detectTee(bytes: Uint8Array): TeeKind {
  if (bytes.length >= 8) {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = dv.getUint16(0, true);
    const keyType = dv.getUint16(2, true);
    const teeType = dv.getUint32(4, true);
    if ([3, 4, 5].includes(version) && keyType === 2 && bytes.length !== SNP_REPORT_SIZE) {
      if (teeType === 0) return "sgx";
      if (teeType === 0x81) return "tdx";
    }
  }
  if (bytes.length === SNP_REPORT_SIZE) return "snp";
  throw new SealedError("ATT_QUOTE_MALFORMED", "cannot tell the TEE kind of this evidence (use --tee)");
}
