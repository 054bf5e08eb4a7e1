import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import type { RandomSource } from "../../common/random.ts";
import { type SimKey, webKeys } from "./keys.ts";
import { dateAt } from "./time.ts";

type PKey = x509.X509CertificateCreateWithKeyParams["signingKey"];
type PCrypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
const crypto = webcrypto as unknown as PCrypto;
const ALG = { name: "ECDSA", hash: "SHA-256" } as NonNullable<
  x509.X509CertificateCreateWithKeyParams["signingAlgorithm"]
>;

export interface IssueParams {
  readonly subject: string;
  readonly key: SimKey;
  /** Issuer name and key; omitted for a self-signed root. */
  readonly issuer?: { readonly name: string; readonly key: SimKey };
  readonly ca: boolean;
  readonly pathLength?: number;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  readonly random: RandomSource;
  readonly extra?: readonly x509.Extension[];
}

function serialHex(random: RandomSource): string {
  const s = random(20);
  s[0] = (s[0] & 0x7f) | 0x01;
  return Buffer.from(s).toString("hex");
}

/** Issues an ECDSA P-256 / SHA-256 certificate shaped like Intel's SGX certificates. */
export async function issueCertificate(p: IssueParams): Promise<Uint8Array> {
  const subjectKeys = await webKeys(p.key);
  const issuerKeys = p.issuer ? await webKeys(p.issuer.key) : subjectKeys;
  const usage = p.ca
    ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
    : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialHex(p.random),
      subject: p.subject,
      issuer: p.issuer?.name ?? p.subject,
      notBefore: dateAt(p.notBeforeMs),
      notAfter: dateAt(p.notAfterMs),
      publicKey: subjectKeys.publicKey as unknown as PKey,
      signingKey: issuerKeys.privateKey as unknown as PKey,
      signingAlgorithm: ALG,
      extensions: [
        await x509.AuthorityKeyIdentifierExtension.create(issuerKeys.publicKey as unknown as PKey, false, crypto),
        await x509.SubjectKeyIdentifierExtension.create(subjectKeys.publicKey as unknown as PKey, false, crypto),
        new x509.KeyUsagesExtension(usage, true),
        new x509.BasicConstraintsExtension(p.ca, p.ca ? p.pathLength : undefined, true),
        ...(p.extra ?? []),
      ],
    },
    crypto,
  );
  return new Uint8Array(cert.rawData);
}

/** An empty CRL (CRL number 1) signed by `issuer`, valid [thisUpdate, nextUpdate]. */
export async function issueCrl(
  issuerName: string,
  issuerKey: SimKey,
  thisUpdateMs: number,
  nextUpdateMs: number,
): Promise<Uint8Array> {
  const keys = await webKeys(issuerKey);
  const crl = await x509.X509CrlGenerator.create(
    {
      issuer: issuerName,
      thisUpdate: dateAt(thisUpdateMs),
      nextUpdate: dateAt(nextUpdateMs),
      signingAlgorithm: ALG,
      signingKey: keys.privateKey as unknown as PKey,
      extensions: [
        new x509.Extension("2.5.29.20", false, Uint8Array.of(0x02, 0x01, 0x01)),
        await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey as unknown as PKey, false, crypto),
      ],
    },
    crypto,
  );
  return new Uint8Array(crl.rawData);
}

export function pemOf(der: Uint8Array, label = "CERTIFICATE"): string {
  const lines =
    Buffer.from(der)
      .toString("base64")
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

export function derOfPem(pem: string): Uint8Array {
  const b64 = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, "");
  return Uint8Array.from(Buffer.from(b64, "base64"));
}
