/**
 * AMD SEV-SNP ATTESTATION_REPORT layout (SEV-SNP ABI specification 56860, Table "ATTESTATION_REPORT
 * Structure"; versions 2 and 3). All integers little-endian. Each offset is the previous field's
 * end, so fields cannot overlap or leave gaps by accident.
 */
export const VERSION = 0x00;
export const GUEST_SVN = VERSION + 4;
export const POLICY = GUEST_SVN + 4;
export const FAMILY_ID = POLICY + 8;
export const IMAGE_ID = FAMILY_ID + 16;
export const VMPL = IMAGE_ID + 16;
export const SIGNATURE_ALGO = VMPL + 4;
export const CURRENT_TCB = SIGNATURE_ALGO + 4;
export const PLATFORM_INFO = CURRENT_TCB + 8;
/** bit 0 AUTHOR_KEY_EN, bit 1 MASK_CHIP_KEY, bits 2..4 SIGNING_KEY (0 VCEK, 1 VLEK, 7 none). */
export const KEY_FLAGS = PLATFORM_INFO + 8;
export const RESERVED0 = KEY_FLAGS + 4;
export const REPORT_DATA = RESERVED0 + 4;
export const MEASUREMENT = REPORT_DATA + 64;
export const HOST_DATA = MEASUREMENT + 48;
export const ID_KEY_DIGEST = HOST_DATA + 32;
export const AUTHOR_KEY_DIGEST = ID_KEY_DIGEST + 48;
export const REPORT_ID = AUTHOR_KEY_DIGEST + 48;
export const REPORT_ID_MA = REPORT_ID + 32;
export const REPORTED_TCB = REPORT_ID_MA + 32;
/** v3: CPUID_FAM_ID, CPUID_MOD_ID, CPUID_STEP (v2: reserved), then reserved to 0x1A0. */
export const CPUID = REPORTED_TCB + 8;
export const RESERVED1 = CPUID + 3;
export const CHIP_ID = RESERVED1 + 21;
export const COMMITTED_TCB = CHIP_ID + 64;
export const CURRENT_VERSION = COMMITTED_TCB + 8;
export const COMMITTED_VERSION = CURRENT_VERSION + 4;
export const LAUNCH_TCB = COMMITTED_VERSION + 4;
export const RESERVED2 = LAUNCH_TCB + 8;
/** End of the signed region: the signature covers bytes [0, SIGNATURE). */
export const SIGNATURE = RESERVED2 + 168;
/** ECDSA r and s: 72-byte little-endian fields (the top 24 bytes are zero for P-384). */
export const SIG_R = SIGNATURE;
export const SIG_S = SIG_R + 72;
export const SIG_RESERVED = SIG_S + 72;
export const REPORT_SIZE = SIG_RESERVED + 368;

/** Field boundaries (name, offset), in order; the mutation tests truncate at each one. */
export const FIELDS: readonly (readonly [string, number])[] = [
  ["version", VERSION],
  ["guest_svn", GUEST_SVN],
  ["policy", POLICY],
  ["family_id", FAMILY_ID],
  ["image_id", IMAGE_ID],
  ["vmpl", VMPL],
  ["signature_algo", SIGNATURE_ALGO],
  ["current_tcb", CURRENT_TCB],
  ["platform_info", PLATFORM_INFO],
  ["key_flags", KEY_FLAGS],
  ["report_data", REPORT_DATA],
  ["measurement", MEASUREMENT],
  ["host_data", HOST_DATA],
  ["id_key_digest", ID_KEY_DIGEST],
  ["author_key_digest", AUTHOR_KEY_DIGEST],
  ["report_id", REPORT_ID],
  ["report_id_ma", REPORT_ID_MA],
  ["reported_tcb", REPORTED_TCB],
  ["chip_id", CHIP_ID],
  ["committed_tcb", COMMITTED_TCB],
  ["launch_tcb", LAUNCH_TCB],
  ["signature", SIGNATURE],
];

/** SIGNATURE_ALGO value for ECDSA P-384 with SHA-384. */
export const SIG_ALGO_ECDSA_P384_SHA384 = 1;
