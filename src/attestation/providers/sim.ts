import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSimPlatform, type SimPlatform } from "../sim/platform.ts";
import { buildSgxQuote, buildTdxQuote } from "../sim/quote.ts";
import type { Evidence } from "../verifier.ts";
import type { EvidenceProvider } from "./provider.ts";
import { measurePackage } from "./sim-measurement.ts";

export interface SimProviderOptions {
  readonly tee: "sgx" | "tdx";
  /** MRENCLAVE (32 bytes) for SGX, MRTD (48 bytes) for TDX; `sealed measure` computes it. */
  readonly measurement: Uint8Array;
  readonly debug?: boolean;
}

/** Evidence from the simulated TEE: real-format quotes signed by the simulated QE. */
export function createSimProvider(platform: SimPlatform, options: SimProviderOptions): EvidenceProvider {
  return Object.freeze({
    tee: options.tee,
    async getEvidence(reportData: Uint8Array): Promise<Evidence> {
      const bytes =
        options.tee === "sgx"
          ? buildSgxQuote(platform, { reportData, mrenclave: options.measurement, debug: options.debug })
          : buildTdxQuote(platform, { reportData, mrtd: options.measurement, debug: options.debug });
      return Object.freeze({ tee: options.tee, bytes });
    },
  });
}

/**
 * Loads the platform written by `sealed sim init` from `dir` (providers may do I/O) and returns
 * its evidence provider: what `--tee sim` in a server uses. The measurement defaults to the
 * package's own (`sealed measure`, SHA-384 for TDX).
 */
export function createSimProviderFromDir(
  dir: string,
  options: Omit<SimProviderOptions, "measurement"> & { readonly measurement?: Uint8Array },
): EvidenceProvider {
  const measurement = options.measurement ?? measurePackage(options.tee === "tdx");
  return createSimProvider(loadSimPlatformFromDir(dir), { ...options, measurement });
}

/** Reads a simulated platform directory (ATT_SIM_NOT_INITIALIZED when files are missing). */
export function loadSimPlatformFromDir(dir: string): SimPlatform {
  return loadSimPlatform((name) => {
    const path = join(dir, name);
    return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
  });
}
