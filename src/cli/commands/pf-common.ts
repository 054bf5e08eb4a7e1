import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseCommandArgs, requireOption } from "../../cli/args.ts";
import { SealedError } from "../../common/errors.ts";
import { PF_KEY_SIZE } from "../../pf/index.ts";

/** Options shared by `sealed pf` subcommands, named as in gramine-sgx-pf-crypt. */
export const pfOptions = {
  "wrap-key": { type: "string", short: "w" },
  input: { type: "string", short: "i" },
  output: { type: "string", short: "o" },
  verify: { type: "boolean", short: "V" },
  verbose: { type: "boolean", short: "v" },
  format: { type: "string" },
  json: { type: "boolean" },
} as const;

export function parsePfArgs(args: string[]) {
  return parseCommandArgs(args, pfOptions).values;
}

/** Reads the wrap-key file; it must hold exactly 16 raw bytes (PF_KEY_SIZE otherwise). */
export function readWrapKey(cwd: string, file: string | undefined): Uint8Array {
  const path = resolve(cwd, requireOption(file, "-w/--wrap-key"));
  let key: Buffer;
  try {
    key = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SealedError(code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_ACCESS", `wrap key ${file}: ${String(err)}`, {
      cause: err,
    });
  }
  if (key.length !== PF_KEY_SIZE) {
    throw new SealedError("PF_KEY_SIZE", `Wrap key size ${key.length} != ${PF_KEY_SIZE} (${file})`);
  }
  return new Uint8Array(key);
}

/** One input/output pair; `inArg`/`outArg` keep the command-line spelling (for stored paths). */
export interface PfJob {
  readonly inArg: string;
  readonly outArg: string;
  readonly inPath: string;
  readonly outPath: string;
}

/**
 * Expands `-i`/`-o` into jobs: one for a file; for a directory, one per file found recursively,
 * with output `OUT/<relative name>` (as gramine-sgx-pf-crypt does).
 */
export function pfJobs(cwd: string, input: string | undefined, output: string | undefined): PfJob[] {
  const inArg = requireOption(input, "-i/--input");
  const outArg = requireOption(output, "-o/--output");
  const inPath = resolve(cwd, inArg);
  let isDir: boolean;
  try {
    isDir = statSync(inPath).isDirectory();
  } catch (err) {
    throw new SealedError("FILE_NOT_FOUND", `input ${inArg}: ${String(err)}`, { cause: err });
  }
  if (!isDir) return [{ inArg, outArg, inPath, outPath: resolve(cwd, outArg) }];
  const rels = (readdirSync(inPath, { recursive: true }) as string[])
    .filter((rel) => statSync(join(inPath, rel)).isFile())
    .sort();
  return rels.map((rel) => ({
    inArg: `${inArg}/${rel}`,
    outArg: `${outArg}/${rel}`,
    inPath: join(inPath, rel),
    outPath: resolve(cwd, outArg, rel),
  }));
}
