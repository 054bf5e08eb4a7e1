/** What a subcommand sees: its arguments and the process edges (the only place env and cwd are read). */
export interface CliIo {
  readonly stdout: { write(chunk: string | Uint8Array): unknown; isTTY?: boolean };
  readonly stderr: { write(chunk: string | Uint8Array): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** One `sealed` subcommand, in its own file under `src/cli/commands/`. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full usage text, printed by `--help` and after a usage error. */
  readonly usage: string;
  /** Returns the exit code (0 when omitted). Throws SealedError for user errors. */
  run(args: string[], io: CliIo): Promise<number | undefined>;
  /** Usage of a mode (`sealed pf encrypt --help`); undefined = fall back to `usage`. */
  usageFor?(mode: string): Promise<string | undefined>;
}
