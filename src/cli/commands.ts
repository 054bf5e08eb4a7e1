import type { Command } from "./command.ts";

/** Subcommands, loaded lazily so that `sealed pf` does not load ONNX Runtime or gRPC. */
export const commands: Readonly<Record<string, { summary: string; load: () => Promise<Command> }>> = {
  pf: {
    summary: "Gramine protected files: gen-key, encrypt, decrypt, inspect",
    load: async () => (await import("./commands/pf.ts")).default,
  },
  serve: {
    summary: "Serve models over TF Serving's gRPC and REST APIs",
    load: async () => (await import("./commands/serve.ts")).default,
  },
  model: { summary: "Model tools: synth resnet50", load: async () => (await import("./commands/model.ts")).default },
  attest: {
    summary: "Verify attestation evidence and RA-TLS certificates",
    load: async () => (await import("./commands/attest.ts")).default,
  },
  sim: {
    summary: "Simulated TEE platform: init, quote",
    load: async () => (await import("./commands/sim.ts")).default,
  },
  measure: {
    summary: "Print the measurement of a simulated enclave",
    load: async () => (await import("./commands/measure.ts")).default,
  },
  tls: {
    summary: "Make TLS material and a TF Serving ssl.cfg",
    load: async () => (await import("./commands/tls.ts")).default,
  },
  client: {
    summary: "TF Serving client: predict, bench",
    load: async () => (await import("./commands/client.ts")).default,
  },
  demo: {
    summary: "Run the end-to-end demo in a temporary directory",
    load: async () => (await import("./commands/demo.ts")).default,
  },
};
