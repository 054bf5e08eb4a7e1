import { SealedError } from "../../common/errors.ts";
import type { CliIo, Command } from "../command.ts";
import { benchUsage } from "./client-bench.ts";
import { predictUsage } from "./client-predict.ts";

const usage = `usage: sealed client predict|bench ...

  predict   send images (or random input) to a model and print the top-K classes
  bench     the seed's load generator (resnet_client_grpc.py flags: -batch -cnum -loop -url -crt -ca -key -img)

${predictUsage}
${benchUsage}`;

const command: Command = {
  name: "client",
  summary: "TF Serving client: predict, bench",
  usage,
  async usageFor(sub) {
    return sub === "predict" ? predictUsage : sub === "bench" ? benchUsage : undefined;
  },
  async run(args: string[], io: CliIo) {
    const [sub, ...rest] = args;
    if (sub === "predict") return (await import("./client-predict.ts")).runPredict(rest, io);
    if (sub === "bench") return (await import("./client-bench.ts")).runBench(rest, io);
    throw new SealedError(
      "USAGE",
      sub === undefined ? "missing subcommand (predict or bench)" : `unknown subcommand '${sub}'`,
    );
  },
};
export default command;
