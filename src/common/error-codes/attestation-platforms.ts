import { defineCodes } from "./types.ts";

/** AMD SEV-SNP, the simulated TEE and evidence providers (`src/attestation/{snp,sim,providers}`). Codes start with `ATT_`. */
export const attestationPlatformCodes = defineCodes({
  ATT_SNP_TRUNCATED: {
    summary: "The SEV-SNP attestation report is not exactly 1184 (0x4A0) bytes.",
    fix: "Pass the raw report as returned by the guest (configfs-tsm outblob or /dev/sev-guest), without framing.",
    status: "INVALID_ARGUMENT",
  },
  ATT_SNP_VERSION: {
    summary: "The SEV-SNP report version is not supported (only versions 2 and 3 are).",
    fix: "Use a report from a supported SNP firmware, or update Sealed.",
    status: "INVALID_ARGUMENT",
  },
  ATT_SNP_SIG_ALGO: {
    summary: "The SEV-SNP report names a signature algorithm other than ECDSA P-384 with SHA-384 (1).",
    fix: "The report is corrupt or from an unsupported platform.",
    status: "INVALID_ARGUMENT",
  },
  ATT_SNP_MALFORMED: {
    summary:
      "A SEV-SNP report field is malformed: a reserved area is not zero, a policy must-be-one bit is clear, or the VMPL is out of range.",
    fix: "The report is corrupt; obtain a fresh one.",
    status: "INVALID_ARGUMENT",
  },
  ATT_SNP_CERT_MISSING: {
    summary: "No VCEK/VLEK certificate was supplied with the SEV-SNP report.",
    fix: "Pass the VCEK (from AMD KDS or the configfs-tsm auxblob) along with the report.",
    status: "FAILED_PRECONDITION",
  },
  ATT_SNP_CERT_PARSE: {
    summary:
      "A SEV-SNP certificate (VCEK, VLEK, ASK or ARK) could not be parsed, or has the wrong key type or required extension missing.",
    fix: "Supply the DER or PEM certificate exactly as AMD KDS serves it.",
    status: "INVALID_ARGUMENT",
  },
  ATT_SNP_UNTRUSTED_ROOT: {
    summary: "The SEV-SNP ARK is not one of the trusted AMD root keys (Milan) or the configured trust anchor.",
    fix: "Use AMD's genuine ARK for the product, or name the intended root explicitly.",
    status: "PERMISSION_DENIED",
  },
  ATT_SNP_CHAIN_SIGNATURE: {
    summary:
      "A SEV-SNP certificate signature (ARK self-signature, ASK by ARK, or VCEK by ASK) does not verify (RSASSA-PSS SHA-384).",
    fix: "The certificate chain was tampered with or mixed between products; fetch it again from AMD KDS.",
    status: "PERMISSION_DENIED",
  },
  ATT_SNP_CERT_EXPIRED: {
    summary: "The verification time is outside the validity period of the VCEK, ASK or ARK.",
    fix: "Check the verification time; fetch a current VCEK from AMD KDS.",
    status: "FAILED_PRECONDITION",
  },
  ATT_SNP_REPORT_SIGNATURE: {
    summary: "The SEV-SNP report signature (ECDSA P-384 over bytes 0..0x2A0) does not verify with the VCEK key.",
    fix: "The report was modified or the VCEK belongs to another chip or TCB.",
    status: "PERMISSION_DENIED",
  },
  ATT_SNP_TCB_MISMATCH: {
    summary: "The VCEK's TCB extensions (blSPL, teeSPL, snpSPL, ucodeSPL) do not match the report's REPORTED_TCB.",
    fix: "Fetch the VCEK for the report's reported TCB from AMD KDS.",
    status: "PERMISSION_DENIED",
  },
  ATT_SNP_CHIP_ID_MISMATCH: {
    summary: "The VCEK's hwID extension does not match the report's CHIP_ID.",
    fix: "Fetch the VCEK for this chip from AMD KDS.",
    status: "PERMISSION_DENIED",
  },
  ATT_SNP_KEY_KIND: {
    summary:
      "The report's SIGNING_KEY field does not match the supplied certificate kind (VCEK vs VLEK), or names no key.",
    fix: "Supply the VLEK for VLEK-signed reports and the VCEK otherwise.",
    status: "PERMISSION_DENIED",
  },
  ATT_SIM_NOT_INITIALIZED: {
    summary: "The simulated TEE directory does not exist or lacks its keys and certificates.",
    fix: "Run `sealed sim init [--dir DIR]` first (default directory `.sealed-sim`).",
    status: "FAILED_PRECONDITION",
  },
  ATT_SIM_STATE_INVALID: {
    summary: "The simulated TEE directory holds a file that cannot be parsed.",
    fix: "Re-create it with `sealed sim init --force`.",
    status: "FAILED_PRECONDITION",
  },
  ATT_SIM_ALREADY_EXISTS: {
    summary: "The simulated TEE directory is already initialised.",
    fix: "Use `--refresh` to re-sign the collateral, or `--force` to create a new platform.",
    status: "ALREADY_EXISTS",
  },
  ATT_REPORT_DATA_SIZE: {
    summary: "Report data must be at most 64 bytes.",
    fix: "Pass 64 bytes or fewer (shorter values are zero-padded).",
    status: "INVALID_ARGUMENT",
  },
  ATT_MEASUREMENT_SIZE: {
    summary: "A measurement has the wrong length (32 bytes for SGX MRENCLAVE, 48 for TDX MRTD).",
    fix: "Pass the measurement printed by `sealed measure` (add `--tdx` for a 48-byte MRTD).",
    status: "INVALID_ARGUMENT",
  },
  ATT_PROVIDER_UNAVAILABLE: {
    summary: "The attestation device or interface (/dev/attestation or configfs-tsm) is not present.",
    fix: 'Run inside Gramine with `sgx.remote_attestation = "dcap"`, or in a TDX/SNP guest with configfs-tsm (Linux >= 6.7), or use `--tee sim`.',
    status: "UNAVAILABLE",
  },
  ATT_PROVIDER_TYPE: {
    summary:
      'The attestation interface reports an unsupported type (Gramine attestation_type is not "dcap", or the configfs-tsm provider is not tdx_guest/sev_guest).',
    fix: "Enable DCAP attestation in the Gramine manifest, or use a TDX or SEV-SNP guest.",
    status: "FAILED_PRECONDITION",
  },
  ATT_PROVIDER_IO: {
    summary: "Reading or writing the attestation interface failed.",
    fix: "Check permissions on /dev/attestation or /sys/kernel/config/tsm/report; the message names the file and the system error.",
    status: "UNAVAILABLE",
  },
  ATT_PROVIDER_RACE: {
    summary: "The configfs-tsm report generation changed between write and read (another writer used the same entry).",
    fix: "Retry; each request uses a fresh entry, so this indicates a concurrent writer.",
    status: "ABORTED",
  },
  ATT_PROVIDER_EMPTY: {
    summary: "The attestation interface returned empty or oversized evidence.",
    fix: "Check the platform's quoting service (QE/QGS for TDX, the PSP for SNP).",
    status: "UNAVAILABLE",
  },
});
