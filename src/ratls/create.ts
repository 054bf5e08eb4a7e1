import "reflect-metadata";
import { createHash, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import type { EvidenceProvider } from "../attestation/providers/provider.ts";
import type { Clock } from "../common/clock.ts";
import { SealedError } from "../common/errors.ts";
import type { RandomSource } from "../common/random.ts";
import { encodeCbor } from "./cbor.ts";
import { encodeClaims } from "./claims.ts";
import {
  LEGACY_OID,
  MAX_EVIDENCE,
  NOT_AFTER_MS,
  NOT_BEFORE_MS,
  SUBJECT,
  TCG_EVIDENCE_TAG,
  TCG_OID,
} from "./formats.ts";
import { generateP384, privateKeyPem } from "./keys.ts";

export interface RatlsCertificate {
  readonly certDer: Uint8Array;
  readonly certPem: string;
  /** PKCS#8 PEM of the fresh P-384 key; keep it in memory only. */
  readonly keyPem: string;
  readonly privateKey: webcrypto.CryptoKey;
}

export interface CreateRatlsOptions {
  /** Draws the private key (tests); default: WebCrypto key generation. */
  readonly random?: RandomSource;
  /** Accepted for symmetry with the other libraries; the validity window is Gramine's fixed one. */
  readonly clock?: Clock;
  /** Override Gramine's default validity (RA_TLS_CERT_TIMESTAMP_NOT_BEFORE/AFTER). */
  readonly notBeforeMs?: number;
  readonly notAfterMs?: number;
}

type PKey = x509.X509CertificateCreateWithKeyParams["signingKey"];
type PCrypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
type PSigAlg = NonNullable<x509.X509CertificateCreateWithKeyParams["signingAlgorithm"]>;

/** The 2-byte long-form length the legacy extension needs means at least 256 bytes of evidence. */
const MIN_EMBED = 256;

function reportDataFor(bytes: Uint8Array): Uint8Array {
  const rd = new Uint8Array(64);
  rd.set(createHash("sha256").update(bytes).digest(), 0);
  return rd;
}

async function evidenceFor(provider: EvidenceProvider, reportData: Uint8Array): Promise<Uint8Array> {
  const ev = await provider.getEvidence(reportData);
  if (ev.bytes.length < MIN_EMBED || ev.bytes.length > MAX_EVIDENCE) {
    throw new SealedError(
      "RATLS_EVIDENCE_SIZE",
      `evidence is ${ev.bytes.length} bytes, outside ${MIN_EMBED}..${MAX_EVIDENCE}`,
    );
  }
  return ev.bytes;
}

/**
 * Makes a Gramine-format RA-TLS certificate: fresh P-384 key, self-signed ecdsa-with-SHA256,
 * serial 1, `CN=RATLS,O=GramineDevelopers,C=US`, BasicConstraints CA:FALSE + SKI + AKI, the
 * legacy quote extension (report data SHA-256(SPKI) || 0^32) and the TCG tagged-evidence
 * extension (report data SHA-256(claims) || 0^32). Two getEvidence calls, two different quotes.
 */
export async function createRatlsCertificate(
  provider: EvidenceProvider,
  options: CreateRatlsOptions = {},
): Promise<RatlsCertificate> {
  const keys = await generateP384(options.random);
  const spki = new Uint8Array(await webcrypto.subtle.exportKey("spki", keys.publicKey));
  const legacyQuote = await evidenceFor(provider, reportDataFor(spki));
  const claims = encodeClaims(spki);
  const tcgQuote = await evidenceFor(provider, reportDataFor(claims));
  const tagged = encodeCbor({
    kind: "tag",
    tag: TCG_EVIDENCE_TAG,
    value: {
      kind: "array",
      items: [
        { kind: "bytes", value: tcgQuote },
        { kind: "bytes", value: claims },
      ],
    },
  });
  const crypto = webcrypto as unknown as PCrypto;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: "01",
      subject: SUBJECT,
      issuer: SUBJECT,
      notBefore: new Date(options.notBeforeMs ?? NOT_BEFORE_MS),
      notAfter: new Date(options.notAfterMs ?? NOT_AFTER_MS),
      publicKey: keys.publicKey as unknown as PKey,
      signingKey: keys.privateKey as unknown as PKey,
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } as PSigAlg,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as unknown as PKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey as unknown as PKey, false, crypto),
        new x509.Extension(LEGACY_OID, false, legacyQuote),
        new x509.Extension(TCG_OID, false, tagged),
      ],
    },
    crypto,
  );
  const certDer = new Uint8Array(cert.rawData);
  return Object.freeze({
    certDer,
    certPem: cert.toString("pem"),
    keyPem: await privateKeyPem(keys.privateKey),
    privateKey: keys.privateKey,
  });
}
