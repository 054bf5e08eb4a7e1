/** Test-only loaders for the shared attestation vectors (read in place, never copied). */
import { readVector } from "../../../testing/vectors.ts";
import { type Collateral, loadCollateralBundle } from "../../collateral/collateral.ts";
import { parseIsoUtc } from "../../collateral/iso-time.ts";
import { loadCollateralFiles } from "../../collateral/sample-dir.ts";

export const SGX_QUOTE = "attestation/sgx-dcap/sgx_quote";
export const SGX_COLLATERAL = "attestation/sgx-dcap/sgx_quote_collateral.json";
export const SGX_TIME_S = 1752919277;
export const SGX_WINDOW_S = [1750330571, 1752919278] as const;
export const TDX_QUOTE = "attestation/tdx-dcap/tdx_quote";
export const TDX_COLLATERAL = "attestation/tdx-dcap/tdx_quote_collateral.json";
export const TDX_TIME_S = 1752919234;
export const TDX_WINDOW_S = [1750329147, 1752919235] as const;
export const INTEL_ROOT = "attestation/intel-sgx-root-ca.der";
export const SYNTHETIC = (tee: "sgx" | "tdx", file: string) => `attestation/intel-synthetic/${tee}/${file}`;
/** A time inside every validity window of Intel's synthetic sample data. */
export const SYNTHETIC_TIME_MS = parseIsoUtc("2025-01-01T00:00:00Z")!;

export const sgxCollateral = (): Collateral => loadCollateralBundle(readVector(SGX_COLLATERAL).toString("utf8"));
export const tdxCollateral = (): Collateral => loadCollateralBundle(readVector(TDX_COLLATERAL).toString("utf8"));

/** Intel's synthetic sample files assembled as collateral (PCK chain given separately, as QVL's sample app does). */
export function syntheticCollateral(tee: "sgx" | "tdx"): Collateral {
  return loadCollateralFiles((name) => {
    try {
      return readVector(SYNTHETIC(tee, name));
    } catch {
      return undefined; // optional file (e.g. pckCert.pem) absent
    }
  });
}

/** Asserts that `fn` throws a SealedError with `code` (returns the error). */
export async function rejectsWith(fn: () => unknown, code: string): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const got = (err as { code?: string }).code;
    if (got !== code) throw new Error(`expected ${code}, got ${got ?? String(err)}`, { cause: err });
    return;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}
