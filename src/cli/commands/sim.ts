import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

// Placeholder until this command lands; replaced by the real command.
const command: Command = {
  name: "sim",
  summary: "Simulated TEE platform: init, quote",
  usage: "usage: sealed sim ...",
  async run() {
    throw new SealedError("USAGE", "sealed sim is not built yet");
  },
};
export default command;
