/**
 * Certificate chain checks in the order of Intel QVL `PckCertVerifier` / `TCBSigningChain`:
 * shape (leaf, optional CA, self-issued root; CN phrases), each signature, CA constraints, the
 * validity of every certificate at the verification time, and finally that the root is the
 * configured trust anchor.
 */

import { ctEqual } from "../../common/ct-equal.ts";
import { SealedError } from "../../common/errors.ts";
import { formatIsoUtc } from "../collateral/iso-time.ts";
import { type Certificate, isSignedBy } from "./certificate.ts";
import type { Crl } from "./crl.ts";

export interface ChainShape {
  /** CN phrases, leaf first, root last; the chain must have exactly this many certificates. */
  readonly cnPhrases: readonly string[];
  readonly what: string;
}

export const PCK_CHAIN: ChainShape = { cnPhrases: ["SGX PCK Certificate", "CA", "SGX Root CA"], what: "PCK chain" };
export const PCK_CA_CHAIN: ChainShape = { cnPhrases: ["CA", "SGX Root CA"], what: "PCK CRL issuer chain" };
export const TCB_SIGNING_CHAIN: ChainShape = {
  cnPhrases: ["SGX TCB Signing", "SGX Root CA"],
  what: "TCB signing chain",
};

const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.from(a).equals(Buffer.from(b));

/** Orders `certs` leaf → root by issuer/subject names; throws ATT_CERT_CHAIN_INVALID when impossible. */
export function orderChain(certs: readonly Certificate[], shape: ChainShape): Certificate[] {
  const n = shape.cnPhrases.length;
  if (certs.length !== n) {
    throw new SealedError("ATT_CERT_CHAIN_INVALID", `${shape.what} has ${certs.length} certificates, expected ${n}`);
  }
  const leaves = certs.filter((c) => !certs.some((o) => o !== c && eq(o.issuerRaw, c.subjectRaw)));
  if (leaves.length !== 1) throw new SealedError("ATT_CERT_CHAIN_INVALID", `${shape.what} has no unique leaf`);
  const out = [leaves[0]!];
  while (out.length < n) {
    const cur = out[out.length - 1]!;
    const issuer = certs.find((c) => c !== cur && !out.includes(c) && eq(c.subjectRaw, cur.issuerRaw));
    if (!issuer) throw new SealedError("ATT_CERT_CHAIN_INVALID", `${shape.what}: issuer of "${cur.subjectCn}" missing`);
    out.push(issuer);
  }
  out.forEach((c, i) => {
    if (!c.subjectCn.includes(shape.cnPhrases[i]!)) {
      throw new SealedError("ATT_CERT_CHAIN_INVALID", `${shape.what}: "${c.subjectCn}" lacks "${shape.cnPhrases[i]}"`);
    }
  });
  return out;
}

/**
 * Verifies a chain against the trust anchor at `timeMs` and returns it ordered leaf → root.
 * Root revocation of the CA certificates (root CRL) is checked by the caller once the CRL is verified.
 */
export function verifyChain(
  certs: readonly Certificate[],
  shape: ChainShape,
  anchor: Certificate,
  timeMs: number,
): Certificate[] {
  const chain = orderChain(certs, shape);
  const root = chain[chain.length - 1]!;
  if (!eq(root.subjectRaw, root.issuerRaw)) {
    throw new SealedError("ATT_CERT_CHAIN_INVALID", `${shape.what}: root is not self-issued`);
  }
  for (let i = 0; i < chain.length; i++) {
    const issuer = chain[Math.min(i + 1, chain.length - 1)]!;
    if (!isSignedBy(chain[i]!, issuer)) {
      throw new SealedError("ATT_CERT_SIGNATURE_INVALID", `${shape.what}: "${chain[i]!.subjectCn}" signature invalid`);
    }
    if (i > 0 && !chain[i]!.isCa) {
      throw new SealedError("ATT_CERT_CHAIN_INVALID", `${shape.what}: "${chain[i]!.subjectCn}" is not a CA`);
    }
  }
  if (!ctEqual(root.der, anchor.der)) {
    throw new SealedError("ATT_CHAIN_UNTRUSTED", `${shape.what}: root is not the trust anchor`, {
      details: { root: root.sha256, anchor: anchor.sha256 },
    });
  }
  for (const c of chain) {
    if (timeMs < c.notBeforeMs || timeMs > c.notAfterMs) {
      throw new SealedError(
        "ATT_CERT_EXPIRED",
        `${shape.what}: "${c.subjectCn}" valid ${formatIsoUtc(c.notBeforeMs)}..${formatIsoUtc(c.notAfterMs)}, time ${formatIsoUtc(timeMs)}`,
      );
    }
  }
  return chain;
}

/** Checks a CRL's issuer, signature and validity window at `timeMs`. */
export function verifyCrl(crl: Crl, issuer: Certificate, timeMs: number, what: string): void {
  if (!eq(crl.issuerRaw, issuer.subjectRaw)) {
    throw new SealedError("ATT_CRL_ISSUER_MISMATCH", `${what} is not issued by "${issuer.subjectCn}"`);
  }
  if (!isSignedBy(crl, issuer)) throw new SealedError("ATT_CRL_SIGNATURE_INVALID", `${what} signature invalid`);
  if (timeMs < crl.thisUpdateMs || timeMs > crl.nextUpdateMs) {
    throw new SealedError(
      "ATT_CRL_EXPIRED",
      `${what} valid ${formatIsoUtc(crl.thisUpdateMs)}..${formatIsoUtc(crl.nextUpdateMs)}, time ${formatIsoUtc(timeMs)}`,
    );
  }
}

export { eq as bytesEqual };
