import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { measure } from "../../attestation/providers/sim-measurement.ts";
import { buildSgxQuote, buildTdxQuote } from "../../attestation/sim/quote.ts";
import { SealedError } from "../../common/errors.ts";
import { parseHex } from "../../common/hex.ts";
import { parseCommandArgs, requireOption } from "../args.ts";
import type { Command } from "../command.ts";
import { readSimPlatform, simDir } from "./sim-files.ts";

const usage = `usage: sealed sim quote --report-data HEX [--dir DIR] [--tdx] [--measurement HEX] [-o FILE]

Makes a real-format SGX ECDSA v3 quote (TDX v4 with --tdx) signed by the simulated quoting
enclave. Report data: up to 64 bytes of hex (zero-padded). Measurement: MRENCLAVE (32 bytes) or
MRTD (48 bytes); default: \`sealed measure\` (\`--tdx\`) of this Sealed package.
Without -o the raw quote is written to stdout.
`;

const command: Command = {
  name: "sim quote",
  summary: "Make a simulated SGX/TDX quote",
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      "report-data": { type: "string" },
      dir: { type: "string" },
      tdx: { type: "boolean" },
      measurement: { type: "string" },
      output: { type: "string", short: "o" },
    });
    const rdHex = requireOption(values["report-data"], "--report-data");
    const reportData = parseHex(rdHex, undefined, "--report-data");
    if (reportData.length > 64)
      throw new SealedError("ATT_REPORT_DATA_SIZE", `--report-data is ${reportData.length} bytes, at most 64`);
    const tdx = values.tdx === true;
    const m = values.measurement
      ? parseHex(values.measurement, tdx ? 48 : 32, "--measurement")
      : measure(io.cwd, [], undefined, tdx);
    const platform = readSimPlatform(simDir(io.cwd, values.dir));
    const quote = tdx
      ? buildTdxQuote(platform, { reportData, mrtd: m })
      : buildSgxQuote(platform, { reportData, mrenclave: m });
    if (values.output) {
      const path = resolve(io.cwd, values.output);
      try {
        writeFileSync(path, quote);
      } catch (err) {
        throw new SealedError("FILE_ACCESS", `cannot write ${values.output}: ${String(err)}`, { cause: err });
      }
      io.stderr.write(`wrote a ${quote.length}-byte ${tdx ? "TDX v4" : "SGX v3"} quote to ${values.output}\n`);
    } else {
      io.stdout.write(quote);
    }
    return 0;
  },
};
export default command;
