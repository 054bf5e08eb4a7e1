import { SealedError } from "../../common/errors.ts";
import type { Evidence, VerifiedClaims, Verifier, VerifyOptions } from "../verifier.ts";
import { type SnpTrustAnchor, verifySnpReport } from "./verify.ts";

export interface SnpVerifierOptions {
  /** Trusted ARKs; default AMD ARK-Milan. */
  readonly trustAnchors?: readonly SnpTrustAnchor[];
  /** VCEK/VLEK (and optionally ASK/ARK) used when the evidence carries no certificates. */
  readonly certificates?: readonly Uint8Array[];
}

/** The SEV-SNP Verifier (tee "snp"). */
export function createSnpVerifier(opts: SnpVerifierOptions = {}): Verifier {
  return Object.freeze({
    tee: "snp" as const,
    async verify(evidence: Evidence, options: VerifyOptions): Promise<VerifiedClaims> {
      if (evidence.tee !== "snp") throw new SealedError("INTERNAL", `SNP verifier given ${evidence.tee} evidence`);
      const certs = evidence.certificates?.length ? evidence.certificates : (opts.certificates ?? []);
      return verifySnpReport(evidence.bytes, certs, { timeMs: options.timeMs, trustAnchors: opts.trustAnchors });
    },
  });
}

/**
 * The SNP verifier from the registry's generic deps: `snpCertificates` (VCEK/VLEK, ASK, ARK) and
 * `trustAnchorDer` (a custom ARK, e.g. for tests) when given.
 */
export function snpVerifierFromDeps(deps: { readonly [option: string]: unknown }): Verifier {
  const certificates = deps.snpCertificates as readonly Uint8Array[] | undefined;
  const ark = deps.trustAnchorDer as Uint8Array | undefined;
  return createSnpVerifier({
    certificates,
    trustAnchors: ark ? [{ name: "custom-ark", ark }] : undefined,
  });
}
