import { initSimPlatform, refreshSimCollateral } from "../../attestation/sim/platform.ts";
import { systemClock } from "../../common/clock.ts";
import { SealedError } from "../../common/errors.ts";
import { systemRandom } from "../../common/random.ts";
import { parseCommandArgs } from "../args.ts";
import type { Command } from "../command.ts";
import { readSimPlatform, simDir, simInitialized, writeSimPlatform } from "./sim-files.ts";

const usage = `usage: sealed sim init [--dir DIR] [--refresh | --force]

Creates a simulated SGX/TDX platform in DIR (default .sealed-sim): root CA, PCK CA, PCK
certificate, TCB signing certificate, CRLs, signed TCB info and QE identity (valid 30 days) and
the quoting key. Private keys are written 0600 under DIR/keys/.

  --refresh   keep the keys and certificates, re-sign the CRLs and collateral as of now
  --force     replace an existing platform with a new one
`;

const command: Command = {
  name: "sim init",
  summary: "Create the simulated TEE platform",
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      dir: { type: "string" },
      refresh: { type: "boolean" },
      force: { type: "boolean" },
    });
    if (values.refresh && values.force) throw new SealedError("USAGE", "--refresh and --force exclude each other");
    const dir = simDir(io.cwd, values.dir);
    const exists = simInitialized(dir);
    if (values.refresh) {
      const refreshed = await refreshSimCollateral(readSimPlatform(dir), systemClock);
      writeSimPlatform(dir, refreshed);
      io.stdout.write(`re-signed the simulated TEE collateral in ${dir}\n`);
      return 0;
    }
    if (exists && !values.force) {
      throw new SealedError("ATT_SIM_ALREADY_EXISTS", `${dir} already holds a simulated TEE`);
    }
    const platform = await initSimPlatform({ clock: systemClock, random: systemRandom });
    writeSimPlatform(dir, platform);
    io.stdout.write(
      `created a simulated TEE in ${dir}\n  trust anchor: ${dir}/root-ca.der\n  collateral:   ${dir}/collateral-sgx.json, ${dir}/collateral-tdx.json\n`,
    );
    return 0;
  },
};
export default command;
