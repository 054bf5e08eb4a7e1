import { SealedError } from "../../common/errors.ts";
import type { CliIo } from "../command.ts";

// Placeholder until RA-TLS verification lands; replaced by the real subcommand.
export async function runRatlsVerify(_args: string[], _io: CliIo): Promise<number> {
  throw new SealedError("USAGE", "sealed attest ratls-verify is not built yet");
}
