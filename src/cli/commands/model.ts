import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

const usage = `usage: sealed model <tool> [options]

tools:
  synth resnet50|tiny -o FILE [--layout nhwc|nchw] [--classes K] [--seed N] [--json]
      write a synthetic ONNX model with the seed's signature (input \`input\` float32
      [N,224,224,3], output \`predict\` float32 [N,K] softmax) and deterministic weights:
      resnet50 is ResNet50 v1.5 (25.6M parameters, ~102 MB), tiny runs in about a millisecond
`;

const tools: Record<string, () => Promise<Command>> = {
  synth: async () => (await import("./model-synth.ts")).default,
};

const command: Command = {
  name: "model",
  summary: "Model tools: synth resnet50|tiny (synthetic ONNX models with the seed's signature)",
  usage,
  async usageFor(tool) {
    const load = tools[tool];
    return load ? (await load()).usage : undefined;
  },
  async run(args, io) {
    const [tool, ...rest] = args;
    const load = tool === undefined ? undefined : tools[tool];
    if (!load) throw new SealedError("USAGE", tool === undefined ? "missing tool" : `unknown tool '${tool}'`);
    return (await load()).run(rest, io);
  },
};
export default command;
