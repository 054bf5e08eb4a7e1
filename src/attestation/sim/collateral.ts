import { createHash, sign } from "node:crypto";
import { toHex } from "../../common/hex.ts";
import type { SimKey } from "./keys.ts";
import { pemOf } from "./pki.ts";
import * as P from "./profile.ts";
import { isoSeconds } from "./time.ts";

/** The collateral bundle in Phala dcap-qvl's QuoteCollateralV3 JSON shape (vectors README). */
export interface CollateralBundle {
  readonly pck_crl_issuer_chain: string;
  readonly root_ca_crl: string;
  readonly pck_crl: string;
  readonly tcb_info_issuer_chain: string;
  readonly tcb_info: string;
  readonly tcb_info_signature: string;
  readonly qe_identity_issuer_chain: string;
  readonly qe_identity: string;
  readonly qe_identity_signature: string;
}

export function qeMrsigner(label: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(label).digest());
}

const svns = (list: readonly number[]) => list.map((svn) => ({ svn }));

/** TCB info v3 (`id` SGX or TDX) with one UpToDate level matching the simulated PCK. */
export function tcbInfoText(kind: "SGX" | "TDX", issueMs: number, nextMs: number): string {
  const tcb: Record<string, unknown> = { sgxtcbcomponents: svns(P.SGX_TCB), pcesvn: P.PCE_SVN };
  const body: Record<string, unknown> = {
    id: kind,
    version: 3,
    issueDate: isoSeconds(issueMs),
    nextUpdate: isoSeconds(nextMs),
    fmspc: P.FMSPC_HEX,
    pceId: P.PCE_ID_HEX,
    tcbType: 0,
    tcbEvaluationDataNumber: P.TCB_EVALUATION_DATA_NUMBER,
  };
  if (kind === "TDX") {
    const zeros48 = "00".repeat(48);
    body.tdxModule = { mrsigner: zeros48, attributes: "0000000000000000", attributesMask: "FFFFFFFFFFFFFFFF" };
    body.tdxModuleIdentities = [
      {
        id: `TDX_${P.TEE_TCB_SVN[1].toString(16).padStart(2, "0").toUpperCase()}`,
        mrsigner: zeros48,
        attributes: "0000000000000000",
        attributesMask: "FFFFFFFFFFFFFFFF",
        tcbLevels: [{ tcb: { isvsvn: P.TEE_TCB_SVN[0] }, tcbDate: isoSeconds(issueMs), tcbStatus: "UpToDate" }],
      },
    ];
    tcb.tdxtcbcomponents = svns(P.TEE_TCB_SVN);
  }
  body.tcbLevels = [{ tcb, tcbDate: isoSeconds(issueMs), tcbStatus: "UpToDate" }];
  return JSON.stringify(body);
}

/** QE identity v2 (`QE` for SGX, `TD_QE` for TDX). */
export function qeIdentityText(kind: "QE" | "TD_QE", issueMs: number, nextMs: number): string {
  const qe = kind === "QE" ? P.QE : P.TD_QE;
  return JSON.stringify({
    id: qe.id,
    version: 2,
    issueDate: isoSeconds(issueMs),
    nextUpdate: isoSeconds(nextMs),
    tcbEvaluationDataNumber: P.TCB_EVALUATION_DATA_NUMBER,
    miscselect: "00000000",
    miscselectMask: "FFFFFFFF",
    attributes: P.QE_ATTRIBUTES_HEX,
    attributesMask: P.QE_ATTRIBUTES_MASK_HEX,
    mrsigner: toHex(qeMrsigner(qe.label)).toUpperCase(),
    isvprodid: qe.isvprodid,
    tcbLevels: [{ tcb: { isvsvn: qe.isvsvn }, tcbDate: isoSeconds(issueMs), tcbStatus: "UpToDate" }],
  });
}

/** ECDSA P-256 SHA-256 over the exact text, hex r||s (Intel's collateral signature format). */
export function signText(text: string, key: SimKey): string {
  return toHex(sign("sha256", Buffer.from(text, "utf8"), { key: key.keyObject, dsaEncoding: "ieee-p1363" }));
}

export interface BundleInputs {
  readonly kind: "sgx" | "tdx";
  readonly rootDer: Uint8Array;
  readonly pckCaDer: Uint8Array;
  readonly tcbSigningDer: Uint8Array;
  readonly tcbSigningKey: SimKey;
  readonly rootCrlDer: Uint8Array;
  readonly pckCrlDer: Uint8Array;
  readonly issueMs: number;
  readonly nextMs: number;
}

export function makeBundle(i: BundleInputs): CollateralBundle {
  const tcbInfo = tcbInfoText(i.kind === "sgx" ? "SGX" : "TDX", i.issueMs, i.nextMs);
  const qeIdentity = qeIdentityText(i.kind === "sgx" ? "QE" : "TD_QE", i.issueMs, i.nextMs);
  const signingChain = pemOf(i.tcbSigningDer) + pemOf(i.rootDer);
  return Object.freeze({
    pck_crl_issuer_chain: pemOf(i.pckCaDer) + pemOf(i.rootDer),
    root_ca_crl: toHex(i.rootCrlDer),
    pck_crl: toHex(i.pckCrlDer),
    tcb_info_issuer_chain: signingChain,
    tcb_info: tcbInfo,
    tcb_info_signature: signText(tcbInfo, i.tcbSigningKey),
    qe_identity_issuer_chain: signingChain,
    qe_identity: qeIdentity,
    qe_identity_signature: signText(qeIdentity, i.tcbSigningKey),
  });
}
