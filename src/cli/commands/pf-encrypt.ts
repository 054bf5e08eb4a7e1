import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { SealedError } from "../../common/errors.ts";
import { encryptPathToProtectedFile, normalizePfPath, type PfFormat } from "../../pf/index.ts";
import type { Command } from "../command.ts";
import { parsePfArgs, pfJobs, readWrapKey } from "./pf-common.ts";

function parseFormat(f: string | undefined): PfFormat {
  if (f === undefined || f === "v2" || f === "2") return 2;
  if (f === "v1" || f === "1") return 1;
  throw new SealedError("USAGE", `--format must be v1 or v2, got '${f}'`);
}

const command: Command = {
  name: "pf encrypt",
  summary: "Encrypt a file or directory into Gramine protected files",
  usage: "usage: sealed pf encrypt -w KEYFILE -i IN -o OUT [--format v1|v2]",
  async run(args, io) {
    const v = parsePfArgs(args);
    const format = parseFormat(v.format);
    const key = readWrapKey(io.cwd, v["wrap-key"]);
    try {
      for (const job of pfJobs(io.cwd, v.input, v.output)) {
        const stored = normalizePfPath(job.outArg);
        mkdirSync(dirname(job.outPath), { recursive: true });
        encryptPathToProtectedFile(job.inPath, job.outPath, key, stored, { format });
        io.stdout.write(
          `${job.inArg} -> ${job.outArg} (v${format}): Gramine's encrypted files must contain this exact path: "${stored}"\n`,
        );
      }
    } finally {
      key.fill(0);
    }
    return 0;
  },
};
export default command;
