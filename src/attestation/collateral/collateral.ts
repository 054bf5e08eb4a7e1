/**
 * DCAP collateral: CRLs, TCB info, QE identity and their issuer chains, parsed once and reusable
 * across verifications. `loadCollateralBundle` reads the JSON shape of Phala dcap-qvl's
 * `QuoteCollateralV3` (the shape of the shared vectors), plus an optional `pck_certificate_chain`
 * (PEM) for quotes whose certification data does not embed the PCK chain (types 1..4).
 */
import { SealedError } from "../../common/errors.ts";
import { type Certificate, parseCertificateList } from "../pki/certificate.ts";
import { type Crl, parseCrl } from "../pki/crl.ts";
import { rawMembers } from "./json-raw.ts";
import { parseQeIdentity, type QeIdentity } from "./qe-identity.ts";
import { parseTcbInfo, type TcbInfo } from "./tcb-info.ts";

export interface Collateral {
  readonly pckCrlIssuerChain: readonly Certificate[];
  readonly rootCaCrl: Crl;
  readonly pckCrl: Crl;
  readonly tcbInfoIssuerChain: readonly Certificate[];
  readonly tcbInfo: TcbInfo;
  /** r‖s, 64 bytes. */
  readonly tcbInfoSignature: Uint8Array;
  readonly qeIdentityIssuerChain: readonly Certificate[];
  readonly qeIdentity: QeIdentity;
  readonly qeIdentitySignature: Uint8Array;
  /** PCK leaf and its CA chain, when the quote does not carry them. */
  readonly pckCertChain?: readonly Certificate[];
}

/** The raw textual parts, as PCS/PCCS deliver them. */
export interface CollateralParts {
  readonly pckCrlIssuerChain: string;
  /** DER bytes, or hex / PEM text. */
  readonly rootCaCrl: Uint8Array | string;
  readonly pckCrl: Uint8Array | string;
  readonly tcbInfoIssuerChain: string;
  /** The exact signed `tcbInfo` object text. */
  readonly tcbInfo: string;
  readonly tcbInfoSignature: string;
  readonly qeIdentityIssuerChain: string;
  readonly qeIdentity: string;
  readonly qeIdentitySignature: string;
  readonly pckCertChain?: string;
}

const malformed = (msg: string) => new SealedError("ATT_COLLATERAL_MALFORMED", msg);

/**
 * CRL given as DER bytes, hex of DER, or PEM. Bundles written by some dcap-qvl versions hold the
 * bytes of the PEM text or of a hex string (PCCS `rootcacrl`), so decoded bytes are unwrapped once more.
 */
