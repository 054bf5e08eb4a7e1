import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

// Placeholder until this command lands; replaced by the real command.
const command: Command = {
  name: "tls",
  summary: "Make TLS material and a TF Serving ssl.cfg",
  usage: "usage: sealed tls ...",
  async run() {
    throw new SealedError("USAGE", "sealed tls is not built yet");
  },
};
export default command;
