import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { decryptProtectedFileToPath, normalizePfPath } from "../../pf/index.ts";
import type { Command } from "../command.ts";
import { parsePfArgs, pfJobs, readWrapKey } from "./pf-common.ts";

const command: Command = {
  name: "pf decrypt",
  summary: "Decrypt Gramine protected files",
  usage: "usage: sealed pf decrypt -w KEYFILE -i IN -o OUT [-V|--verify]",
  async run(args, io) {
    const v = parsePfArgs(args);
    const key = readWrapKey(io.cwd, v["wrap-key"]);
    try {
      for (const job of pfJobs(io.cwd, v.input, v.output)) {
        const expectedPath = v.verify ? normalizePfPath(job.inArg) : undefined;
        mkdirSync(dirname(job.outPath), { recursive: true });
        const info = decryptProtectedFileToPath(job.inPath, job.outPath, key, { expectedPath });
        io.stdout.write(`${job.inArg} -> ${job.outArg}: ${info.size} bytes (v${info.format}, path "${info.path}")\n`);
      }
    } finally {
      key.fill(0);
    }
    return 0;
  },
};
export default command;
