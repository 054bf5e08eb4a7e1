/**
 * Full DCAP quote verification in Intel QVL's order (`sgxAttestationVerifyQuote` →
 * PckCertVerifier, TCBInfoVerifier, EnclaveIdentityVerifier, QuoteVerifier). Pure: the time, the
 * trust anchor and the collateral are arguments. Returns the converged TCB status; Revoked and
 * unsupported TCBs throw (a revoked platform never verifies).
 */
import { SealedError } from "../../common/errors.ts";
import type { Collateral } from "../collateral/collateral.ts";
import { formatIsoUtc } from "../collateral/iso-time.ts";
import { type Certificate, parseCertificateList } from "../pki/certificate.ts";
import { bytesEqual, PCK_CA_CHAIN, PCK_CHAIN, TCB_SIGNING_CHAIN, verifyChain, verifyCrl } from "../pki/chain.ts";
import { memoizedVerify } from "../pki/verify-memo.ts";
import type { TcbStatus } from "../verifier.ts";
import { rawP256Key, verifyRawP256 } from "./ecdsa.ts";
import { CERT_TYPE_PCK_CHAIN } from "./layout.ts";
import { checkQeIdentity, checkQeReportData, checkQeReportSignature } from "./qe-check.ts";
import type { DcapQuote } from "./quote.ts";
import { OID_SGX_EXTENSION, parseSgxExtension, type SgxExtension } from "./sgx-extension.ts";
import { evaluateTcb, findModuleIdentity, type QeTcbOutcome } from "./tcb-status.ts";

export interface DcapVerification {
  readonly status: TcbStatus;
  readonly advisoryIds: readonly string[];
  readonly pck: SgxExtension;
  readonly caType: "processor" | "platform";
  readonly qeStatus: QeTcbOutcome;
  readonly tcbDateMs: number;
  readonly tcbEvaluationDataNumber: number;
}

/** Revocations surface as QVL's REVOKED result in `--json` output. */
const REVOKED = { details: { status: "Revoked" } } as const;

/** The PCK chain from certification data type 5, or from the collateral for types 1..4. */
export function pckChainOf(quote: DcapQuote, collateral?: Pick<Collateral, "pckCertChain">): readonly Certificate[] {
  if (quote.certification.type === CERT_TYPE_PCK_CHAIN) return parseCertificateList(quote.certification.data);
  if (collateral?.pckCertChain) return collateral.pckCertChain;
  throw new SealedError("ATT_PCK_MISSING", `certification data type ${quote.certification.type} has no PCK chain`);
}

/** CA type from the PCK issuer CN ("Intel SGX PCK Processor CA" / "... Platform CA"). */
export function caTypeOf(issuerCn: string): "processor" | "platform" {
  return /platform/i.test(issuerCn) ? "platform" : "processor";
}

function checkSignedJson(
  text: string,
  sig: Uint8Array,
  signer: Certificate,
  code: "ATT_TCB_INFO_SIGNATURE_INVALID" | "ATT_QE_IDENTITY_SIGNATURE_INVALID",
): void {
  const data = Buffer.from(text, "utf8");
  if (!memoizedVerify(signer.publicKey, data, sig, () => verifyRawP256(data, sig, signer.publicKey))) {
    throw new SealedError(code, "signature over the signed JSON text does not verify");
  }
}

function checkWindow(
  issueMs: number,
  nextMs: number,
  t: number,
  code: "ATT_TCB_INFO_EXPIRED" | "ATT_QE_IDENTITY_EXPIRED",
): void {
  if (t < issueMs || t > nextMs) {
    throw new SealedError(code, `valid ${formatIsoUtc(issueMs)}..${formatIsoUtc(nextMs)}, time ${formatIsoUtc(t)}`);
  }
}

