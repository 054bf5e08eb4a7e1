import { createHash, type KeyObject, X509Certificate as NodeX509 } from "node:crypto";
import { createVerifier, type Policy, type VerifierDeps, validateClaims } from "../attestation/index.ts";
import type { Evidence, VerifiedClaims, VerifyOptions } from "../attestation/verifier.ts";
import { ctEqual } from "../common/ct-equal.ts";
import { SealedError } from "../common/errors.ts";
import { parseClaims } from "./claims.ts";
import { evidenceShape } from "./evidence-kind.ts";
import { extractRatls } from "./extract.ts";

/** Verifies evidence of any kind (normally the attestation registry's verifier for `evidence.tee`). */
export type EvidenceVerifier = (evidence: Evidence, options: VerifyOptions) => Promise<VerifiedClaims>;

export interface RatlsVerifyOptions {
  /** Verification time (ms since the epoch) for the evidence's collateral and certificates. */
  readonly timeMs: number;
  /**
   * Verifies the extracted evidence. Default: the attestation registry's verifier for the
   * evidence's TEE, built from `verifierDeps` (collateral source, custom trust anchor).
   */
  readonly verifyEvidence?: EvidenceVerifier;
  readonly verifierDeps?: VerifierDeps;
  /** Policy the verified claims must satisfy (validateClaims). */
  readonly policy?: Policy;
  /** Extra policy check on the verified claims; throws to reject. */
  readonly validate?: (claims: VerifiedClaims) => void;
  /** SEV-SNP: VCEK/VLEK (and ASK/ARK) for the report, which the certificate does not carry. */
  readonly snpCertificates?: readonly Uint8Array[];
}

export interface RatlsEvidence {
  readonly source: "tcg" | "legacy";
  readonly evidence: Evidence;
  readonly reportData: Uint8Array;
}

/**
 * Parses via PEM on purpose: given DER bytes, node (OpenSSL) first searches them for PEM text,
 * and a DCAP quote in the extensions carries the PCK chain as PEM, so `new X509Certificate(der)`
 * would silently return the embedded PCK certificate instead of this one.
 */
function parseCert(certDer: Uint8Array): { cert: NodeX509; key: KeyObject } {
  const b64 = (
    Buffer.from(certDer)
      .toString("base64")
      .match(/.{1,64}/g) ?? []
  ).join("\n");
  try {
    const cert = new NodeX509(`-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`);
    return { cert, key: cert.publicKey };
  } catch (err) {
    throw new SealedError("RATLS_CERT_PARSE", "RA-TLS certificate cannot be parsed", { cause: err });
  }
}

/**
 * Checks the certificate's self-signature and key, extracts the evidence (the TCG extension
 * when present, else the legacy one) and checks its binding to the certificate's key. No
 * attestation verification yet; see verifyRatlsCertificate.
 */
export function extractBoundEvidence(certDer: Uint8Array, snpCertificates?: readonly Uint8Array[]): RatlsEvidence {
  const { cert, key } = parseCert(certDer);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== "ec" || (curve !== "secp384r1" && curve !== "prime256v1")) {
    throw new SealedError("RATLS_KEY_UNSUPPORTED", `RA-TLS key is ${key.asymmetricKeyType} ${curve ?? ""}`.trim());
  }
  let selfSigned = false;
  try {
    selfSigned = cert.verify(key);
  } catch {
    selfSigned = false;
  }
  if (!selfSigned) throw new SealedError("RATLS_CERT_SIGNATURE", "RA-TLS certificate self-signature does not verify");
  const contents = extractRatls(certDer);
  let bytes: Uint8Array;
  let bound: Uint8Array;
  let source: "tcg" | "legacy";
  if (contents.tcg) {
    const ph = parseClaims(contents.tcg.claims);
    const actual = new Uint8Array(createHash(ph.algName).update(contents.spki).digest());
    if (!ctEqual(actual, ph.hash)) {
      throw new SealedError(
        "RATLS_PUBKEY_HASH_MISMATCH",
        "TCG claims pubkey-hash is not the hash of this certificate's key",
      );
    }
    bytes = contents.tcg.evidence;
    bound = contents.tcg.claims;
    source = "tcg";
  } else if (contents.legacy) {
    bytes = contents.legacy.evidence;
    bound = contents.spki;
    source = "legacy";
  } else {
    throw new SealedError("RATLS_NO_EVIDENCE", "certificate carries no RA-TLS evidence extension");
  }
  const shape = evidenceShape(bytes);
  const expected = new Uint8Array(createHash("sha256").update(bound).digest());
  if (!ctEqual(shape.reportData.subarray(0, 32), expected)) {
    throw new SealedError(
      "RATLS_REPORT_DATA_MISMATCH",
      `evidence report data is not SHA-256 of the ${source === "tcg" ? "TCG claims" : "certificate key"}`,
    );
  }
  if (!shape.reportData.subarray(32).every((b) => b === 0)) {
    throw new SealedError("RATLS_REPORT_DATA_PADDING", "evidence report data bytes 32..64 are not zero");
  }
  const evidence: Evidence = Object.freeze({
    tee: shape.tee,
    bytes,
    ...(shape.tee === "snp" && snpCertificates ? { certificates: snpCertificates } : {}),
  });
  return Object.freeze({ source, evidence, reportData: shape.reportData });
}

/**
 * Verifies an RA-TLS certificate: binding of the evidence to the certificate key, then the
 * evidence itself (`verifyEvidence`, normally via the attestation registry), then the policy.
 */
export async function verifyRatlsCertificate(
  certDer: Uint8Array,
  options: RatlsVerifyOptions,
): Promise<VerifiedClaims> {
  const found = extractBoundEvidence(certDer, options.snpCertificates);
  const verifyEvidence: EvidenceVerifier =
    options.verifyEvidence ??
    ((ev, o) =>
      createVerifier(ev.tee, { ...options.verifierDeps, snpCertificates: options.snpCertificates }).verify(ev, o));
  const claims = await verifyEvidence(found.evidence, { timeMs: options.timeMs });
  if (!ctEqual(claims.reportData, found.reportData)) {
    throw new SealedError("RATLS_REPORT_DATA_MISMATCH", "verified report data differs from the bound report data");
  }
  if (options.policy) validateClaims(claims, options.policy);
  options.validate?.(claims);
  return claims;
}
