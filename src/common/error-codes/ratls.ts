import { defineCodes } from "./types.ts";

/** RA-TLS certificates (`src/ratls`). Codes start with `RATLS_`. */
export const ratlsCodes = defineCodes({
  RATLS_CERT_PARSE: {
    summary: "The RA-TLS certificate is not a parsable X.509 certificate.",
    fix: "Pass the DER or PEM certificate presented by the server.",
    status: "INVALID_ARGUMENT",
  },
  RATLS_CERT_SIGNATURE: {
    summary: "The RA-TLS certificate's self-signature does not verify with its own key.",
    fix: "The certificate was modified after it was made.",
    status: "PERMISSION_DENIED",
  },
  RATLS_KEY_UNSUPPORTED: {
    summary: "The RA-TLS certificate key is not an ECDSA P-256/P-384 key.",
    fix: "RA-TLS certificates use NIST P-384 (P-256 is accepted).",
    status: "INVALID_ARGUMENT",
  },
  RATLS_NO_EVIDENCE: {
    summary:
      "The certificate carries neither the TCG tagged-evidence extension nor the legacy Gramine quote extension.",
    fix: "The peer is not an RA-TLS endpoint; make the certificate inside the TEE.",
    status: "PERMISSION_DENIED",
  },
  RATLS_EXTENSION_MALFORMED: {
    summary:
      "An RA-TLS extension is malformed (critical flag set, wrong OCTET STRING length form, or evidence outside 128..8192 bytes).",
    fix: "Re-create the certificate with a conforming RA-TLS implementation.",
    status: "INVALID_ARGUMENT",
  },
  RATLS_CBOR_MALFORMED: {
    summary: "The TCG tagged-evidence CBOR is malformed or not tag(60000)[bstr evidence, bstr claims].",
    fix: "Re-create the certificate; the extension must hold CBOR tag 60000 over a two-element array of byte strings.",
    status: "INVALID_ARGUMENT",
  },
  RATLS_CLAIMS_INVALID: {
    summary:
      'The TCG claims are not the map {"pubkey-hash": bstr([alg, bstr(hash)])} with a supported hash algorithm (1 SHA-256, 7 SHA-384, 8 SHA-512).',
    fix: "Re-create the certificate with a conforming RA-TLS implementation.",
    status: "INVALID_ARGUMENT",
  },
  RATLS_PUBKEY_HASH_MISMATCH: {
    summary: "The pubkey-hash in the TCG claims is not the hash of this certificate's public key.",
    fix: "The evidence was made for another key; the certificate is not trustworthy.",
    status: "PERMISSION_DENIED",
  },
  RATLS_REPORT_DATA_MISMATCH: {
    summary:
      "The evidence's report data is not the hash of this certificate's claims (TCG) or public key (legacy): the quote belongs to another certificate.",
    fix: "The evidence was swapped in from elsewhere; the certificate is not trustworthy.",
    status: "PERMISSION_DENIED",
  },
  RATLS_REPORT_DATA_PADDING: {
    summary: "The last 32 bytes of the evidence's report data are not zero.",
    fix: "The evidence was not made for an RA-TLS certificate.",
    status: "PERMISSION_DENIED",
  },
  RATLS_EVIDENCE_KIND: {
    summary: "The evidence in the certificate is neither an SGX/TDX DCAP quote nor a SEV-SNP report.",
    fix: "Re-create the certificate with evidence from a supported TEE.",
    status: "INVALID_ARGUMENT",
  },
  RATLS_EVIDENCE_SIZE: {
    summary: "The evidence to embed is outside 256..8192 bytes (the legacy extension needs a 2-byte length).",
    fix: "The evidence provider returned an unexpected quote; check the platform.",
    status: "INVALID_ARGUMENT",
  },
});
