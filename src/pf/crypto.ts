import { SealedError } from "../common/errors.ts";
import { KDF_INPUT_SIZE, KEY_SIZE, MAX_LABEL_SIZE, METADATA_KEY_LABEL, NONCE_SIZE } from "./format.ts";

/**
 * The crypto the codec needs, injected (style anchor 9; Gramine's pf_set_callbacks). Every GCM
 * operation uses a 12-byte zero IV and no AAD (spec: "per-node random keys and zero IVs").
 */
export interface PfCrypto {
  /**
   * AES-128-GCM encrypt `plaintext` into `out` (same length) and write the 16-byte tag into `tag`.
   */
  gcmEncrypt(key: Uint8Array, plaintext: Uint8Array, out: Uint8Array, tag: Uint8Array): void;
  /**
   * AES-128-GCM decrypt `ciphertext` into `out` (same length). Returns false when the tag does
   * not match; `out` then holds garbage that the caller must discard.
   */
  gcmDecrypt(key: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, out: Uint8Array): boolean;
  /** AES-128-CMAC (RFC 4493) of `message` under `key`, 16 bytes. */
  cmac(key: Uint8Array, message: Uint8Array): Uint8Array;
}

/** Throws PF_KEY_SIZE unless the wrap key is exactly 16 bytes. */
export function checkWrapKey(key: Uint8Array): void {
  if (key.length !== KEY_SIZE) {
    throw new SealedError("PF_KEY_SIZE", `wrap key size ${key.length} != ${KEY_SIZE}`);
  }
}

/**
 * Builds `kdf_input_t` (spec "Key derivation"): u32 counter 1, the NUL-padded label
 * SGX-PROTECTED-FS-METADATA-KEY in 64 bytes, the 32-byte nonce, u32 output length 0x80.
 */
export function kdfInput(nonce: Uint8Array): Uint8Array {
  if (nonce.length !== NONCE_SIZE) throw new SealedError("INTERNAL", "metadata nonce must be 32 bytes");
  const buf = new Uint8Array(KDF_INPUT_SIZE);
  const view = new DataView(buf.buffer);
  view.setUint32(0, 1, true);
  buf.set(new TextEncoder().encode(METADATA_KEY_LABEL), 4);
  buf.set(nonce, 4 + MAX_LABEL_SIZE);
  view.setUint32(4 + MAX_LABEL_SIZE + NONCE_SIZE, 0x80, true);
  return buf;
}

/**
 * Metadata key = NIST SP800-108 counter-mode KDF, one iteration, PRF = AES-CMAC keyed with the
 * user wrap key (spec vector: key 000102..0f, nonce 20..3f -> 70ed96c7236900467f5461579ab272f8).
 */
export function deriveMetadataKey(crypto: PfCrypto, wrapKey: Uint8Array, nonce: Uint8Array): Uint8Array {
  checkWrapKey(wrapKey);
  return crypto.cmac(wrapKey, kdfInput(nonce));
}
