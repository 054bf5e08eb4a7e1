import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

const usage = `usage: sealed attest <mode> [options]

modes:
  verify --evidence FILE [--collateral FILE | --pccs URL] [--time UNIX|ISO] [--root FILE]
         [--policy FILE] [--tee sgx|tdx|snp] [--snp-cert FILE]... [--json]
                      verify an SGX/TDX DCAP quote (or an SEV-SNP report) and apply a policy
  ratls-verify --cert FILE [...]
                      verify an RA-TLS certificate (sealed attest ratls-verify --help)

Exit status 0 only when the evidence verifies and the policy (if given) accepts it.
`;

const command: Command = {
  name: "attest",
  summary: "Verify attestation evidence and RA-TLS certificates",
  usage,
  async usageFor(mode) {
    if (mode === "verify") return (await import("./attest-verify.ts")).attestVerifyUsage;
    if (mode === "ratls-verify") return (await import("./attest-ratls-verify.ts")).ratlsVerifyUsage;
    return undefined;
  },
  async run(args, io) {
    const [mode, ...rest] = args;
    if (mode === "verify") return (await import("./attest-verify.ts")).runAttestVerify(rest, io);
    if (mode === "ratls-verify") return (await import("./attest-ratls-verify.ts")).runRatlsVerify(rest, io);
    throw new SealedError("USAGE", mode === undefined ? "missing mode" : `unknown mode '${mode}'`);
  },
};
export default command;
