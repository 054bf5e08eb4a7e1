import { SealedError } from "../../common/errors.ts";
import type { Evidence } from "../verifier.ts";
import { io, MAX_EVIDENCE_BYTES, nodeProviderFs, type ProviderFs, reportData64 } from "./fs.ts";
import type { EvidenceProvider } from "./provider.ts";

export interface GramineProviderOptions {
  /** Default `/dev/attestation`. */
  readonly root?: string;
  readonly fs?: ProviderFs;
}

/** Gramine's quote limit (SGX_QUOTE_MAX_SIZE). */
const GRAMINE_QUOTE_MAX = 8192;

/**
 * SGX quotes from Gramine's /dev/attestation (specs/secret-provisioning-ratls.md section E):
 * check `attestation_type` is "dcap", write the 64 bytes of `user_report_data` in one write,
 * then read `quote` (the quote is generated when it is opened).
 */
export function createGramineProvider(options: GramineProviderOptions = {}): EvidenceProvider {
  const root = options.root ?? "/dev/attestation";
  const fs = options.fs ?? nodeProviderFs;
  return Object.freeze({
    tee: "sgx" as const,
    async getEvidence(reportData: Uint8Array): Promise<Evidence> {
      const rd = reportData64(reportData);
      const typePath = `${root}/attestation_type`;
      if (!(await fs.exists(typePath))) {
        throw new SealedError("ATT_PROVIDER_UNAVAILABLE", `${typePath} does not exist: not running in Gramine`);
      }
      const type = Buffer.from(await io("reading", typePath, () => fs.readFile(typePath)))
        .toString("latin1")
        .replace(/[\0\s]+$/, "");
      if (type !== "dcap") {
        throw new SealedError("ATT_PROVIDER_TYPE", `Gramine attestation_type is "${type}", need "dcap"`);
      }
      const rdPath = `${root}/user_report_data`;
      await io("writing", rdPath, () => fs.writeOnce(rdPath, rd));
      const quotePath = `${root}/quote`;
      const quote = await io("reading", quotePath, () => fs.readFile(quotePath));
      if (quote.length === 0 || quote.length > Math.min(GRAMINE_QUOTE_MAX, MAX_EVIDENCE_BYTES)) {
        throw new SealedError("ATT_PROVIDER_EMPTY", `Gramine returned a ${quote.length}-byte quote`);
      }
      return Object.freeze({ tee: "sgx" as const, bytes: quote });
    },
  });
}
