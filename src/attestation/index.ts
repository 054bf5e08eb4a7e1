/**
 * Public surface of the attestation part. Other parts import from here only.
 */
export type { Collateral, CollateralParts } from "./collateral/collateral.ts";
export { loadCollateralBundle, parseCollateral, splitSignedBody } from "./collateral/collateral.ts";
export { createPcsCollateralSource, type Fetcher, type PcsClientOptions } from "./collateral/pcs-client.ts";
export { type FileReader, loadCollateralFiles } from "./collateral/sample-dir.ts";
export { type CollateralRequest, type CollateralSource, staticCollateralSource } from "./collateral/source.ts";
export { quoteClaims } from "./dcap/claims.ts";
export { INTEL_SGX_ROOT_CA_DER, INTEL_SGX_ROOT_CA_SHA256, INTEL_TRUST_ANCHOR_NAME } from "./dcap/intel-root.ts";
export { type DcapQuote, parseDcapQuote } from "./dcap/quote.ts";
export { createDcapVerifier, type DcapVerifierOptions, trustAnchorName } from "./dcap/verifier.ts";
export { type DcapVerification, verifyDcapQuote } from "./dcap/verify-quote.ts";
export { detectTee } from "./detect.ts";
export { parseCertificate, parseCertificateList } from "./pki/certificate.ts";
export { createVerifier, type VerifierDeps } from "./registry.ts";
export { type Policy, parsePolicy, type SgxPolicy, type SnpPolicy, type TdxPolicy } from "./validate/policy.ts";
export { validateClaims } from "./validate/validate.ts";
export type { Evidence, TcbStatus, TeeKind, VerifiedClaims, Verifier, VerifyOptions } from "./verifier.ts";
