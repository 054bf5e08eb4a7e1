import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

// Placeholder until this command lands; replaced by the real command.
const command: Command = {
  name: "serve",
  summary: "Serve models over TF Serving's gRPC and REST APIs",
  usage: "usage: sealed serve ...",
  async run() {
    throw new SealedError("USAGE", "sealed serve is not built yet");
  },
};
export default command;
