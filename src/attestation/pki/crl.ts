/**
 * Certificate revocation lists (RFC 5280 §5) for the Intel SGX Root CA CRL and the PCK CRL:
 * parsed with pkijs into a frozen view. Signature and validity checks live in `chain.ts`.
 */
import * as pkijs from "pkijs";
import { SealedError } from "../../common/errors.ts";
import { berExact, commonName, normalizeSerial, OID_ECDSA_SHA256, rawName } from "./certificate.ts";

export interface Crl {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  readonly signature: Uint8Array;
  readonly issuerRaw: Uint8Array;
  readonly issuerCn: string;
  readonly thisUpdateMs: number;
  readonly nextUpdateMs: number;
  /** Revoked serial numbers (normalized hex, see `normalizeSerial`). */
  readonly revoked: ReadonlySet<string>;
}

/** Parses a DER CRL; throws ATT_CRL_MALFORMED (and nothing else). nextUpdate is required (Intel always sets it). */
export function parseCrl(der: Uint8Array): Crl {
  try {
    return parseCrlUnchecked(der);
  } catch (err) {
    throw SealedError.from(err, "ATT_CRL_MALFORMED");
  }
}

function parseCrlUnchecked(der: Uint8Array): Crl {
  const copy = Uint8Array.from(der);
  const asn = berExact(copy, "ATT_CRL_MALFORMED", "CRL");
  let c: pkijs.CertificateRevocationList;
  try {
    c = new pkijs.CertificateRevocationList({ schema: asn });
  } catch (err) {
    throw new SealedError("ATT_CRL_MALFORMED", "CRL structure is invalid", { cause: err });
  }
  if (c.signatureAlgorithm.algorithmId !== OID_ECDSA_SHA256 || c.signature.algorithmId !== OID_ECDSA_SHA256) {
    throw new SealedError("ATT_CRL_MALFORMED", "CRL signature algorithm is not ecdsa-with-SHA256");
  }
  if (!c.nextUpdate) throw new SealedError("ATT_CRL_MALFORMED", "CRL has no nextUpdate");
  const revoked = new Set<string>();
  for (const r of c.revokedCertificates ?? []) revoked.add(normalizeSerial(r.userCertificate.valueBlock.valueHexView));
  return Object.freeze({
    der: copy,
    tbs: new Uint8Array(c.tbsView),
    signature: new Uint8Array(c.signatureValue.valueBlock.valueHexView),
    issuerRaw: rawName(c.issuer),
    issuerCn: commonName(c.issuer),
    thisUpdateMs: c.thisUpdate.value.getTime(),
    nextUpdateMs: c.nextUpdate.value.getTime(),
    revoked,
  });
}
