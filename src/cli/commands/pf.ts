import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

// Placeholder until the pf codec lands (issue 2); replaced by the real command.
const command: Command = {
  name: "pf",
  summary: "Gramine protected files",
  usage: "usage: sealed pf gen-key|encrypt|decrypt|inspect ...",
  async run() {
    throw new SealedError("USAGE", "sealed pf is not built yet");
  },
};
export default command;
