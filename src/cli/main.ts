import { SealedError } from "../common/errors.ts";
import type { CliIo } from "./command.ts";
import { commands } from "./commands.ts";

function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: sealed <command> [options]   (sealed <command> --help for details)\n\ncommands:\n${lines.join("\n")}\n\nglobal options:\n  --debug   print stack traces for every error\n`;
}

/**
 * Runs the `sealed` CLI and returns the exit code: 0 success, 1 a reported error (one line with
 * its stable code), 2 a usage error, 70 a bug (stack trace printed).
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes("--debug") || io.env.SEALED_DEBUG === "1";
  const args = argv.filter((a) => a !== "--debug");
  const [name, ...rest] = args;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout.write(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    io.stdout.write("sealed 0.1.0\n");
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr.write(`sealed: USAGE: unknown command '${name}'\n\n${helpText()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h") || (rest[0] === "help" && rest.length === 1)) {
    const mode = rest[0];
    const modeUsage = mode && !mode.startsWith("-") && command.usageFor ? await command.usageFor(mode) : undefined;
    io.stdout.write(`${(modeUsage ?? command.usage).trimEnd()}\n`);
    return 0;
  }
  try {
    return (await command.run(rest, io)) ?? 0;
  } catch (err) {
    if (err instanceof SealedError) {
      io.stderr.write(`sealed: ${err.code}: ${err.message}\n`);
      if (err.code === "USAGE") io.stderr.write(`\n${command.usage.trimEnd()}\n`);
      if (debug) io.stderr.write(`${err.stack ?? ""}\n`);
      return err.code === "USAGE" ? 2 : 1;
    }
    io.stderr.write(
      `sealed: INTERNAL: unexpected error (a bug in Sealed)\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 70;
  }
}
