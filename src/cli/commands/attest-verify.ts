import {
  createVerifier,
  detectTee,
  type TeeKind,
  type VerifiedClaims,
  validateClaims,
} from "../../attestation/index.ts";
import { SealedError } from "../../common/errors.ts";
import { parseCommandArgs, requireOption } from "../args.ts";
import type { CliIo } from "../command.ts";
import { claimsJson, printClaims, readInput, VERIFIER_ARG_OPTIONS, verifierInputs } from "./attest-inputs.ts";

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

/** Evidence files may hold the raw bytes or their hex / base64 text (binary quotes never parse as text). */
function evidenceBytes(raw: Uint8Array): Uint8Array {
  const text = Buffer.from(raw).toString("latin1").trim();
  if (text.length === 0 || !/^[\x20-\x7e\s]+$/.test(text)) return raw;
  const compact = text.replace(/\s+/g, "");
  if (/^(0x)?([0-9a-fA-F]{2})+$/.test(compact)) return new Uint8Array(Buffer.from(compact.replace(/^0x/, ""), "hex"));
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return new Uint8Array(Buffer.from(compact, "base64"));
  return raw;
}

export async function runAttestVerify(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {
    evidence: { type: "string" },
    tee: { type: "string" },
    ...VERIFIER_ARG_OPTIONS,
  });
  const bytes = evidenceBytes(readInput(io.cwd, requireOption(values.evidence, "--evidence")));
  if (values.tee !== undefined && !["sgx", "tdx", "snp"].includes(values.tee)) {
    throw new SealedError("USAGE", `--tee must be sgx, tdx or snp, not ${values.tee}`);
  }
  const { collateral, trustAnchorDer, policy, snpCertificates, timeMs, json } = verifierInputs(values, io);

  let claims: VerifiedClaims | undefined;
  try {
    const tee = (values.tee as TeeKind | undefined) ?? detectTee(bytes);
    const verifier = createVerifier(tee, { collateral, trustAnchorDer, snpCertificates });
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
  printClaims(io, `OK: ${claims.tee} evidence verified${policy ? " and accepted by the policy" : ""}`, claims);
  return 0;
}
