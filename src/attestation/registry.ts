/**
 * The one place that maps a TEE kind to its verifier. Adding a TEE = one folder + one line here.
 */
import { SealedError } from "../common/errors.ts";
import type { CollateralSource } from "./collateral/source.ts";
import { createDcapVerifier } from "./dcap/verifier.ts";
import { snpVerifierFromDeps } from "./snp/verifier.ts";
import type { TeeKind, Verifier } from "./verifier.ts";

/** Dependencies of the verifiers; each verifier reads the ones it needs. */
export interface VerifierDeps {
  /** DCAP (sgx, tdx): where TCB info, QE identity and CRLs come from. */
  readonly collateral?: CollateralSource;
  /** DER of a custom root certificate to trust instead of the vendor root (tests, simulated TEE). */
  readonly trustAnchorDer?: Uint8Array;
  /** Other verifiers' options (e.g. SEV-SNP certificate fetching). */
  readonly [option: string]: unknown;
}

function needCollateral(deps: VerifierDeps): CollateralSource {
  if (!deps.collateral)
    throw new SealedError("ATT_COLLATERAL_UNAVAILABLE", "DCAP verification needs a collateral source");
  return deps.collateral;
}

/** Creates the verifier for `tee`; throws ATT_TEE_UNSUPPORTED when this build has none. */
export function createVerifier(tee: TeeKind, deps: VerifierDeps = {}): Verifier {
  switch (tee) {
    case "sgx":
    case "tdx":
      return createDcapVerifier(tee, { collateral: needCollateral(deps), trustAnchorDer: deps.trustAnchorDer });
    case "snp":
      return snpVerifierFromDeps(deps);
    default:
      throw new SealedError("ATT_TEE_UNSUPPORTED", `no verifier for TEE kind "${String(tee)}"`);
  }
}