export function crlFrom(v: Uint8Array | string, what: string, depth = 0): Crl {
  if (v instanceof Uint8Array) {
    if (v[0] === 0x30 || depth > 1) return parseCrl(v);
    return crlFrom(Buffer.from(v).toString("latin1"), what, depth + 1);
  }
  const t = v.trim();
  if (t.startsWith("-----BEGIN X509 CRL-----")) {
    const m = /^-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----$/.exec(t);
    if (!m) throw new SealedError("ATT_CRL_MALFORMED", `${what} is not a PEM CRL`);
    return parseCrl(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64"));
  }
  if (t.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(t)) throw new SealedError("ATT_CRL_MALFORMED", `${what} is not hex`);
  return crlFrom(new Uint8Array(Buffer.from(t, "hex")), what, depth + 1);
}

function signatureFrom(v: string, what: string): Uint8Array {
  if (!/^[0-9a-fA-F]{128}$/.test(v)) throw malformed(`${what} must be 64 bytes of hex (r||s)`);
  return Uint8Array.from(Buffer.from(v, "hex"));
}

/** Parses collateral parts into a frozen Collateral (no signature or time checks here). */
export function parseCollateral(p: CollateralParts): Collateral {
  return Object.freeze({
    pckCrlIssuerChain: Object.freeze(parseCertificateList(p.pckCrlIssuerChain)),
    rootCaCrl: crlFrom(p.rootCaCrl, "root_ca_crl"),
    pckCrl: crlFrom(p.pckCrl, "pck_crl"),
    tcbInfoIssuerChain: Object.freeze(parseCertificateList(p.tcbInfoIssuerChain)),
    tcbInfo: parseTcbInfo(p.tcbInfo),
    tcbInfoSignature: signatureFrom(p.tcbInfoSignature, "tcb_info_signature"),
    qeIdentityIssuerChain: Object.freeze(parseCertificateList(p.qeIdentityIssuerChain)),
    qeIdentity: parseQeIdentity(p.qeIdentity),
    qeIdentitySignature: signatureFrom(p.qeIdentitySignature, "qe_identity_signature"),
    pckCertChain: p.pckCertChain === undefined ? undefined : Object.freeze(parseCertificateList(p.pckCertChain)),
  });
}

const BUNDLE_KEYS = [
  "pck_crl_issuer_chain",
  "root_ca_crl",
  "pck_crl",
  "tcb_info_issuer_chain",
  "tcb_info",
  "tcb_info_signature",
  "qe_identity_issuer_chain",
  "qe_identity",
  "qe_identity_signature",
] as const;

/**
 * Loads a collateral bundle in the dcap-qvl JSON shape (text or already-parsed object). `tcb_info`
 * and `qe_identity` are the exact signed texts. Unknown keys are rejected (a typo must not
 * silently drop a field).
 */
export function loadCollateralBundle(json: string | Record<string, unknown>): Collateral {
  let o: Record<string, unknown>;
  if (typeof json === "string") {
    try {
      o = JSON.parse(json) as Record<string, unknown>;
    } catch (err) {
      throw new SealedError("ATT_COLLATERAL_MALFORMED", "collateral is not valid JSON", { cause: err });
    }
  } else o = json;
  if (typeof o !== "object" || o === null || Array.isArray(o)) throw malformed("collateral must be a JSON object");
  for (const k of Object.keys(o)) {
    if (!(BUNDLE_KEYS as readonly string[]).includes(k) && k !== "pck_certificate_chain") {
      throw malformed(`unknown collateral field ${k}`);
    }
  }
  const s = (k: string): string => {
    let v = o[k];
    // serde_bytes fields may arrive as arrays of byte values instead of hex.
    if (Array.isArray(v) && v.length > 0 && v.every((x) => Number.isInteger(x) && x >= 0 && x <= 255)) {
      v = Buffer.from(v as number[]).toString("hex");
    }
    if (typeof v !== "string" || v === "") throw malformed(`collateral field ${k} must be a non-empty string`);
    return v;
  };
  return parseCollateral({
    pckCrlIssuerChain: s("pck_crl_issuer_chain"),
    rootCaCrl: s("root_ca_crl"),
    pckCrl: s("pck_crl"),
    tcbInfoIssuerChain: s("tcb_info_issuer_chain"),
    tcbInfo: s("tcb_info"),
    tcbInfoSignature: s("tcb_info_signature"),
    qeIdentityIssuerChain: s("qe_identity_issuer_chain"),
    qeIdentity: s("qe_identity"),
    qeIdentitySignature: s("qe_identity_signature"),
    pckCertChain: o.pck_certificate_chain === undefined ? undefined : s("pck_certificate_chain"),
  });
}

/**
 * Splits a PCS response body `{"tcbInfo":{...},"signature":"hex"}` (or `enclaveIdentity`) into the
 * exact signed text and the signature.
 */
export function splitSignedBody(body: string, key: "tcbInfo" | "enclaveIdentity"): { text: string; signature: string } {
  const code = key === "tcbInfo" ? "ATT_TCB_INFO_MALFORMED" : "ATT_QE_IDENTITY_MALFORMED";
  const m = rawMembers(body, code);
  const text = m.get(key);
  const sig = m.get("signature");
  if (text === undefined || sig === undefined) throw new SealedError(code, `response lacks ${key} or signature`);
  return { text, signature: JSON.parse(sig) as string };
}
