import type { TeeKind } from "../attestation/verifier.ts";
import { SealedError } from "../common/errors.ts";

/** SEV-SNP report size and REPORT_DATA offset (SEV-SNP ABI spec). */
const SNP_REPORT_SIZE = 0x4a0;
const SNP_REPORT_DATA = 0x50;
/** DCAP quote report-data offsets (specs/attestation.md section 1). */
const SGX_V3_REPORT_DATA = 368;
const TDX_V4_REPORT_DATA = 568;
const V5_BODY = 54;
const TD_REPORT_DATA_IN_BODY = 520;
const SGX_REPORT_DATA_IN_BODY = 320;
const TEE_TYPE_TDX = 0x81;

export interface EvidenceShape {
  readonly tee: TeeKind;
  readonly reportData: Uint8Array;
}

/**
 * Detects the evidence kind from its bytes (RA-TLS carries all kinds under CBOR tag 60000; see
 * docs/ratls.md) and locates its 64 bytes of report data. Structure only: not verified.
 */
export function evidenceShape(b: Uint8Array): EvidenceShape {
  const fail = (why: string): never => {
    throw new SealedError("RATLS_EVIDENCE_KIND", `evidence is not an SGX/TDX quote or SNP report: ${why}`);
  };
  if (b.length < 8) return fail("too short");
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const at = (off: number, tee: TeeKind): EvidenceShape => {
    if (off + 64 > b.length) fail("truncated before the report data");
    return { tee, reportData: b.slice(off, off + 64) };
  };
  const u32 = v.getUint32(0, true);
  if (b.length === SNP_REPORT_SIZE && (u32 === 2 || u32 === 3 || u32 === 5) && v.getUint32(0x34, true) === 1) {
    return at(SNP_REPORT_DATA, "snp");
  }
  const version = v.getUint16(0, true);
  const keyType = v.getUint16(2, true);
  const teeType = v.getUint32(4, true);
  if (keyType !== 2) return fail(`attestation key type ${keyType}`);
  if (version === 3) return at(SGX_V3_REPORT_DATA, "sgx");
  if (version === 4 && teeType === TEE_TYPE_TDX) return at(TDX_V4_REPORT_DATA, "tdx");
  if (version === 5 && b.length >= V5_BODY) {
    const bodyType = v.getUint16(48, true);
    if (teeType === TEE_TYPE_TDX && (bodyType === 2 || bodyType === 3))
      return at(V5_BODY + TD_REPORT_DATA_IN_BODY, "tdx");
    if (teeType === 0 && bodyType === 1) return at(V5_BODY + SGX_REPORT_DATA_IN_BODY, "sgx");
  }
  return fail(`version ${version}, tee type 0x${teeType.toString(16)}`);
}
