/**
 * Public surface of the RA-TLS part (docs/ratls.md). Other parts import from here only.
 */
export { type CreateRatlsOptions, createRatlsCertificate, type RatlsCertificate } from "./create.ts";
export { evidenceShape } from "./evidence-kind.ts";
export { extractRatls, type RatlsContents } from "./extract.ts";
export { LEGACY_OID, LEGACY_OID_DER, TCG_EVIDENCE_TAG, TCG_OID, TCG_OID_DER } from "./formats.ts";
export {
  type EvidenceVerifier,
  extractBoundEvidence,
  type RatlsEvidence,
  type RatlsVerifyOptions,
  verifyRatlsCertificate,
} from "./verify.ts";
