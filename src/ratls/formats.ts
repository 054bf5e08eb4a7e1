/**
 * RA-TLS certificate constants (Gramine `tools/sgx/ra-tls/ra_tls_attest.c`,
 * `ra_tls_verify_common.c`; specs/secret-provisioning-ratls.md section D).
 */

/** Gramine's legacy quote extension OID, encoded as Gramine does (decodes as 0.6.9.42.840.113741.1337.6). */
export const LEGACY_OID = "0.6.9.42.840.113741.1337.6";
/** Full DER of the legacy OID: `06 0B 06 09 2A 86 48 86 F8 4D 8A 39 06`. */
export const LEGACY_OID_DER = Uint8Array.of(
  0x06,
  0x0b,
  0x06,
  0x09,
  0x2a,
  0x86,
  0x48,
  0x86,
  0xf8,
  0x4d,
  0x8a,
  0x39,
  0x06,
);
/** Gramine matches with memmem on `06 09 2A 86 48 86 F8 4D 8A 39 06`, which also matches the intended OID. */
export const LEGACY_OID_PATTERN = LEGACY_OID_DER.subarray(2);
/** The correctly encoded intended OID 1.2.840.113741.1337.6 (accepted too). */
export const LEGACY_OID_INTENDED = "1.2.840.113741.1337.6";

/** TCG DICE tagged-evidence extension OID 2.23.133.5.4.9: `06 06 67 81 05 05 04 09`. */
export const TCG_OID = "2.23.133.5.4.9";
export const TCG_OID_DER = Uint8Array.of(0x06, 0x06, 0x67, 0x81, 0x05, 0x05, 0x04, 0x09);

/** CBOR tag Gramine uses for tagged evidence (`D9 EA 60`); used for SGX, TDX and SNP (docs/ratls.md). */
export const TCG_EVIDENCE_TAG = 60000;

/** Evidence size bounds checked by Gramine's verifier. */
export const MIN_EVIDENCE = 128;
export const MAX_EVIDENCE = 8192;

export const SUBJECT = "CN=RATLS,O=GramineDevelopers,C=US";
/** Gramine's default validity: 20010101000000Z .. 20301231235959Z (ms since the epoch). */
export const NOT_BEFORE_MS = 978_307_200_000;
export const NOT_AFTER_MS = 1_924_991_999_000;

/** IANA named-information hash algorithm ids accepted in the claims. */
export const HASH_ALGS: Readonly<Record<number, { name: string; size: number }>> = Object.freeze({
  1: { name: "sha256", size: 32 },
  7: { name: "sha384", size: 48 },
  8: { name: "sha512", size: 64 },
});
