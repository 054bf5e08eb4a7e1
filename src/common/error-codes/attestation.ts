import { defineCodes } from "./types.ts";

/** Attestation evidence, verification, validation and the simulated TEE (`src/attestation`). Codes start with `ATT_`. */
export const attestationCodes = defineCodes({
  ATT_QUOTE_TRUNCATED: {
    summary: "The DCAP quote ends before a field it declares (header, body, signature data or certification data).",
    fix: "Send the complete quote bytes as produced by the quoting enclave or configfs-tsm; the message names the field.",
    status: "INVALID_ARGUMENT",
  },
  ATT_QUOTE_TOO_LARGE: {
    summary: "The evidence is larger than the verifier accepts (64 KiB for a DCAP quote).",
    fix: "Send only the quote; certificates belong inside the quote or in the collateral.",
    status: "INVALID_ARGUMENT",
  },
  ATT_QUOTE_MALFORMED: {
    summary:
      "The DCAP quote is structurally invalid: inconsistent lengths, non-zero trailing bytes, or a size field that contradicts its contents.",
    fix: "Check the quote is an unmodified SGX v3 or TDX v4/v5 quote.",
    status: "INVALID_ARGUMENT",
  },
  ATT_QUOTE_UNSUPPORTED_VERSION: {
    summary: "The quote version is not 3 (SGX), 4 or 5 (TDX/SGX), or does not match the TEE type.",
    fix: "Only Intel DCAP ECDSA quotes v3, v4 and v5 are supported.",
    status: "INVALID_ARGUMENT",
  },
  ATT_QUOTE_UNSUPPORTED_KEY_TYPE: {
    summary: "The attestation key type is not 2 (ECDSA-256-with-P-256).",
    fix: "Use a DCAP quote signed with an ECDSA P-256 attestation key.",
    status: "INVALID_ARGUMENT",
  },
  ATT_QUOTE_UNSUPPORTED_TEE: {
    summary:
      "The quote's TEE type is neither SGX (0) nor TDX (0x81), or differs from the TEE the verifier was asked for.",
    fix: "Pass the evidence to the verifier of its TEE kind (or omit --tee to detect it).",
    status: "INVALID_ARGUMENT",
  },
  ATT_QUOTE_VENDOR_MISMATCH: {
    summary: "The quote's QE vendor ID is not Intel's (939A7233F79C4CA9940A0DB3957F0607).",
    fix: "Only quotes produced by Intel's quoting enclaves are supported.",
    status: "INVALID_ARGUMENT",
  },
  ATT_QUOTE_BODY_MISMATCH: {
    summary:
      "A v5 quote's body type or body size does not match the TEE type (1 = SGX 384 bytes, 2 = TD 1.0 584 bytes, 3 = TD 1.5 648 bytes).",
    fix: "Check the quote is an unmodified v5 quote.",
    status: "INVALID_ARGUMENT",
  },
  ATT_QUOTE_CERT_DATA_UNSUPPORTED: {
    summary: "The quote's certification data type is not allowed here (SGX v3: 1..5; TDX: 6 wrapping 1..5).",
    fix: "Configure the quote provider to embed the PCK certificate chain (type 5).",
    status: "INVALID_ARGUMENT",
  },
  ATT_PCK_MISSING: {
    summary:
      "The quote carries no PCK certificate chain (certification data type 1..4) and the collateral supplies none.",
    fix: "Provide the PCK certificate chain in the collateral, or use quotes with certification data type 5.",
    status: "FAILED_PRECONDITION",
  },
  ATT_CERT_MALFORMED: {
    summary:
      "A certificate (PEM or DER) in the quote or collateral cannot be parsed, or uses an algorithm other than ECDSA P-256 with SHA-256.",
    fix: "Check the certificate chain is complete and unmodified.",
    status: "INVALID_ARGUMENT",
  },
  ATT_CERT_CHAIN_INVALID: {
    summary:
      "A certificate chain does not have the required shape (PCK leaf, PCK Processor/Platform CA, SGX Root CA; or TCB Signing, Root CA), or a CA lacks the CA basic constraint.",
    fix: "Send the full chain as issued by Intel PCS/PCCS (or the simulated TEE).",
    status: "UNAUTHENTICATED",
  },
  ATT_CERT_SIGNATURE_INVALID: {
    summary: "A certificate in a chain is not signed by its issuer.",
    fix: "The chain was tampered with or assembled from different issuers; fetch it again.",
    status: "UNAUTHENTICATED",
  },
  ATT_CERT_EXPIRED: {
    summary: "A certificate in a chain is not valid at the verification time (before notBefore or after notAfter).",
    fix: "Check the verification time, or obtain a current certificate.",
    status: "UNAUTHENTICATED",
  },
  ATT_CHAIN_UNTRUSTED: {
    summary:
      "The chain's root certificate is not the configured trust anchor (by default the Intel SGX Root CA), or is not self-signed.",
    fix: "Use evidence from a genuine platform, or configure the matching root (--root) for test/simulated platforms.",
    status: "UNAUTHENTICATED",
  },
  ATT_PCK_EXTENSION_INVALID: {
    summary:
      "The PCK certificate lacks a well-formed SGX extension (OID 1.2.840.113741.1.13.1) with FMSPC, PCE-ID, TCB components and PCESVN.",
    fix: "The PCK certificate is not an Intel SGX PCK certificate; fetch it again.",
    status: "UNAUTHENTICATED",
  },
  ATT_CRL_MALFORMED: {
    summary: "A certificate revocation list in the collateral cannot be parsed.",
    fix: "Fetch the CRL again from PCS/PCCS (DER or hex of DER).",
    status: "INVALID_ARGUMENT",
  },
  ATT_CRL_SIGNATURE_INVALID: {
    summary: "A CRL is not signed by its issuer (the root CA for the root CRL, the PCK CA for the PCK CRL).",
    fix: "Fetch the CRLs again; they may belong to a different chain.",
    status: "UNAUTHENTICATED",
  },
  ATT_CRL_EXPIRED: {
    summary: "A CRL is not valid at the verification time (before thisUpdate or after nextUpdate).",
    fix: "Refresh the collateral, or check the verification time.",
    status: "FAILED_PRECONDITION",
  },
  ATT_CRL_ISSUER_MISMATCH: {
    summary:
      "A CRL's issuer does not match the certificate it must cover (PCK CRL issuer vs PCK certificate issuer, root CRL vs root).",
    fix: "Fetch the PCK CRL for the right CA type (processor or platform).",
    status: "UNAUTHENTICATED",
  },
  ATT_PCK_REVOKED: {
    summary: "The PCK certificate is listed in the PCK CRL.",
    fix: "The platform's attestation key is revoked; the platform cannot be trusted.",
    status: "PERMISSION_DENIED",
  },
  ATT_CA_REVOKED: {
    summary: "An intermediate CA or the TCB signing certificate is listed in the root CA CRL.",
    fix: "The issuing CA is revoked; nothing it signed can be trusted.",
    status: "PERMISSION_DENIED",
  },
  ATT_COLLATERAL_MALFORMED: {
    summary:
      "The collateral bundle is not valid JSON of the expected shape (pck_crl_issuer_chain, root_ca_crl, pck_crl, tcb_info_issuer_chain, tcb_info, tcb_info_signature, qe_identity_issuer_chain, qe_identity, qe_identity_signature).",
    fix: "Produce the bundle in the dcap-qvl QuoteCollateralV3 JSON shape (see docs/attestation-policy.md).",
    status: "INVALID_ARGUMENT",
  },
  ATT_COLLATERAL_UNAVAILABLE: {
    summary: "Collateral for this platform (FMSPC, CA type, TEE) could not be obtained.",
    fix: "Check the collateral file or the PCCS URL and its reachability.",
    status: "UNAVAILABLE",
  },
  ATT_PCS_RESPONSE_INVALID: {
    summary: "The PCS/PCCS server answered with an error status or a response missing a required header or body.",
    fix: "Check the PCCS URL (\u2026/sgx/certification/v4/) and that the PCCS has collateral for this FMSPC.",
    status: "UNAVAILABLE",
  },
  ATT_TCB_INFO_MALFORMED: {
    summary: "The TCB info JSON is malformed or lacks required fields.",
    fix: "Fetch the TCB info again from PCS/PCCS.",
    status: "INVALID_ARGUMENT",
  },
  ATT_TCB_INFO_SIGNATURE_INVALID: {
    summary: "The TCB info signature does not verify with the TCB Signing certificate over the exact signed text.",
    fix: "The TCB info was modified; fetch it again.",
    status: "UNAUTHENTICATED",
  },
  ATT_TCB_INFO_EXPIRED: {
    summary: "The TCB info is not valid at the verification time (before issueDate or after nextUpdate).",
    fix: "Refresh the collateral, or check the verification time.",
    status: "FAILED_PRECONDITION",
  },
  ATT_TCB_INFO_MISMATCH: {
    summary: "The TCB info does not belong to this quote (FMSPC, PCE-ID, or SGX/TDX id and version differ).",
    fix: "Fetch the TCB info for the FMSPC in the PCK certificate and the quote's TEE type.",
    status: "UNAUTHENTICATED",
  },
  ATT_QE_IDENTITY_MALFORMED: {
    summary: "The QE identity JSON is malformed or lacks required fields.",
    fix: "Fetch the QE identity again from PCS/PCCS.",
    status: "INVALID_ARGUMENT",
  },
  ATT_QE_IDENTITY_SIGNATURE_INVALID: {
    summary: "The QE identity signature does not verify with the TCB Signing certificate over the exact signed text.",
    fix: "The QE identity was modified; fetch it again.",
    status: "UNAUTHENTICATED",
  },
  ATT_QE_IDENTITY_EXPIRED: {
    summary: "The QE identity is not valid at the verification time (before issueDate or after nextUpdate).",
    fix: "Refresh the collateral, or check the verification time.",
    status: "FAILED_PRECONDITION",
  },
  ATT_QE_IDENTITY_MISMATCH: {
    summary: "The quoting enclave does not match the QE identity (id, MISCSELECT, attributes, MRSIGNER or ISVPRODID).",
    fix: "The quote was not produced by a genuine Intel quoting enclave for this TEE type.",
    status: "UNAUTHENTICATED",
  },
  ATT_QE_REPORT_SIGNATURE_INVALID: {
    summary: "The QE report signature does not verify with the PCK certificate's key.",
    fix: "The quote was tampered with or the PCK chain belongs to another platform.",
    status: "UNAUTHENTICATED",
  },
  ATT_QE_REPORT_DATA_MISMATCH: {
    summary: "The QE report data is not SHA-256(attestation key || QE auth data) followed by zeros.",
    fix: "The attestation key is not bound to the quoting enclave; the quote was tampered with.",
    status: "UNAUTHENTICATED",
  },
  ATT_QUOTE_SIGNATURE_INVALID: {
    summary: "The quote signature does not verify with the attestation key over the header and body.",
    fix: "The quote header or body was modified after signing.",
    status: "UNAUTHENTICATED",
  },
  ATT_TDX_MODULE_MISMATCH: {
    summary:
      "The TDX module (MRSIGNERSEAM, SEAM attributes, module version) does not match the TCB info's TDX module identities.",
    fix: "The TD runs on an unknown TDX module; refresh the TCB info.",
    status: "UNAUTHENTICATED",
  },
  ATT_TCB_NOT_SUPPORTED: {
    summary:
      "No TCB level in the collateral matches the platform (PCK TCB components, PCESVN, TDX components, module or QE ISVSVN).",
    fix: "The platform's TCB is older than any level Intel lists; update the platform.",
    status: "PERMISSION_DENIED",
  },
  ATT_TCB_REVOKED: {
    summary: "The platform, TDX module or quoting enclave TCB level is Revoked (TCB status Revoked).",
    fix: "Update the platform microcode/firmware; revoked platforms cannot be trusted.",
    status: "PERMISSION_DENIED",
  },
  ATT_TCB_STATUS_UNRECOGNIZED: {
    summary: "A TCB level in the collateral has a status the verifier does not know.",
    fix: "Update Sealed, or fetch TCB info of a supported version.",
    status: "UNAUTHENTICATED",
  },
  ATT_TEE_UNSUPPORTED: {
    summary: "No verifier is available for this TEE kind in this build.",
    fix: "Use sgx, tdx or snp (snp needs the SEV-SNP part).",
    status: "INVALID_ARGUMENT",
  },
  ATT_POLICY_INVALID: {
    summary: "The attestation policy file is not valid JSON of the documented shape.",
    fix: "See docs/attestation-policy.md for the fields and their formats.",
    status: "INVALID_ARGUMENT",
  },
  ATT_POLICY_TEE: {
    summary: "The evidence's TEE kind is not the one the policy requires.",
    fix: "Use evidence from the TEE the policy names, or change the policy's `tee`.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_TRUST_ANCHOR: {
    summary: "The evidence chains to a trust anchor the policy does not accept.",
    fix: 'Accept the anchor in the policy\'s `trustAnchors` (e.g. only "intel-sgx-root" in production).',
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_TCB_STATUS: {
    summary: "The TCB status is not among the policy's accepted statuses (default: UpToDate only).",
    fix: "Update the platform, or list the status in `acceptedTcbStatuses` after reviewing the advisories.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_ADVISORY: {
    summary: "The evidence is affected by an advisory the policy rejects.",
    fix: "Update the platform, or remove the advisory from `rejectedAdvisoryIds`.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_DEBUG: {
    summary: "The enclave, TD or guest runs in debug mode and the policy does not allow debug.",
    fix: "Run a production (non-debug) build, or set `allowDebug` for testing only.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_REPORT_DATA: {
    summary: "The report data does not equal the value the policy expects.",
    fix: "The evidence is not bound to the expected nonce/key; request fresh evidence.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_MRENCLAVE: {
    summary: "The SGX MRENCLAVE is not one the policy accepts.",
    fix: "Deploy the expected enclave build or add its MRENCLAVE to the policy.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_MRSIGNER: {
    summary: "The SGX MRSIGNER is not one the policy accepts.",
    fix: "Sign the enclave with the expected key or add its MRSIGNER to the policy.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_ISVPRODID: {
    summary: "The SGX ISVPRODID differs from the policy's.",
    fix: "Deploy the expected product or correct `isvProdId`.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_ISVSVN: {
    summary: "The SGX ISVSVN is below the policy's minimum.",
    fix: "Deploy a newer enclave or lower `minIsvSvn`.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_MRTD: {
    summary: "The TDX MRTD is not one the policy accepts.",
    fix: "Boot the expected TD image or add its MRTD to the policy.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_RTMR: {
    summary: "A TDX RTMR differs from the policy's expected value.",
    fix: "Check the boot chain measured into the RTMR named in the message.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_MRCONFIGID: {
    summary: "The TDX MRCONFIGID differs from the policy's.",
    fix: "Launch the TD with the expected configuration ID.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_TD_ATTRIBUTES: {
    summary: "The TD attributes differ from the policy's expected value.",
    fix: "Launch the TD with the expected attributes (e.g. SEPT_VE_DISABLE set, DEBUG clear).",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_XFAM: {
    summary: "The TD XFAM differs from the policy's expected value.",
    fix: "Launch the TD with the expected XFAM.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_MEASUREMENT: {
    summary: "The SEV-SNP launch measurement is not one the policy accepts.",
    fix: "Launch the expected guest image or add its measurement to the policy.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_SNP_POLICY: {
    summary: "The SEV-SNP guest policy differs from the policy's expected value.",
    fix: "Launch the guest with the expected policy.",
    status: "PERMISSION_DENIED",
  },
  ATT_POLICY_VMPL: {
    summary: "The SEV-SNP VMPL differs from the policy's expected value.",
    fix: "Request the report from the expected VMPL.",
    status: "PERMISSION_DENIED",
  },
});
