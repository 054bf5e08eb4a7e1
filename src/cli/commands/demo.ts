import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

// Placeholder: the demo is assembled once the parts land.
const command: Command = {
  name: "demo",
  summary: "Run the end-to-end demo",
  usage: "usage: sealed demo [--keep DIR]",
  async run() {
    throw new SealedError("USAGE", "sealed demo is not built yet");
  },
};
export default command;
