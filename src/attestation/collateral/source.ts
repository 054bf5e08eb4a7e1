/**
 * Where collateral comes from: an interface keyed by what the quote tells (FMSPC and CA type from
 * the PCK certificate, the TEE kind). Implementations: a fixed bundle (offline files) and the
 * PCS/PCCS v4 client (`pcs-client.ts`).
 */
import type { Collateral } from "./collateral.ts";

export interface CollateralRequest {
  /** 12 lowercase hex digits; undefined when the quote does not carry the PCK certificate. */
  readonly fmspc: string | undefined;
  readonly caType: "processor" | "platform";
  readonly tee: "sgx" | "tdx";
}

export interface CollateralSource {
  get(request: CollateralRequest): Promise<Collateral>;
}

/** A source that always answers with the same (already parsed) collateral. */
export function staticCollateralSource(collateral: Collateral): CollateralSource {
  return Object.freeze({ get: async () => collateral });
}
