/**
 * Raw ECDSA P-256 helpers for DCAP: keys are X‖Y (64 bytes), signatures r‖s (64 bytes), both as in
 * the quote and in PCS JSON signatures. Uses node:crypto with `dsaEncoding: "ieee-p1363"`.
 */
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { SealedError } from "../../common/errors.ts";

const b64url = (b: Uint8Array) => Buffer.from(b).toString("base64url");

/** Imports a raw X‖Y P-256 public key; throws the given code when it is not on the curve. */
export function rawP256Key(xy: Uint8Array, code: "ATT_QUOTE_MALFORMED" = "ATT_QUOTE_MALFORMED"): KeyObject {
  if (xy.length !== 64) throw new SealedError(code, "raw P-256 key must be 64 bytes");
  try {
    return createPublicKey({
      key: { kty: "EC", crv: "P-256", x: b64url(xy.subarray(0, 32)), y: b64url(xy.subarray(32)) },
      format: "jwk",
    });
  } catch (err) {
    throw new SealedError(code, "attestation key is not a valid P-256 point", { cause: err });
  }
}

/** True when `sig` (r‖s) is a valid ECDSA-SHA256 signature of `data` by `key`. */
export function verifyRawP256(data: Uint8Array, sig: Uint8Array, key: KeyObject): boolean {
  if (sig.length !== 64) return false;
  try {
    return verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, sig);
  } catch {
    return false;
  }
}