export function verifyDcapQuote(
  quote: DcapQuote,
  collateral: Collateral,
  anchor: Certificate,
  timeMs: number,
): DcapVerification {
  // B. PCK chain to the trust anchor (QVL PckCertVerifier), then the CRLs.
  const [pckCert, pckCa, root] = verifyChain(pckChainOf(quote, collateral), PCK_CHAIN, anchor, timeMs) as [
    Certificate,
    Certificate,
    Certificate,
  ];
  verifyCrl(collateral.rootCaCrl, root, timeMs, "root CA CRL");
  if (collateral.rootCaCrl.revoked.has(pckCa.serial)) {
    throw new SealedError("ATT_CA_REVOKED", `"${pckCa.subjectCn}" is revoked by the root CA CRL`, REVOKED);
  }
  const crlChain = verifyChain(collateral.pckCrlIssuerChain, PCK_CA_CHAIN, anchor, timeMs);
  if (!bytesEqual(crlChain[0]!.subjectRaw, pckCa.subjectRaw)) {
    throw new SealedError("ATT_CRL_ISSUER_MISMATCH", "PCK CRL issuer chain does not name the PCK certificate's CA");
  }
  if (!bytesEqual(collateral.pckCrl.issuerRaw, pckCert.issuerRaw)) {
    throw new SealedError("ATT_CRL_ISSUER_MISMATCH", "PCK CRL issuer differs from the PCK certificate issuer");
  }
  verifyCrl(collateral.pckCrl, pckCa, timeMs, "PCK CRL");
  if (collateral.pckCrl.revoked.has(pckCert.serial)) {
    throw new SealedError("ATT_PCK_REVOKED", `PCK certificate ${pckCert.serial} is revoked`, REVOKED);
  }

  // C. TCB info and D. QE identity: signing chains, signatures over the exact text, freshness.
  const { tcbInfo, qeIdentity } = collateral;
  const [tcbSigner] = verifyChain(collateral.tcbInfoIssuerChain, TCB_SIGNING_CHAIN, anchor, timeMs);
  if (collateral.rootCaCrl.revoked.has(tcbSigner!.serial)) {
    throw new SealedError("ATT_CA_REVOKED", "the TCB signing certificate is revoked by the root CA CRL", REVOKED);
  }
  checkSignedJson(tcbInfo.text, collateral.tcbInfoSignature, tcbSigner!, "ATT_TCB_INFO_SIGNATURE_INVALID");
  checkWindow(tcbInfo.issueDateMs, tcbInfo.nextUpdateMs, timeMs, "ATT_TCB_INFO_EXPIRED");
  const [qeSigner] = verifyChain(collateral.qeIdentityIssuerChain, TCB_SIGNING_CHAIN, anchor, timeMs);
  if (collateral.rootCaCrl.revoked.has(qeSigner!.serial)) {
    throw new SealedError(
      "ATT_CA_REVOKED",
      "the QE identity signing certificate is revoked by the root CA CRL",
      REVOKED,
    );
  }
  checkSignedJson(qeIdentity.text, collateral.qeIdentitySignature, qeSigner!, "ATT_QE_IDENTITY_SIGNATURE_INVALID");
  checkWindow(qeIdentity.issueDateMs, qeIdentity.nextUpdateMs, timeMs, "ATT_QE_IDENTITY_EXPIRED");

  // E. PCK extension; QuoteVerifier 4.1.2.4.9 / .10: the TCB info belongs to this quote.
  const ext = pckCert.extensions.get(OID_SGX_EXTENSION);
  if (!ext) throw new SealedError("ATT_PCK_EXTENSION_INVALID", "PCK certificate has no SGX extension");
  const pck = parseSgxExtension(ext);
  const mismatch = (m: string) => new SealedError("ATT_TCB_INFO_MISMATCH", m);
  if (tcbInfo.version >= 3 && tcbInfo.id !== (quote.tee === "tdx" ? "TDX" : "SGX")) {
    throw mismatch(`TCB info id ${tcbInfo.id} does not match a ${quote.tee} quote`);
  }
  if (tcbInfo.version < 3 && quote.tee === "tdx") throw mismatch("TCB info v2 cannot describe TDX");
  if (tcbInfo.fmspc !== pck.fmspc) throw mismatch(`TCB info FMSPC ${tcbInfo.fmspc} is not ${pck.fmspc}`);
  if (tcbInfo.pceId !== pck.pceId) throw mismatch(`TCB info PCE-ID ${tcbInfo.pceId} is not ${pck.pceId}`);

  // F. TDX module identity (4.1.2.4.11).
  const td = quote.tdBody;
  if (td && tcbInfo.id === "TDX") checkTdxModule(quote, td.teeTcbSvn, td.mrsignerseam, td.seamAttributes, tcbInfo);

  // G. QE report (4.1.2.4.12, .13), H. QE identity (4.1.2.4.14, .15), I. quote signature (.16).
  checkQeReportSignature(quote, pckCert.publicKey);
  checkQeReportData(quote);
  const qe = checkQeIdentity(quote, qeIdentity);
  if (!verifyRawP256(quote.signedData, quote.signature, rawP256Key(quote.attestationKey))) {
    throw new SealedError("ATT_QUOTE_SIGNATURE_INVALID", "quote signature does not verify with the attestation key");
  }

  // J. TCB level (4.1.2.4.17) and convergence.
  const tdx = td
    ? { quoteVersion: quote.header.version, teeTcbSvn: td.teeTcbSvn, teeTcbSvn2: td.teeTcbSvn2 }
    : undefined;
  const ev = evaluateTcb(tcbInfo, pck, qe.outcome, tdx);
  const advisoryIds = [
    ...new Set([...ev.level.advisoryIds, ...(ev.moduleLevel?.advisoryIds ?? []), ...(qe.level?.advisoryIds ?? [])]),
  ];
  if (ev.status === "Revoked") {
    throw new SealedError("ATT_TCB_REVOKED", "TCB status is Revoked", {
      details: { status: "Revoked", advisoryIds },
    });
  }
  return Object.freeze({
    status: ev.status,
    advisoryIds: Object.freeze(advisoryIds),
    pck,
    caType: caTypeOf(pckCert.issuerCn),
    qeStatus: qe.outcome,
    tcbDateMs: ev.level.tcbDateMs,
    tcbEvaluationDataNumber: tcbInfo.tcbEvaluationDataNumber,
  });
}

function checkTdxModule(
  quote: DcapQuote,
  teeTcbSvn: Uint8Array,
  mrsignerseam: Uint8Array,
  seamAttributes: Uint8Array,
  tcbInfo: Collateral["tcbInfo"],
): void {
  let expected = tcbInfo.tdxModule!;
  const version = teeTcbSvn[1]!;
  // TCB info that predates `tdxModuleIdentities` (e.g. Intel's 2021 sample data) describes the
  // module by `tdxModule` only; current Intel PCS data always lists identities.
  if (quote.header.version > 3 && version > 0 && tcbInfo.tdxModuleIdentities !== undefined) {
    const id = findModuleIdentity(tcbInfo, version);
    if (!id) throw new SealedError("ATT_TDX_MODULE_MISMATCH", `no TDX module identity TDX_${version}`);
    expected = id;
  }
  if (!bytesEqual(mrsignerseam, expected.mrsigner)) {
    throw new SealedError("ATT_TDX_MODULE_MISMATCH", "MRSIGNERSEAM differs from the TDX module identity");
  }
  for (let i = 0; i < seamAttributes.length; i++) {
    if (seamAttributes[i] !== 0 || seamAttributes[i] !== expected.attributes[i]) {
      throw new SealedError(
        "ATT_TDX_MODULE_MISMATCH",
        "SEAM attributes are not zero / do not match the module identity",
      );
    }
  }
}
