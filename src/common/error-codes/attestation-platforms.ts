import { defineCodes } from "./types.ts";

/** AMD SEV-SNP, the simulated TEE and evidence providers (`src/attestation/{snp,sim,providers}`). Codes start with `ATT_`. */
export const attestationPlatformCodes = defineCodes({});
