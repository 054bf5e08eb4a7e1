import { SealedError } from "../../common/errors.ts";
import type { Command } from "../command.ts";

const usage = `usage: sealed pf <mode> [options]   (flag-compatible with gramine-sgx-pf-crypt)

modes (as in gramine-sgx-pf-crypt, the first letter is enough):
  gen-key -w KEYFILE                              write a new 16-byte wrap key (mode 0600)
  encrypt -w KEYFILE -i IN -o OUT [--format v1|v2] encrypt; stores the normalized -o path
  decrypt -w KEYFILE -i IN -o OUT [-V|--verify]   decrypt; -V checks the stored path against -i
  inspect -i FILE [-w KEYFILE] [--json]           format, sizes, node count; with the key: stored path, size

options:
  -w, --wrap-key FILE   16 raw bytes
  -i, --input PATH      file or directory (processed recursively, outputs OUT/<relative name>)
  -o, --output PATH     output file or directory
  -V, --verify          (decrypt) require the stored path to equal the normalized -i path
      --format v1|v2    (encrypt) v2 for Gramine >= 1.9 (default), v1 for Gramine <= 1.8
  -v, --verbose         accepted for compatibility
`;

const modes: Record<string, () => Promise<Command>> = {
  "gen-key": async () => (await import("./pf-gen-key.ts")).default,
  encrypt: async () => (await import("./pf-encrypt.ts")).default,
  decrypt: async () => (await import("./pf-decrypt.ts")).default,
  inspect: async () => (await import("./pf-inspect.ts")).default,
};

const command: Command = {
  name: "pf",
  summary: "Gramine protected files: gen-key, encrypt, decrypt, inspect",
  usage,
  async usageFor(mode) {
    const load = modes[mode];
    return load ? (await load()).usage : undefined;
  },
  async run(args, io) {
    const [mode, ...rest] = args;
    // gramine-sgx-pf-crypt picks the mode by its first letter; do the same for drop-in scripts.
    const name =
      mode === undefined
        ? undefined
        : (Object.keys(modes).find((m) => m === mode) ?? Object.keys(modes).find((m) => m[0] === mode[0]));
    const load = name === undefined ? undefined : modes[name];
    if (!load) throw new SealedError("USAGE", mode === undefined ? "missing mode" : `unknown mode '${mode}'`);
    return (await load()).run(rest, io);
  },
};
export default command;
