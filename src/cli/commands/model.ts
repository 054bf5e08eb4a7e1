import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

// Placeholder until this command lands; replaced by the real command.
const command: Command = {
  name: "model",
  summary: "Model tools: synth resnet50",
  usage: "usage: sealed model ...",
  async run() {
    throw new SealedError("USAGE", "sealed model is not built yet");
  },
};
export default command;
