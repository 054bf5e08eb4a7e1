import { createHash, sign } from "node:crypto";
import { SealedError } from "../../common/errors.ts";
import { parseHex } from "../../common/hex.ts";
import { qeMrsigner } from "./collateral.ts";
import { pemOf } from "./pki.ts";
import type { SimPlatform } from "./platform.ts";
import * as P from "./profile.ts";

/* Quote layout (specs/attestation.md section 1; Intel sgx_quote_3.h / sgx_quote_4.h). */
const HEADER_SIZE = 48;
const SGX_BODY_SIZE = 384;
const TD_BODY_SIZE = 584;
const ATT_KEY_TYPE_ECDSA_P256 = 2;
const TEE_TYPE_TDX = 0x81;
const CERT_TYPE_PCK_CHAIN = 5;
const CERT_TYPE_QE_REPORT = 6;
// SGX report body fields.
const B_CPUSVN = 0;
const B_MISCSELECT = B_CPUSVN + 16;
const B_ATTRIBUTES = B_MISCSELECT + 4 + 12 + 16;
const B_MRENCLAVE = B_ATTRIBUTES + 16;
const B_MRSIGNER = B_MRENCLAVE + 32 + 32;
const B_ISVPRODID = B_MRSIGNER + 32 + 32 + 64;
const B_ISVSVN = B_ISVPRODID + 2;
const B_REPORTDATA = B_ISVSVN + 2 + 2 + 42 + 16;
// TD report body fields.
const T_TEE_TCB_SVN = 0;
const T_TD_ATTRIBUTES = T_TEE_TCB_SVN + 16 + 48 + 48 + 8;
const T_XFAM = T_TD_ATTRIBUTES + 8;
const T_MRTD = T_XFAM + 8;
const T_RTMR0 = T_MRTD + 48 * 4;
const T_REPORTDATA = T_RTMR0 + 48 * 4;

if (B_REPORTDATA + 64 !== SGX_BODY_SIZE || T_REPORTDATA + 64 !== TD_BODY_SIZE) {
  throw new Error("quote body layout constants are inconsistent");
}

export interface SgxQuoteParams {
  readonly reportData: Uint8Array;
  /** MRENCLAVE (32 bytes); `sealed measure` prints it. */
  readonly mrenclave: Uint8Array;
  readonly mrsigner?: Uint8Array;
  readonly isvprodid?: number;
  readonly isvsvn?: number;
  readonly debug?: boolean;
}

export interface TdxQuoteParams {
  readonly reportData: Uint8Array;
  /** MRTD (48 bytes); `sealed measure --tdx` prints it. */
  readonly mrtd: Uint8Array;
  readonly rtmrs?: readonly Uint8Array[];
  readonly debug?: boolean;
}

/** SGX flags: INIT | MODE64BIT (| DEBUG); XFRM x87|SSE|AVX. */
const ENCLAVE_FLAGS = 0x05n;
const XFRM = 0x07n;
/** TD attributes: SEPT_VE_DISABLE (bit 28); DEBUG is bit 0. XFAM as on current hosts. */
const TD_ATTRIBUTES = 1n << 28n;
const TD_XFAM = 0x61ae7n;
export const DEFAULT_MRSIGNER = new Uint8Array(createHash("sha256").update("sealed-sim-signer").digest());

function padReportData(rd: Uint8Array): Uint8Array {
  if (rd.length > 64) throw new SealedError("ATT_REPORT_DATA_SIZE", `report data is ${rd.length} bytes, at most 64`);
  const out = new Uint8Array(64);
  out.set(rd);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const u16 = (n: number) => Uint8Array.of(n & 0xff, n >> 8);
const u32 = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);

function header(version: number, teeType: number, qeSvn: number, pceSvn: number, platform: SimPlatform): Uint8Array {
  const h = new Uint8Array(HEADER_SIZE);
  const v = new DataView(h.buffer);
  v.setUint16(0, version, true);
  v.setUint16(2, ATT_KEY_TYPE_ECDSA_P256, true);
  v.setUint32(4, teeType, true);
  v.setUint16(8, qeSvn, true);
  v.setUint16(10, pceSvn, true);
  h.set(parseHex(P.INTEL_QE_VENDOR_ID_HEX), 12);
  h.set(createHash("sha256").update(platform.ppid).digest().subarray(0, 16), 28); // QE-ID
  return h;
}

function sgxBody(o: {
  mrenclave: Uint8Array;
  mrsigner: Uint8Array;
  attributes: Uint8Array;
  isvprodid: number;
  isvsvn: number;
  reportData: Uint8Array;
}): Uint8Array {
  const b = new Uint8Array(SGX_BODY_SIZE);
  const v = new DataView(b.buffer);
  b.set(Uint8Array.from(P.SGX_TCB), B_CPUSVN);
  b.set(o.attributes, B_ATTRIBUTES);
  b.set(o.mrenclave, B_MRENCLAVE);
  b.set(o.mrsigner, B_MRSIGNER);
  v.setUint16(B_ISVPRODID, o.isvprodid, true);
  v.setUint16(B_ISVSVN, o.isvsvn, true);
  b.set(o.reportData, B_REPORTDATA);
  return b;
}

