import { resolve } from "node:path";
import { requireOption } from "../../cli/args.ts";
import { inspectProtectedFilePath } from "../../pf/index.ts";
import type { Command } from "../command.ts";
import { parsePfArgs, readWrapKey } from "./pf-common.ts";

const command: Command = {
  name: "pf inspect",
  summary: "Show a protected file's format, sizes and (with the key) stored path",
  usage: "usage: sealed pf inspect -i FILE [-w KEYFILE] [--json]",
  async run(args, io) {
    const v = parsePfArgs(args);
    const input = requireOption(v.input, "-i/--input");
    const key = v["wrap-key"] === undefined ? undefined : readWrapKey(io.cwd, v["wrap-key"]);
    let r: ReturnType<typeof inspectProtectedFilePath>;
    try {
      r = inspectProtectedFilePath(resolve(io.cwd, input), key);
    } finally {
      key?.fill(0);
    }
    if (v.json) {
      io.stdout.write(`${JSON.stringify(r)}\n`);
      return 0;
    }
    const lines = [
      `format: v${r.format} (major ${r.format}, minor ${r.minorVersion}; ${r.format === 1 ? "Gramine 1.0-1.8" : "Gramine >= 1.9"})`,
      `encrypted size: ${r.underlyingSize} bytes (${r.nodeCount} nodes of 4096)`,
    ];
    if (r.authenticated) {
      lines.push(`stored path: ${r.path}`);
      lines.push(`plaintext size: ${r.size} bytes`);
      lines.push(`data nodes: ${r.dataNodes}, MHT nodes: ${r.mhtNodes}`);
    } else {
      lines.push("stored path and plaintext size: give -w KEYFILE");
    }
    io.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
};
export default command;
