import type { VerifiedClaims } from "../../attestation/index.ts";
import { SealedError } from "../../common/errors.ts";
import { extractBoundEvidence, verifyRatlsCertificate } from "../../ratls/verify.ts";
import { parseCommandArgs, requireOption } from "../args.ts";
import type { CliIo } from "../command.ts";
import { certDer, claimsJson, printClaims, readInput, VERIFIER_ARG_OPTIONS, verifierInputs } from "./attest-inputs.ts";

export const ratlsVerifyUsage = `usage: sealed attest ratls-verify --cert FILE [--collateral PATH | --pccs URL] [--time UNIX|ISO]
                                 [--root FILE] [--policy FILE] [--snp-cert FILE]... [--json]

Verifies an RA-TLS certificate (Gramine format): the evidence's binding to the certificate key
(TCG tagged-evidence extension, else the legacy quote extension), the evidence itself, and the
policy. Exit 0 when accepted.

  --cert FILE        the certificate (PEM or DER)
  --collateral PATH  DCAP collateral: a bundle JSON (dcap-qvl shape; \`sealed sim init\` writes one)
                     or a directory in Intel's sample layout (as for \`sealed attest verify\`)
  --pccs URL         fetch collateral from a PCCS / Intel PCS instead
  --time T           verification time (Unix seconds or ISO 8601); default now
  --root FILE        trust this root certificate (DER or PEM) instead of Intel's / AMD's
  --policy FILE      attestation policy JSON (docs/attestation-policy.md)
  --snp-cert FILE    SEV-SNP VCEK/VLEK (and ASK/ARK) for SNP evidence; repeatable
  --json             print the verified claims as JSON
`;

export async function runRatlsVerify(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { cert: { type: "string" }, ...VERIFIER_ARG_OPTIONS });
  const cert = certDer(readInput(io.cwd, requireOption(values.cert, "--cert")));
  const { collateral, trustAnchorDer, policy, snpCertificates, timeMs, json } = verifierInputs(values, io);
  let claims: VerifiedClaims;
  let source = "none";
  try {
    source = extractBoundEvidence(cert).source;
    claims = await verifyRatlsCertificate(cert, {
      timeMs,
      verifierDeps: { collateral, trustAnchorDer },
      policy,
      snpCertificates,
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
  const accepted = policy ? " and accepted by the policy" : "";
  printClaims(io, `OK: RA-TLS certificate verified (${claims.tee}, ${source} extension)${accepted}`, claims);
  return 0;
}
