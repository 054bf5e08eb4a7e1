import type { Command } from "./command.ts";

/** Subcommands, loaded lazily so that `sealed pf` does not load ONNX Runtime or gRPC. */
export const commands: Readonly<Record<string, { summary: string; load: () => Promise<Command> }>> = {
  pf: {
    summary: "Gramine protected files: gen-key, encrypt, decrypt, inspect",
    load: async () => (await import("./commands/pf.ts")).default,
  },
  demo: {
    summary: "Run the end-to-end demo in a temporary directory",
    load: async () => (await import("./commands/demo.ts")).default,
  },
};
