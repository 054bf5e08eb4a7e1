// What `sealed attest verify` and `sealed attest ratls-verify` share: reading the verifier's
// inputs (collateral, trust anchor, policy, SNP certificates, time) and printing the claims.
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import {
  type CollateralSource,
  createPcsCollateralSource,
  loadCollateralBundle,
  loadCollateralFiles,
  type Policy,
  parsePolicy,
  staticCollateralSource,
  type VerifiedClaims,
} from "../../attestation/index.ts";
import { systemClock } from "../../common/clock.ts";
import { SealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import type { CliIo } from "../command.ts";

/** parseArgs options common to both verify commands. */
export const VERIFIER_ARG_OPTIONS = {
  collateral: { type: "string" },
  pccs: { type: "string" },
  time: { type: "string" },
  root: { type: "string" },
  policy: { type: "string" },
  "snp-cert": { type: "string", multiple: true },
  json: { type: "boolean" },
} as const;

export interface VerifierArgValues {
  collateral?: string;
  pccs?: string;
  time?: string;
  root?: string;
  policy?: string;
  "snp-cert"?: string[];
  json?: boolean;
}

export interface VerifierInputs {
  readonly collateral?: CollateralSource;
  readonly trustAnchorDer?: Uint8Array;
  readonly policy?: Policy;
  readonly snpCertificates?: Uint8Array[];
  readonly timeMs: number;
  readonly json: boolean;
}

export function readInput(cwd: string, file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(resolve(cwd, file)));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new SealedError(
      e.code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_ACCESS",
      `cannot read ${file}: ${e.code ?? String(err)}`,
      { cause: err },
    );
  }
}

/** DER of a PEM or DER certificate file. */
export function certDer(bytes: Uint8Array): Uint8Array {
  const m = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(
    Buffer.from(bytes).toString("latin1"),
  );
  return m ? new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")) : bytes;
}

/** Unix seconds or ISO 8601 to epoch ms (the CLI may read the clock; libraries may not). */
export function parseTime(value: string | undefined): number {
  if (value === undefined) return systemClock.now();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new SealedError("USAGE", `--time ${value} is neither Unix seconds nor ISO 8601`);
  return ms;
}

/** A bundle JSON (dcap-qvl shape) or a directory in Intel's sample-file layout. */
function loadCollateral(cwd: string, path: string): CollateralSource {
  const full = resolve(cwd, path);
  if (existsSync(full) && statSync(full).isDirectory()) {
    return staticCollateralSource(
      loadCollateralFiles((name) => {
        const f = resolve(full, name);
        return existsSync(f) ? new Uint8Array(readFileSync(f)) : undefined;
      }),
    );
  }
  return staticCollateralSource(loadCollateralBundle(Buffer.from(readInput(cwd, path)).toString("utf8")));
}

export function verifierInputs(values: VerifierArgValues, io: CliIo): VerifierInputs {
  if (values.collateral && values.pccs) throw new SealedError("USAGE", "--collateral and --pccs exclude each other");
  const timeMs = parseTime(values.time);
  const collateral = values.collateral
    ? loadCollateral(io.cwd, values.collateral)
    : values.pccs
      ? createPcsCollateralSource({ baseUrl: values.pccs, fetcher: fetch, clock: systemClock })
      : undefined;
  const snp = (values["snp-cert"] ?? []).map((f) => readInput(io.cwd, f));
  return {
    collateral,
    trustAnchorDer: values.root ? certDer(readInput(io.cwd, values.root)) : undefined,
    policy: values.policy ? parsePolicy(Buffer.from(readInput(io.cwd, values.policy)).toString("utf8")) : undefined,
    snpCertificates: snp.length ? snp : undefined,
    timeMs,
    json: values.json === true,
  };
}

export function claimsJson(c: VerifiedClaims): Record<string, unknown> {
  return {
    tee: c.tee,
    status: c.status,
    advisoryIds: c.advisoryIds,
    debug: c.debug,
    trustAnchor: c.trustAnchor,
    reportData: toHex(c.reportData),
    claims: c.claims,
  };
}

/** The human form: one headline, then status, advisories, anchor, debug, report data, claims. */
export function printClaims(io: CliIo, headline: string, claims: VerifiedClaims): void {
  io.stdout.write(`${headline}\n`);
  io.stdout.write(`  status:       ${claims.status}\n`);
  io.stdout.write(`  advisories:   ${claims.advisoryIds.length ? claims.advisoryIds.join(", ") : "(none)"}\n`);
  io.stdout.write(`  trust anchor: ${claims.trustAnchor}\n  debug:        ${claims.debug}\n`);
  io.stdout.write(`  report data:  ${toHex(claims.reportData)}\n`);
  for (const [k, v] of Object.entries(claims.claims)) io.stdout.write(`  ${`${k}:`.padEnd(14)}${v}\n`);
}
