import { attestationCodes } from "./error-codes/attestation.ts";
import { attestationPlatformCodes } from "./error-codes/attestation-platforms.ts";
import { clientCodes } from "./error-codes/client.ts";
import { commonCodes } from "./error-codes/common.ts";
import { pfCodes } from "./error-codes/pf.ts";
import { ratlsCodes } from "./error-codes/ratls.ts";
import { servingCodes } from "./error-codes/serving.ts";
import type { ErrorSpec } from "./error-codes/types.ts";

/**
 * The one error catalog: every stable error code Sealed can report, grouped by part.
 * Each part owns one file under `error-codes/`; `docs/errors.md` is generated from this object
 * (`npm run docs:errors`) and a test checks that both agree.
 */
export const errorSections = [
  { title: "General and command line", prefix: "", codes: commonCodes },
  { title: "Protected files", prefix: "PF_", codes: pfCodes },
  { title: "Attestation: Intel DCAP and policy", prefix: "ATT_", codes: attestationCodes },
  { title: "Attestation: SEV-SNP, simulated TEE, evidence providers", prefix: "ATT_", codes: attestationPlatformCodes },
  { title: "RA-TLS", prefix: "RATLS_", codes: ratlsCodes },
  { title: "Model server", prefix: "SRV_", codes: servingCodes },
  { title: "Client and TLS tooling", prefix: "CLIENT_", codes: clientCodes },
] as const;

export const errorCatalog = {
  ...commonCodes,
  ...pfCodes,
  ...attestationCodes,
  ...attestationPlatformCodes,
  ...ratlsCodes,
  ...servingCodes,
  ...clientCodes,
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalog;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalog, code);
}
