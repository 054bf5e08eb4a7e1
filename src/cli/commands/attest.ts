import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

// Placeholder until this command lands; replaced by the real command.
const command: Command = {
  name: "attest",
  summary: "Verify attestation evidence and RA-TLS certificates",
  usage: "usage: sealed attest ...",
  async run() {
    throw new SealedError("USAGE", "sealed attest is not built yet");
  },
};
export default command;
