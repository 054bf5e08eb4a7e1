/**
 * The one interface every TEE verifier implements (SGX and TDX via Intel DCAP, AMD SEV-SNP).
 * Verification = signatures, certificate chains, CRLs and collateral; it never reads the clock
 * or the network: the time and the collateral source are parameters. Policy checks against
 * expected measurements live apart, in `validate`.
 */
export type TeeKind = "sgx" | "tdx" | "snp";

/** Intel TCB statuses (QVL names) plus the SNP/other outcome "UpToDate". */
export type TcbStatus =
  | "UpToDate"
  | "SWHardeningNeeded"
  | "ConfigurationNeeded"
  | "ConfigurationAndSWHardeningNeeded"
  | "OutOfDate"
  | "OutOfDateConfigurationNeeded"
  | "TDRelaunchAdvised"
  | "TDRelaunchAdvisedConfigurationNeeded"
  | "Revoked";

/** Evidence as produced by a provider: the raw quote/report plus optional side data. */
export interface Evidence {
  readonly tee: TeeKind;
  /** DCAP quote (SGX/TDX) or SNP attestation report. */
  readonly bytes: Uint8Array;
  /** SNP: VCEK/VLEK (DER or PEM) and ASK/ARK PEM when the platform supplies them. */
  readonly certificates?: readonly Uint8Array[];
}

/** What a successful verification tells about the evidence. Frozen by verifiers. */
export interface VerifiedClaims {
  readonly tee: TeeKind;
  readonly status: TcbStatus;
  readonly advisoryIds: readonly string[];
  /** 64 bytes of report data bound into the evidence. */
  readonly reportData: Uint8Array;
  /** True when the enclave/TD/guest runs in debug mode. */
  readonly debug: boolean;
  /**
   * Flattened, hex-encoded measurement claims, e.g. `mrenclave`, `mrsigner`, `isvprodid`,
   * `isvsvn` (SGX); `mrtd`, `rtmr0`..`rtmr3`, `td_attributes`, `xfam` (TDX); `measurement`,
   * `policy`, `vmpl` (SNP). Numbers are decimal strings.
   */
  readonly claims: Readonly<Record<string, string>>;
  /**
   * Which trust anchor the chain ended at: "intel-sgx-root" for the Intel SGX Root CA,
   * "custom:<sha256 hex of the root DER>" for a configured DCAP root; SNP names its ARK.
   */
  readonly trustAnchor: string;
}

export interface VerifyOptions {
  /** Verification time in milliseconds since the epoch; collateral must be valid at this time. */
  readonly timeMs: number;
}

export interface Verifier {
  readonly tee: TeeKind;
  verify(evidence: Evidence, options: VerifyOptions): Promise<VerifiedClaims>;
}
