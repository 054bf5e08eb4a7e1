import { createECDH, createPrivateKey, type KeyObject, webcrypto } from "node:crypto";
import type { RandomSource } from "../../common/random.ts";

/** Order n of NIST P-256. */
const P256_N = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

/** A P-256 signing key of the simulated platform, in the forms the code needs. */
export interface SimKey {
  readonly keyObject: KeyObject;
  /** PKCS#8 PEM (written 0600 by the CLI). */
  readonly pem: string;
  /** Raw public key X || Y (64 bytes), the DCAP quote format. */
  readonly rawPublic: Uint8Array;
}

const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");

/** Draws a P-256 private key from `random` (rejection sampling below n). */
export function newSimKey(random: RandomSource): SimKey {
  for (;;) {
    const d = random(32);
    const k = BigInt(`0x${Buffer.from(d).toString("hex")}`);
    if (k === 0n || k >= P256_N) continue;
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(d);
    const pub = new Uint8Array(ecdh.getPublicKey());
    const keyObject = createPrivateKey({
      key: { kty: "EC", crv: "P-256", d: b64u(d), x: b64u(pub.subarray(1, 33)), y: b64u(pub.subarray(33, 65)) },
      format: "jwk",
    });
    return simKeyFrom(keyObject);
  }
}

export function simKeyFrom(keyObject: KeyObject): SimKey {
  const jwk = keyObject.export({ format: "jwk" });
  const raw = new Uint8Array(64);
  raw.set(Buffer.from(jwk.x ?? "", "base64url"), 0);
  raw.set(Buffer.from(jwk.y ?? "", "base64url"), 32);
  const pem = keyObject.export({ format: "pem", type: "pkcs8" }).toString();
  return Object.freeze({ keyObject, pem, rawPublic: raw });
}

/** Parses a PKCS#8 PEM key written by `sim init`. */
export function simKeyFromPem(pem: string): SimKey {
  return simKeyFrom(createPrivateKey(pem));
}

/** The WebCrypto forms (for certificate and CRL generation). */
export async function webKeys(
  key: SimKey,
): Promise<{ privateKey: webcrypto.CryptoKey; publicKey: webcrypto.CryptoKey }> {
  const alg = { name: "ECDSA", namedCurve: "P-256" } as const;
  const jwk = key.keyObject.export({ format: "jwk" });
  const privateKey = await webcrypto.subtle.importKey("jwk", jwk, alg, true, ["sign"]);
  const { d: _d, ...pub } = jwk;
  const publicKey = await webcrypto.subtle.importKey("jwk", pub, alg, true, ["verify"]);
  return { privateKey, publicKey };
}
