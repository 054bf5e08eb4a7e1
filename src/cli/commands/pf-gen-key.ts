import { closeSync, fchmodSync, openSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { requireOption } from "../../cli/args.ts";
import { SealedError } from "../../common/errors.ts";
import { systemRandom } from "../../common/random.ts";
import { PF_KEY_SIZE } from "../../pf/index.ts";
import type { Command } from "../command.ts";
import { parsePfArgs } from "./pf-common.ts";

const command: Command = {
  name: "pf gen-key",
  summary: "Write a new 16-byte wrap key",
  usage: "usage: sealed pf gen-key -w KEYFILE",
  async run(args, io) {
    const v = parsePfArgs(args);
    const file = requireOption(v["wrap-key"], "-w/--wrap-key");
    const path = resolve(io.cwd, file);
    const key = systemRandom(PF_KEY_SIZE);
    try {
      const fd = openSync(path, "w", 0o600);
      try {
        fchmodSync(fd, 0o600);
        writeSync(fd, key);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      throw new SealedError("FILE_ACCESS", `cannot write key file ${file}: ${String(err)}`, { cause: err });
    } finally {
      key.fill(0);
    }
    io.stdout.write(`wrote a ${PF_KEY_SIZE}-byte wrap key to ${file}\n`);
    return 0;
  },
};
export default command;
