import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

// Placeholder until this command lands; replaced by the real command.
const command: Command = {
  name: "measure",
  summary: "Print the measurement of a simulated enclave",
  usage: "usage: sealed measure ...",
  async run() {
    throw new SealedError("USAGE", "sealed measure is not built yet");
  },
};
export default command;
