import "reflect-metadata";
import { webcrypto } from "node:crypto";
import { isIP } from "node:net";
import * as x509 from "@peculiar/x509";
import type { Clock } from "../../common/clock.ts";
import type { RandomSource } from "../../common/random.ts";
import { exportPrivateKeyPem, generateKeyPair, type KeySpec, signingAlgorithm } from "./key-pair.ts";

const DAY_MS = 86_400_000;
/** Backdate notBefore a little so that a client whose clock lags slightly still accepts a fresh certificate. */
const BACKDATE_MS = 5 * 60_000;

export interface IssueContext {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly keySpec: KeySpec;
  readonly crypto?: webcrypto.Crypto;
}

/** A certificate with its private key, both kept as CryptoKey/X509 objects and as PEM. */
export interface IssuedCert {
  readonly cert: x509.X509Certificate;
  readonly keys: webcrypto.CryptoKeyPair;
  readonly certPem: string;
  readonly keyPem: string;
  readonly keySpec: KeySpec;
}

export type LeafRole = "server" | "client";

/**
 * A positive 128-bit serial (RFC 5280 4.1.2.2: positive, at most 20 octets), top bit cleared so
 * the DER INTEGER needs no sign octet, and never zero.
 */
export function randomSerialHex(random: RandomSource): string {
  const bytes = random(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return Buffer.from(bytes).toString("hex");
}

/** subjectAltName entries for a host name: an iPAddress entry for IPv4/IPv6 literals, a dNSName otherwise. */
export function altNamesFor(names: readonly string[]): x509.JsonGeneralName[] {
  return names.map((n) => (isIP(n) ? { type: "ip" as const, value: n } : { type: "dns" as const, value: n }));
}

/** Escapes a value for an RFC 4514 distinguished-name string. */
function cn(value: string): string {
  return `CN=${value.replace(/([,+"\\<>;=#])/g, "\\$1")}`;
}

function validity(ctx: IssueContext, days: number): { notBefore: Date; notAfter: Date } {
  const now = ctx.clock.now();
  return { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + days * DAY_MS) };
}

/** A self-signed CA: basicConstraints CA:TRUE (critical), keyUsage keyCertSign+cRLSign (critical), SKI. */
export async function createCa(ctx: IssueContext, name: string, days: number): Promise<IssuedCert> {
  const crypto = ctx.crypto ?? webcrypto;
  const keys = await generateKeyPair(ctx.keySpec, crypto);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(ctx.random),
      subject: cn(name),
      issuer: cn(name),
      ...validity(ctx, days),
      signingAlgorithm: signingAlgorithm(ctx.keySpec),
      publicKey: keys.publicKey,
      signingKey: keys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return {
    cert,
    keys,
    certPem: cert.toString("pem"),
    keyPem: await exportPrivateKeyPem(keys.privateKey, crypto),
    keySpec: ctx.keySpec,
  };
}

/**
 * A leaf signed by `ca`: CA:FALSE, keyUsage digitalSignature (+keyEncipherment for RSA),
 * extendedKeyUsage serverAuth or clientAuth, subjectAltName for `names`, SKI and AKI.
 */
export async function issueLeaf(
  ctx: IssueContext,
  ca: IssuedCert,
  role: LeafRole,
  names: readonly string[],
  days: number,
): Promise<IssuedCert> {
  const crypto = ctx.crypto ?? webcrypto;
  const keys = await generateKeyPair(ctx.keySpec, crypto);
  let usage = x509.KeyUsageFlags.digitalSignature;
  if (ctx.keySpec.kind === "rsa") usage |= x509.KeyUsageFlags.keyEncipherment;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(ctx.random),
      subject: cn(names[0] ?? role),
      issuer: ca.cert.subject,
      ...validity(ctx, days),
      signingAlgorithm: signingAlgorithm(ca.keySpec),
      publicKey: keys.publicKey,
      signingKey: ca.keys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usage, true),
        new x509.ExtendedKeyUsageExtension(
          [role === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth],
          false,
        ),
        new x509.SubjectAlternativeNameExtension(altNamesFor(names), false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return {
    cert,
    keys,
    certPem: cert.toString("pem"),
    keyPem: await exportPrivateKeyPem(keys.privateKey, crypto),
    keySpec: ctx.keySpec,
  };
}
