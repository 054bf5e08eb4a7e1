import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

// Placeholder until this command lands; replaced by the real command.
const command: Command = {
  name: "client",
  summary: "TF Serving client: predict, bench",
  usage: "usage: sealed client ...",
  async run() {
    throw new SealedError("USAGE", "sealed client is not built yet");
  },
};
export default command;
