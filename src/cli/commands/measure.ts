import { collectMeasuredFiles } from "../../attestation/providers/sim-measurement.ts";
import { measureFiles } from "../../attestation/sim/measure.ts";
import { toHex } from "../../common/hex.ts";
import { parseCommandArgs } from "../args.ts";
import type { Command } from "../command.ts";

const usage = `usage: sealed measure [PATHS...] [--config FILE] [--tdx] [--json]

Prints the measurement of a simulated enclave, as gramine-sgx-sign prints MRENCLAVE: SHA-256
over the files sorted by relative path, each framed with its path and length (deterministic).
Default files: the Sealed package's src/**, package.json and package-lock.json.

options:
  PATHS           files or directories to measure instead (paths relative to the current directory)
  --config FILE   also measure this config file (as config/<name>)
  --tdx           print a 48-byte SHA-384 MRTD instead of a 32-byte MRENCLAVE
  --json          print {"measurement", "algorithm", "files"}
`;

const command: Command = {
  name: "measure",
  summary: "Print the measurement of a simulated enclave",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { config: { type: "string" }, tdx: { type: "boolean" }, json: { type: "boolean" } },
      true,
    );
    const files = collectMeasuredFiles(io.cwd, positionals, values.config);
    const algorithm = values.tdx ? "sha384" : "sha256";
    const m = toHex(measureFiles(files, algorithm));
    if (values.json) io.stdout.write(`${JSON.stringify({ measurement: m, algorithm, files: files.length })}\n`);
    else io.stdout.write(`${m}\n`);
    return 0;
  },
};
export default command;
