/**
 * DCAP quote parser (structure only, no crypto): bytes to a frozen typed quote. Follows Intel's
 * quote format documents for SGX ECDSA quote v3 and TDX quote v4/v5 (see `layout.ts`) and the
 * header rules of Intel QVL `Quote::validate`, made stricter as dcap-qvl does (SGX = v3 or v5 with
 * an SGX body, TDX = v4 or v5 with a TD body). Trailing zero padding after the quote is tolerated.
 */
import { ByteReader } from "../../common/byte-reader.ts";
import { SealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import {
  ATT_KEY_TYPE_ECDSA_P256,
  CERT_TYPE_QE_REPORT,
  HEADER_SIZE,
  INTEL_QE_VENDOR_ID,
  MAX_QUOTE_SIZE,
  QUOTE_VERSION_5,
  QUOTE_VERSION_SGX,
  QUOTE_VERSION_TDX10,
  SGX_REPORT_BODY_SIZE,
  TD10_REPORT_BODY_SIZE,
  TD15_REPORT_BODY_SIZE,
  TEE_TYPE_SGX,
  TEE_TYPE_TDX,
  V5_BODY_SGX,
  V5_BODY_TD10,
  V5_BODY_TD15,
} from "./layout.ts";
import { parseSgxReportBody, parseTdReportBody, type SgxReportBody, type TdReportBody } from "./report-body.ts";

export type { SgxReportBody, TdReportBody } from "./report-body.ts";

export interface QuoteHeader {
  readonly version: number;
  readonly attKeyType: number;
  readonly teeType: number;
  readonly qeSvn: number;
  readonly pceSvn: number;
  readonly qeVendorId: Uint8Array;
  readonly userData: Uint8Array;
}

/** Certification data (`sgx_ql_certification_data_t`): for type 5, a PCK chain (PEM or DER). */
export interface CertificationData {
  readonly type: number;
  readonly data: Uint8Array;
}

/** A parsed DCAP quote. Byte fields are views into a private copy of the input. */
export interface DcapQuote {
  readonly tee: "sgx" | "tdx";
  readonly header: QuoteHeader;
  /** "sgx" (v3, v5 type 1), "td10" (v4, v5 type 2) or "td15" (v5 type 3). */
  readonly bodyKind: "sgx" | "td10" | "td15";
  readonly sgxBody?: SgxReportBody;
  readonly tdBody?: TdReportBody;
  /** Header and body: the bytes the quote signature covers. */
  readonly signedData: Uint8Array;
  readonly signature: Uint8Array;
  readonly attestationKey: Uint8Array;
  readonly qeReport: SgxReportBody;
  readonly qeReportSignature: Uint8Array;
  readonly qeAuthData: Uint8Array;
  /** The innermost certification data (type 1..5). */
  readonly certification: CertificationData;
  /** Length of the quote proper (without trailing padding). */
  readonly length: number;
}

const fail = (code: "ATT_QUOTE_MALFORMED", msg: string) => new SealedError(code, msg);

/** Parses a DCAP quote; throws SealedError ATT_QUOTE_* on any structural problem. */
export function parseDcapQuote(input: Uint8Array): DcapQuote {
  if (!(input instanceof Uint8Array)) throw new SealedError("ATT_QUOTE_MALFORMED", "quote must be bytes");
  if (input.length > MAX_QUOTE_SIZE) {
    throw new SealedError("ATT_QUOTE_TOO_LARGE", `quote is ${input.length} bytes, limit ${MAX_QUOTE_SIZE}`);
  }
  const bytes = Uint8Array.from(input);
  const r = new ByteReader(bytes, "ATT_QUOTE_TRUNCATED");
  const header = parseHeader(r);
  const tee = header.teeType === TEE_TYPE_TDX ? "tdx" : "sgx";

  let bodyKind: DcapQuote["bodyKind"];
  let bodySize: number;
  if (header.version === QUOTE_VERSION_5) {
    const bodyType = r.u16("body_type");
    const declared = r.u32("body_size");
    if (bodyType === V5_BODY_SGX && tee === "sgx") [bodyKind, bodySize] = ["sgx", SGX_REPORT_BODY_SIZE];
    else if (bodyType === V5_BODY_TD10 && tee === "tdx") [bodyKind, bodySize] = ["td10", TD10_REPORT_BODY_SIZE];
    else if (bodyType === V5_BODY_TD15 && tee === "tdx") [bodyKind, bodySize] = ["td15", TD15_REPORT_BODY_SIZE];
    else throw new SealedError("ATT_QUOTE_BODY_MISMATCH", `v5 body type ${bodyType} does not fit TEE ${tee}`);
    if (declared !== bodySize) {
      throw new SealedError("ATT_QUOTE_BODY_MISMATCH", `v5 body size is ${declared}, expected ${bodySize}`);
    }
  } else if (tee === "sgx") {
    [bodyKind, bodySize] = ["sgx", SGX_REPORT_BODY_SIZE];
  } else {
    [bodyKind, bodySize] = ["td10", TD10_REPORT_BODY_SIZE];
  }
  const bodyBytes = r.bytesOf(bodySize, "report body");
  const sgxBody = bodyKind === "sgx" ? parseSgxReportBody(bodyBytes) : undefined;
  const tdBody = bodyKind === "sgx" ? undefined : parseTdReportBody(bodyBytes);
  const signedData = bytes.subarray(0, r.offset);

  const sigLen = r.u32("signature_data_len");
  const sigData = r.bytesOf(sigLen, "signature data");
  const end = r.offset;
  for (let i = end; i < bytes.length; i++) {
    if (bytes[i] !== 0) throw fail("ATT_QUOTE_MALFORMED", `non-zero byte after the quote end (offset ${i})`);
  }

  const s = new ByteReader(sigData, "ATT_QUOTE_TRUNCATED");
  const signature = s.bytesOf(64, "quote signature");
  const attestationKey = s.bytesOf(64, "attestation key");
  let qe: QeCertData;
  if (header.version === QUOTE_VERSION_SGX) {
    qe = parseQeCertData(s);
  } else {
    const outerType = s.u16("cert_data_type");
    const outerSize = s.u32("cert_data_size");
    if (outerType !== CERT_TYPE_QE_REPORT) {
      throw new SealedError(
        "ATT_QUOTE_CERT_DATA_UNSUPPORTED",
        `outer certification data type ${outerType}, expected 6`,
      );
    }
    const outer = new ByteReader(s.bytesOf(outerSize, "QE report certification data"), "ATT_QUOTE_TRUNCATED");
    qe = parseQeCertData(outer);
    if (outer.remaining !== 0) throw fail("ATT_QUOTE_MALFORMED", "type 6 certification data has trailing bytes");
  }
  if (s.remaining !== 0) throw fail("ATT_QUOTE_MALFORMED", `signature data has ${s.remaining} unparsed bytes`);

  return Object.freeze({
    tee,
    header,
    bodyKind,
    sgxBody,
    tdBody,
    signedData,
    signature,
    attestationKey,
    qeReport: qe.qeReport,
    qeReportSignature: qe.qeReportSignature,
    qeAuthData: qe.qeAuthData,
    certification: qe.certification,
    length: end,
  });
}

function parseHeader(r: ByteReader): QuoteHeader {
  const version = r.u16("version");
  const attKeyType = r.u16("att_key_type");
  const teeType = r.u32("tee_type");
  const qeSvn = r.u16("qe_svn");
  const pceSvn = r.u16("pce_svn");
  const qeVendorId = r.bytesOf(16, "qe_vendor_id");
  const userData = r.bytesOf(20, "user_data");
  if (r.offset !== HEADER_SIZE) throw new Error("header layout");
  if (version !== QUOTE_VERSION_SGX && version !== QUOTE_VERSION_TDX10 && version !== QUOTE_VERSION_5) {
    throw new SealedError("ATT_QUOTE_UNSUPPORTED_VERSION", `quote version ${version} is not 3, 4 or 5`);
  }
  if (attKeyType !== ATT_KEY_TYPE_ECDSA_P256) {
    throw new SealedError("ATT_QUOTE_UNSUPPORTED_KEY_TYPE", `attestation key type ${attKeyType}, expected 2 (P-256)`);
  }
  if (teeType !== TEE_TYPE_SGX && teeType !== TEE_TYPE_TDX) {
    throw new SealedError("ATT_QUOTE_UNSUPPORTED_TEE", `TEE type 0x${teeType.toString(16)}`);
  }
  if (version === QUOTE_VERSION_SGX && teeType !== TEE_TYPE_SGX) {
    throw new SealedError("ATT_QUOTE_UNSUPPORTED_VERSION", "a v3 quote must be an SGX quote");
  }
  if (version === QUOTE_VERSION_TDX10 && teeType !== TEE_TYPE_TDX) {
    throw new SealedError("ATT_QUOTE_UNSUPPORTED_VERSION", "a v4 quote must be a TDX quote");
  }
  if (toHex(qeVendorId) !== INTEL_QE_VENDOR_ID) {
    throw new SealedError("ATT_QUOTE_VENDOR_MISMATCH", `QE vendor ID ${toHex(qeVendorId)} is not Intel's`);
  }
  return Object.freeze({ version, attKeyType, teeType, qeSvn, pceSvn, qeVendorId, userData });
}

interface QeCertData {
  qeReport: SgxReportBody;
  qeReportSignature: Uint8Array;
  qeAuthData: Uint8Array;
  certification: CertificationData;
}

/** QE report, its signature, QE auth data and the (inner) certification data. */
function parseQeCertData(r: ByteReader): QeCertData {
  const qeReport = parseSgxReportBody(r.bytesOf(SGX_REPORT_BODY_SIZE, "QE report"));
  const qeReportSignature = r.bytesOf(64, "QE report signature");
  const authSize = r.u16("QE auth data size");
  const qeAuthData = r.bytesOf(authSize, "QE auth data");
  const type = r.u16("cert_data_type");
  const size = r.u32("cert_data_size");
  const data = r.bytesOf(size, "certification data");
  if (type < 1 || type > 5) {
    throw new SealedError("ATT_QUOTE_CERT_DATA_UNSUPPORTED", `certification data type ${type}, expected 1..5`);
  }
  return { qeReport, qeReportSignature, qeAuthData, certification: Object.freeze({ type, data }) };
}
