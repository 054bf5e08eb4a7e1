import { webcrypto } from "node:crypto";

/** Key algorithm for `sealed tls` material: ECDSA P-256 (default) or RSA with the given modulus size. */
export type KeySpec = { readonly kind: "ec-p256" } | { readonly kind: "rsa"; readonly bits: 2048 | 3072 | 4096 };

export const DEFAULT_KEY_SPEC: KeySpec = Object.freeze({ kind: "ec-p256" });

/** The WebCrypto algorithm used both for key generation and for signing with that key (SHA-256). */
export function keyAlgorithm(spec: KeySpec): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  return spec.kind === "rsa"
    ? {
        name: "RSASSA-PKCS1-v1_5",
        hash: "SHA-256",
        publicExponent: new Uint8Array([1, 0, 1]),
        modulusLength: spec.bits,
      }
    : { name: "ECDSA", namedCurve: "P-256" };
}

/** Signature algorithm parameters for certificates signed with a key of `spec`. */
export function signingAlgorithm(spec: KeySpec): webcrypto.Algorithm | webcrypto.EcdsaParams {
  return spec.kind === "rsa" ? { name: "RSASSA-PKCS1-v1_5" } : { name: "ECDSA", hash: "SHA-256" };
}

export async function generateKeyPair(
  spec: KeySpec,
  crypto: webcrypto.Crypto = webcrypto,
): Promise<webcrypto.CryptoKeyPair> {
  return (await crypto.subtle.generateKey(keyAlgorithm(spec), true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
}

/** PEM with 64-column base64 lines, as openssl writes it. */
export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** PKCS#8 "PRIVATE KEY" PEM (the header the seed's ssl.cfg sed matches). */
export async function exportPrivateKeyPem(
  key: webcrypto.CryptoKey,
  crypto: webcrypto.Crypto = webcrypto,
): Promise<string> {
  return toPem(new Uint8Array(await crypto.subtle.exportKey("pkcs8", key)), "PRIVATE KEY");
}
