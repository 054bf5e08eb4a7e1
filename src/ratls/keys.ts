import { createECDH, webcrypto } from "node:crypto";
import type { RandomSource } from "../common/random.ts";

/** Order n of NIST P-384. */
const P384_N = BigInt(
  "0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
);

const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");

export interface EcKeyPair {
  readonly privateKey: webcrypto.CryptoKey;
  readonly publicKey: webcrypto.CryptoKey;
}

/**
 * A fresh ECDSA P-384 key pair. With `random`, the private scalar is drawn from it (rejection
 * sampling below n), so tests are reproducible; otherwise WebCrypto generates the key.
 */
export async function generateP384(random?: RandomSource): Promise<EcKeyPair> {
  const alg = { name: "ECDSA", namedCurve: "P-384" } as const;
  if (!random) {
    return (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as EcKeyPair;
  }
  for (;;) {
    const d = random(48);
    const k = BigInt(`0x${Buffer.from(d).toString("hex")}`);
    if (k === 0n || k >= P384_N) continue;
    const ecdh = createECDH("secp384r1");
    ecdh.setPrivateKey(d);
    const pub = new Uint8Array(ecdh.getPublicKey());
    const jwk = { kty: "EC", crv: "P-384", x: b64u(pub.subarray(1, 49)), y: b64u(pub.subarray(49, 97)) };
    const privateKey = await webcrypto.subtle.importKey("jwk", { ...jwk, d: b64u(d) }, alg, true, ["sign"]);
    const publicKey = await webcrypto.subtle.importKey("jwk", jwk, alg, true, ["verify"]);
    return { privateKey, publicKey };
  }
}

/** PKCS#8 PEM of a private key. */
export async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----\n`;
}
