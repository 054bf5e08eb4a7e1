import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  type CollateralSource,
  createPcsCollateralSource,
  loadCollateralBundle,
  parsePolicy,
  staticCollateralSource,
  type VerifiedClaims,
} from "../../attestation/index.ts";
import { systemClock } from "../../common/clock.ts";
import { SealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import { extractBoundEvidence, verifyRatlsCertificate } from "../../ratls/verify.ts";
import { parseCommandArgs, requireOption } from "../args.ts";
import type { CliIo } from "../command.ts";

export const ratlsVerifyUsage = `usage: sealed attest ratls-verify --cert FILE [--collateral FILE | --pccs URL] [--time UNIX|ISO]
                                 [--root FILE] [--policy FILE] [--snp-cert FILE]... [--json]

Verifies an RA-TLS certificate (Gramine format): the evidence's binding to the certificate key
(TCG tagged-evidence extension, else the legacy quote extension), the evidence itself, and the
policy. Exit 0 when accepted.

  --cert FILE        the certificate (PEM or DER)
  --collateral FILE  DCAP collateral bundle JSON (dcap-qvl shape; \`sealed sim init\` writes one)
  --pccs URL         fetch collateral from a PCCS / Intel PCS instead
  --time T           verification time (Unix seconds or ISO 8601); default now
  --root FILE        trust this root certificate (DER or PEM) instead of Intel's / AMD's
  --policy FILE      attestation policy JSON (docs/attestation-policy.md)
  --snp-cert FILE    SEV-SNP VCEK/VLEK (and ASK/ARK) for SNP evidence; repeatable
  --json             print the verified claims as JSON
`;

function readInput(cwd: string, file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(resolve(cwd, file)));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_ACCESS";
    throw new SealedError(code, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
      cause: err,
    });
  }
}

/** DER of a PEM or DER certificate file. */
function certDerOf(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString("latin1");
  const m = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(text);
  return m ? new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ""), "base64")) : bytes;
}

/** Unix seconds or ISO 8601 -> ms. */
export function parseTime(value: string | undefined): number {
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

export async function runRatlsVerify(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {
    cert: { type: "string" },
    collateral: { type: "string" },
    pccs: { type: "string" },
    time: { type: "string" },
    root: { type: "string" },
    policy: { type: "string" },
    "snp-cert": { type: "string", multiple: true },
    json: { type: "boolean" },
  });
  const certDer = certDerOf(readInput(io.cwd, requireOption(values.cert, "--cert")));
  if (values.collateral && values.pccs) throw new SealedError("USAGE", "--collateral and --pccs exclude each other");
  let collateral: CollateralSource | undefined;
  if (values.collateral) {
    const text = Buffer.from(readInput(io.cwd, values.collateral)).toString("utf8");
    collateral = staticCollateralSource(loadCollateralBundle(text));
  } else if (values.pccs) {
    collateral = createPcsCollateralSource({ baseUrl: values.pccs, fetcher: fetch, clock: systemClock });
  }
  const root = values.root ? certDerOf(readInput(io.cwd, values.root)) : undefined;
  const policy = values.policy
    ? parsePolicy(Buffer.from(readInput(io.cwd, values.policy)).toString("utf8"))
    : undefined;
  const snpCertificates = (values["snp-cert"] ?? []).map((f) => readInput(io.cwd, f));
  const timeMs = parseTime(values.time);
  const json = values.json === true;
  let claims: VerifiedClaims;
  let source = "none";
  try {
    source = extractBoundEvidence(certDer).source;
    claims = await verifyRatlsCertificate(certDer, {
      timeMs,
      verifierDeps: { collateral, trustAnchorDer: root },
      policy,
      snpCertificates: snpCertificates.length ? snpCertificates : undefined,
    });
  } catch (err) {
    if (!json || !(err instanceof SealedError) || err.code === "USAGE") throw err;
    const out = { ok: false, code: err.code, message: err.message, evidence: source, ...err.details };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 1;
  }
  if (json) {
    const out = { ok: true, policy: policy ? "accepted" : "none", evidence: source, ...claimsJson(claims) };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(
    `OK: RA-TLS certificate verified (${claims.tee}, ${source} extension)${policy ? " and accepted by the policy" : ""}\n`,
  );
  io.stdout.write(`  status:       ${claims.status}\n`);
  io.stdout.write(`  advisories:   ${claims.advisoryIds.length ? claims.advisoryIds.join(", ") : "(none)"}\n`);
  io.stdout.write(`  trust anchor: ${claims.trustAnchor}\n  debug:        ${claims.debug}\n`);
  io.stdout.write(`  report data:  ${toHex(claims.reportData)}\n`);
  for (const [k, v] of Object.entries(claims.claims)) io.stdout.write(`  ${`${k}:`.padEnd(14)}${v}\n`);
  return 0;
}
