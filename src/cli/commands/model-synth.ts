import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseCommandArgs, requireOption } from "../../cli/args.ts";
import { SealedError } from "../../common/errors.ts";
import { type Layout, SYNTH_KINDS, type SynthKind, synthesize } from "../../serving/synth/index.ts";
import type { Command } from "../command.ts";

const usage = `usage: sealed model synth resnet50|tiny -o FILE [options]

options:
  -o, --output FILE     where to write the .onnx model
      --layout L        nhwc (default: input [N,224,224,3] then Transpose) or nchw ([N,3,224,224])
      --classes K       output classes (default 1001)
      --seed N          xorshift32 seed of the weights (default fixed; same seed, same bytes)
      --json            print the facts as one JSON object
`;

function intOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new SealedError("USAGE", `${flag} must be a non-negative integer, not '${value}'`);
  return Number(value);
}

const command: Command = {
  name: "model synth",
  summary: "Write a synthetic ONNX model",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        output: { type: "string", short: "o" },
        layout: { type: "string" },
        classes: { type: "string" },
        seed: { type: "string" },
        json: { type: "boolean" },
      },
      true,
    );
    const [kind, ...extra] = positionals;
    if (kind === undefined) throw new SealedError("USAGE", `missing model kind (${SYNTH_KINDS.join(" or ")})`);
    if (extra.length > 0) throw new SealedError("USAGE", `unexpected argument '${extra[0]}'`);
    if (!(SYNTH_KINDS as readonly string[]).includes(kind)) {
      throw new SealedError("USAGE", `unknown model kind '${kind}' (use ${SYNTH_KINDS.join(" or ")})`);
    }
    const file = requireOption(values.output, "-o/--output");
    const started = performance.now();
    const r = synthesize(kind as SynthKind, {
      layout: values.layout as Layout | undefined,
      classes: intOption(values.classes, "--classes"),
      seed: intOption(values.seed, "--seed"),
    });
    const generateMs = performance.now() - started;
    const path = resolve(io.cwd, file);
    try {
      writeFileSync(path, r.bytes);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_ACCESS";
      throw new SealedError(code, `cannot write ${file}: ${String(err)}`, { cause: err });
    }
    const facts = {
      file,
      kind: r.kind,
      layout: r.layout,
      classes: r.classes,
      seed: r.seed,
      params: r.params,
      nodes: r.nodes,
      bytes: r.bytes.length,
      sha256: createHash("sha256").update(r.bytes).digest("hex"),
      generateMs: Math.round(generateMs),
    };
    if (values.json) {
      io.stdout.write(`${JSON.stringify(facts)}\n`);
    } else {
      io.stdout.write(
        `wrote ${facts.kind} (${facts.layout}, ${facts.classes} classes, ${facts.params} params, ${facts.nodes} nodes) to ${file}\n` +
          `  ${facts.bytes} bytes, sha256 ${facts.sha256}, generated in ${facts.generateMs} ms\n`,
      );
    }
    return 0;
  },
};
export default command;
