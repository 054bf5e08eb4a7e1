import { defineCodes } from "./types.ts";

/** Attestation evidence, verification, validation and the simulated TEE (`src/attestation`). Codes start with `ATT_`. */
export const attestationCodes = defineCodes({});
