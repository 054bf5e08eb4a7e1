import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

const usage = `usage: sealed sim <mode> [options]   (simulated TEE for machines without SGX/TDX)

modes:
  init [--dir DIR] [--refresh | --force]      create the simulated platform (default DIR .sealed-sim)
  quote --report-data HEX [--dir DIR] [--tdx] [--measurement HEX] [-o FILE]
                                              make an SGX v3 (or TDX v4) quote; raw bytes to stdout without -o

Verify a simulated quote with the production verifier and the simulated root:
  sealed attest verify --evidence Q --collateral DIR/collateral-sgx.json --root DIR/root-ca.der
`;

const modes: Record<string, () => Promise<Command>> = {
  init: async () => (await import("./sim-init.ts")).default,
  quote: async () => (await import("./sim-quote.ts")).default,
};

const command: Command = {
  name: "sim",
  summary: "Simulated TEE platform: init, quote",
  usage,
  async usageFor(mode) {
    const load = modes[mode];
    return load ? (await load()).usage : undefined;
  },
  async run(args, io) {
    const [mode, ...rest] = args;
    const load = mode === undefined ? undefined : modes[mode];
    if (!load) throw new SealedError("USAGE", mode === undefined ? "missing mode" : `unknown mode '${mode}'`);
    return (await load()).run(rest, io);
  },
};
export default command;
