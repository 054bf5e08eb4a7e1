import { SealedError } from "../../common/errors.ts";
import * as L from "./layout.ts";

/** Milan/Genoa TCB_VERSION: byte 0 boot loader, 1 TEE, 6 SNP firmware, 7 microcode SPL. */
export interface SnpTcb {
  readonly bl: number;
  readonly tee: number;
  readonly snp: number;
  readonly ucode: number;
  readonly raw: bigint;
}

export type SnpSigningKey = "vcek" | "vlek" | "none";

/** A parsed SEV-SNP attestation report: structure only, nothing here is verified. */
export interface SnpReport {
  readonly version: number;
  readonly guestSvn: number;
  readonly policy: bigint;
  readonly familyId: Uint8Array;
  readonly imageId: Uint8Array;
  readonly vmpl: number;
  readonly signatureAlgo: number;
  readonly currentTcb: SnpTcb;
  readonly platformInfo: bigint;
  readonly authorKeyEn: boolean;
  readonly maskChipKey: boolean;
  readonly signingKey: SnpSigningKey;
  readonly reportData: Uint8Array;
  readonly measurement: Uint8Array;
  readonly hostData: Uint8Array;
  readonly idKeyDigest: Uint8Array;
  readonly authorKeyDigest: Uint8Array;
  readonly reportId: Uint8Array;
  readonly reportIdMa: Uint8Array;
  readonly reportedTcb: SnpTcb;
  readonly chipId: Uint8Array;
  readonly committedTcb: SnpTcb;
  readonly launchTcb: SnpTcb;
  /** Bytes [0, 0x2A0): what the signature covers. */
  readonly signedBytes: Uint8Array;
  /** ECDSA r and s as 48-byte big-endian integers (converted from the report's little-endian). */
  readonly signatureR: Uint8Array;
  readonly signatureS: Uint8Array;
}

/** Policy bit 17 is reserved and must be one (ABI spec, GUEST_POLICY). */
const POLICY_MBO = 1n << 17n;
/** Policy bits 25..63 are reserved, must be zero. */
const POLICY_MBZ = ~((1n << 25n) - 1n) & 0xffff_ffff_ffff_ffffn;

function tcbOf(v: bigint): SnpTcb {
  const byte = (i: number) => Number((v >> BigInt(8 * i)) & 0xffn);
  return Object.freeze({ bl: byte(0), tee: byte(1), snp: byte(6), ucode: byte(7), raw: v });
}

function allZero(b: Uint8Array): boolean {
  return b.every((x) => x === 0);
}

/** Converts a 72-byte little-endian field to a 48-byte big-endian scalar; the top 24 bytes must be 0. */
function scalarOf(field: Uint8Array, name: string): Uint8Array {
  if (!allZero(field.subarray(48))) {
    throw new SealedError("ATT_SNP_MALFORMED", `signature ${name} does not fit in 48 bytes`);
  }
  return Uint8Array.from(field.subarray(0, 48)).reverse();
}

/**
 * Parses a 1184-byte SEV-SNP attestation report (v2/v3) into a frozen structure. Checks the size,
 * version, signature algorithm, VMPL range, policy must-be-one/zero bits and reserved areas.
 */
export function parseSnpReport(bytes: Uint8Array): SnpReport {
  if (bytes.length !== L.REPORT_SIZE) {
    throw new SealedError("ATT_SNP_TRUNCATED", `SNP report is ${bytes.length} bytes, expected ${L.REPORT_SIZE}`);
  }
  const b = Uint8Array.from(bytes);
  const v = new DataView(b.buffer);
  const u32 = (o: number) => v.getUint32(o, true);
  const u64 = (o: number) => v.getBigUint64(o, true);
  const slice = (o: number, n: number) => b.slice(o, o + n);

  const version = u32(L.VERSION);
  if (version !== 2 && version !== 3) {
    throw new SealedError("ATT_SNP_VERSION", `SNP report version ${version} is not supported (2 or 3)`);
  }
  const signatureAlgo = u32(L.SIGNATURE_ALGO);
  if (signatureAlgo !== L.SIG_ALGO_ECDSA_P384_SHA384) {
    throw new SealedError("ATT_SNP_SIG_ALGO", `SNP signature algorithm ${signatureAlgo} is not ECDSA P-384 SHA-384`);
  }
  const vmpl = u32(L.VMPL);
  if (vmpl > 3) throw new SealedError("ATT_SNP_MALFORMED", `VMPL ${vmpl} is out of range 0..3`);
  const policy = u64(L.POLICY);
  if ((policy & POLICY_MBO) === 0n || (policy & POLICY_MBZ) !== 0n) {
    throw new SealedError("ATT_SNP_MALFORMED", `guest policy 0x${policy.toString(16)} has invalid reserved bits`);
  }
  const flags = u32(L.KEY_FLAGS);
  if (flags >>> 5 !== 0) throw new SealedError("ATT_SNP_MALFORMED", "key flags reserved bits are set");
  const keySel = (flags >>> 2) & 7;
  const signingKey: SnpSigningKey = keySel === 0 ? "vcek" : keySel === 1 ? "vlek" : "none";
  if (keySel > 1 && keySel !== 7) {
    throw new SealedError("ATT_SNP_MALFORMED", `SIGNING_KEY ${keySel} is reserved`);
  }
  const reserved: [number, number][] = [
    [L.RESERVED0, 4],
    [version === 2 ? L.CPUID : L.RESERVED1, version === 2 ? 24 : 21],
    [L.CURRENT_VERSION + 3, 1],
    [L.COMMITTED_VERSION + 3, 1],
    [L.RESERVED2, L.SIGNATURE - L.RESERVED2],
    [L.SIG_RESERVED, L.REPORT_SIZE - L.SIG_RESERVED],
  ];
  for (const [o, n] of reserved) {
    if (!allZero(b.subarray(o, o + n))) {
      throw new SealedError("ATT_SNP_MALFORMED", `reserved bytes at 0x${o.toString(16)} are not zero`);
    }
  }
  return Object.freeze({
    version,
    guestSvn: u32(L.GUEST_SVN),
    policy,
    familyId: slice(L.FAMILY_ID, 16),
    imageId: slice(L.IMAGE_ID, 16),
    vmpl,
    signatureAlgo,
    currentTcb: tcbOf(u64(L.CURRENT_TCB)),
    platformInfo: u64(L.PLATFORM_INFO),
    authorKeyEn: (flags & 1) !== 0,
    maskChipKey: (flags & 2) !== 0,
    signingKey,
    reportData: slice(L.REPORT_DATA, 64),
    measurement: slice(L.MEASUREMENT, 48),
    hostData: slice(L.HOST_DATA, 32),
    idKeyDigest: slice(L.ID_KEY_DIGEST, 48),
    authorKeyDigest: slice(L.AUTHOR_KEY_DIGEST, 48),
    reportId: slice(L.REPORT_ID, 32),
    reportIdMa: slice(L.REPORT_ID_MA, 32),
    reportedTcb: tcbOf(u64(L.REPORTED_TCB)),
    chipId: slice(L.CHIP_ID, 64),
    committedTcb: tcbOf(u64(L.COMMITTED_TCB)),
    launchTcb: tcbOf(u64(L.LAUNCH_TCB)),
    signedBytes: slice(0, L.SIGNATURE),
    signatureR: scalarOf(b.subarray(L.SIG_R, L.SIG_R + 72), "r"),
    signatureS: scalarOf(b.subarray(L.SIG_S, L.SIG_S + 72), "s"),
  });
}
