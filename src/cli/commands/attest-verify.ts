import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import {
  type CollateralSource,
  createPcsCollateralSource,
  createVerifier,
  detectTee,
  loadCollateralBundle,
  loadCollateralFiles,
  type Policy,
  parsePolicy,
  staticCollateralSource,
  type TeeKind,
  type VerifiedClaims,
  validateClaims,
} from "../../attestation/index.ts";
import { systemClock } from "../../common/clock.ts";
import { SealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import { parseCommandArgs, requireOption } from "../args.ts";
import type { CliIo } from "../command.ts";

export const attestVerifyUsage = `usage: sealed attest verify --evidence FILE [--collateral FILE | --pccs URL] [--time UNIX|ISO]
                           [--root FILE] [--policy FILE] [--tee sgx|tdx|snp] [--snp-cert FILE]... [--json]

Verifies attestation evidence: an Intel DCAP quote (SGX v3, TDX v4/v5) against its collateral and
the Intel SGX Root CA (or --root), or an SEV-SNP report; then applies the policy if given.
Prints the TCB status, advisories and claims. Exit 0 only when verified and accepted.

  --evidence FILE    the quote / report: raw bytes, or hex / base64 text
  --collateral PATH  DCAP collateral: a bundle JSON (dcap-qvl QuoteCollateralV3 shape), or a directory
                     in Intel's sample layout (tcbInfo.json, qeIdentity.json, rootCaCrl.der,
                     intermediateCaCrl.der, tcbSignChain.pem, pckSignChain.pem[, pckCert.pem])
  --pccs URL         fetch collateral from a PCCS / Intel PCS (e.g. https://host:8081/sgx/certification/v4/)
  --time T           verification time: Unix seconds or ISO 8601 (default: now)
  --root FILE        trust this root certificate (DER or PEM) instead of the vendor root
  --policy FILE      attestation policy JSON (docs/attestation-policy.md)
  --tee KIND         sgx, tdx or snp (default: detected from the evidence)
  --snp-cert FILE    SEV-SNP VCEK/VLEK (and ASK/ARK); repeatable
  --json             print the result as JSON (also on failure)
`;

function readInput(cwd: string, file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(resolve(cwd, file)));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new SealedError(e.code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_ACCESS", `cannot read ${file}: ${e.code}`, {
      cause: err,
    });
  }
}

/** Evidence files may hold the raw bytes or their hex / base64 text (binary quotes never parse as text). */
function evidenceBytes(raw: Uint8Array): Uint8Array {
  const text = Buffer.from(raw).toString("latin1").trim();
  if (text.length === 0 || !/^[\x20-\x7e\s]+$/.test(text)) return raw;
  const compact = text.replace(/\s+/g, "");
  if (/^(0x)?([0-9a-fA-F]{2})+$/.test(compact)) return new Uint8Array(Buffer.from(compact.replace(/^0x/, ""), "hex"));
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return new Uint8Array(Buffer.from(compact, "base64"));
  return raw;
}

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

/** DER of a PEM or DER certificate file. */
function certDer(bytes: Uint8Array): Uint8Array {
  const m = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(
    Buffer.from(bytes).toString("latin1"),
  );
  return m ? new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")) : bytes;
}

/** Unix seconds or ISO 8601 to epoch ms (the CLI may read the clock; libraries may not). */
function parseTime(value: string | undefined): number {
  if (value === undefined) return systemClock.now();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new SealedError("USAGE", `--time ${value} is neither Unix seconds nor ISO 8601`);
  return ms;
}

function claimsJson(c: VerifiedClaims): Record<string, unknown> {
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

export async function runAttestVerify(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {
    evidence: { type: "string" },
    collateral: { type: "string" },
    pccs: { type: "string" },
    time: { type: "string" },
    root: { type: "string" },
    policy: { type: "string" },
    tee: { type: "string" },
    "snp-cert": { type: "string", multiple: true },
    json: { type: "boolean" },
  });
  const json = values.json === true;
  const bytes = evidenceBytes(readInput(io.cwd, requireOption(values.evidence, "--evidence")));
  if (values.collateral && values.pccs) throw new SealedError("USAGE", "--collateral and --pccs exclude each other");
  if (values.tee !== undefined && !["sgx", "tdx", "snp"].includes(values.tee)) {
    throw new SealedError("USAGE", `--tee must be sgx, tdx or snp, not ${values.tee}`);
  }
  const timeMs = parseTime(values.time);
  let collateral: CollateralSource | undefined;
  if (values.collateral) {
    collateral = loadCollateral(io.cwd, values.collateral);
  } else if (values.pccs) {
    collateral = createPcsCollateralSource({ baseUrl: values.pccs, fetcher: fetch, clock: systemClock });
  }
  const trustAnchorDer = values.root ? certDer(readInput(io.cwd, values.root)) : undefined;
  const policy: Policy | undefined = values.policy
    ? parsePolicy(Buffer.from(readInput(io.cwd, values.policy)).toString("utf8"))
    : undefined;
  const snpCertificates = (values["snp-cert"] ?? []).map((f) => readInput(io.cwd, f));

  let claims: VerifiedClaims | undefined;
  try {
    const tee = (values.tee as TeeKind | undefined) ?? detectTee(bytes);
    const verifier = createVerifier(tee, {
      collateral,
      trustAnchorDer,
      snpCertificates: snpCertificates.length ? snpCertificates : undefined,
    });
    claims = await verifier.verify({ tee, bytes }, { timeMs });
    if (policy) validateClaims(claims, policy);
  } catch (err) {
    if (!json || !(err instanceof SealedError) || err.code === "USAGE") throw err;
    const out = { ok: false, code: err.code, message: err.message, ...err.details };
    io.stdout.write(`${JSON.stringify(claims ? { ...out, ...claimsJson(claims) } : out, null, 2)}\n`);
    return 1;
  }
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ ok: true, policy: policy ? "accepted" : "none", ...claimsJson(claims) }, null, 2)}\n`,
    );
    return 0;
  }
  io.stdout.write(`OK: ${claims.tee} evidence verified${policy ? " and accepted by the policy" : ""}\n`);
  io.stdout.write(`  status:       ${claims.status}\n`);
  io.stdout.write(`  advisories:   ${claims.advisoryIds.length ? claims.advisoryIds.join(", ") : "(none)"}\n`);
  io.stdout.write(`  trust anchor: ${claims.trustAnchor}\n  debug:        ${claims.debug}\n`);
  io.stdout.write(`  report data:  ${toHex(claims.reportData)}\n`);
  for (const [k, v] of Object.entries(claims.claims)) io.stdout.write(`  ${`${k}:`.padEnd(14)}${v}\n`);
  return 0;
}