const ecdsa = (data: Uint8Array, key: SimPlatform["pckKey"]) =>
  new Uint8Array(sign("sha256", data, { key: key.keyObject, dsaEncoding: "ieee-p1363" }));

/** QE report + its PCK signature + auth data + type-5 PEM chain: the QE certification data. */
function qeCertificationData(platform: SimPlatform, qe: typeof P.QE | typeof P.TD_QE): Uint8Array {
  const rd = new Uint8Array(64);
  rd.set(createHash("sha256").update(platform.attestationKey.rawPublic).update(P.QE_AUTH_DATA).digest());
  const qeReport = sgxBody({
    mrenclave: new Uint8Array(createHash("sha256").update(`${qe.label}-enclave`).digest()),
    mrsigner: qeMrsigner(qe.label),
    attributes: parseHex(P.QE_ATTRIBUTES_HEX),
    isvprodid: qe.isvprodid,
    isvsvn: qe.isvsvn,
    reportData: rd,
  });
  const chain = new TextEncoder().encode(pemOf(platform.pckDer) + pemOf(platform.pckCaDer) + pemOf(platform.rootDer));
  return concat([
    qeReport,
    ecdsa(qeReport, platform.pckKey),
    u16(P.QE_AUTH_DATA.length),
    P.QE_AUTH_DATA,
    u16(CERT_TYPE_PCK_CHAIN),
    u32(chain.length),
    chain,
  ]);
}

function attributes(flags: bigint, xfrm: bigint): Uint8Array {
  const a = new Uint8Array(16);
  const v = new DataView(a.buffer);
  v.setBigUint64(0, flags, true);
  v.setBigUint64(8, xfrm, true);
  return a;
}

/** A real-format SGX ECDSA v3 quote signed by the simulated QE (certification data type 5). */
export function buildSgxQuote(platform: SimPlatform, p: SgxQuoteParams): Uint8Array {
  if (p.mrenclave.length !== 32) throw new SealedError("ATT_MEASUREMENT_SIZE", "MRENCLAVE must be 32 bytes");
  const signed = concat([
    header(3, 0, P.QE.isvsvn, P.PCE_SVN, platform),
    sgxBody({
      mrenclave: p.mrenclave,
      mrsigner: p.mrsigner ?? DEFAULT_MRSIGNER,
      attributes: attributes(ENCLAVE_FLAGS | (p.debug ? 0x02n : 0n), XFRM),
      isvprodid: p.isvprodid ?? 0,
      isvsvn: p.isvsvn ?? 0,
      reportData: padReportData(p.reportData),
    }),
  ]);
  const cert = qeCertificationData(platform, P.QE);
  // v3: the QE certification data is inline (QE report, signature, auth data, cert data).
  const sigData = concat([ecdsa(signed, platform.attestationKey), platform.attestationKey.rawPublic, cert]);
  return concat([signed, u32(sigData.length), sigData]);
}

/** A real-format TDX v4 quote: outer certification data type 6 wrapping the QE report and PEM chain. */
export function buildTdxQuote(platform: SimPlatform, p: TdxQuoteParams): Uint8Array {
  if (p.mrtd.length !== 48) throw new SealedError("ATT_MEASUREMENT_SIZE", "MRTD must be 48 bytes");
  const body = new Uint8Array(TD_BODY_SIZE);
  const v = new DataView(body.buffer);
  body.set(Uint8Array.from(P.TEE_TCB_SVN), T_TEE_TCB_SVN);
  v.setBigUint64(T_TD_ATTRIBUTES, TD_ATTRIBUTES | (p.debug ? 1n : 0n), true);
  v.setBigUint64(T_XFAM, TD_XFAM, true);
  body.set(p.mrtd, T_MRTD);
  (p.rtmrs ?? []).slice(0, 4).forEach((r, i) => {
    if (r.length !== 48) throw new SealedError("ATT_MEASUREMENT_SIZE", "an RTMR must be 48 bytes");
    body.set(r, T_RTMR0 + 48 * i);
  });
  body.set(padReportData(p.reportData), T_REPORTDATA);
  const signed = concat([header(4, TEE_TYPE_TDX, 0, 0, platform), body]);
  const inner = qeCertificationData(platform, P.TD_QE);
  const sigData = concat([
    ecdsa(signed, platform.attestationKey),
    platform.attestationKey.rawPublic,
    u16(CERT_TYPE_QE_REPORT),
    u32(inner.length),
    inner,
  ]);
  return concat([signed, u32(sigData.length), sigData]);
}
