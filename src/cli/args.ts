import { type ParseArgsConfig, parseArgs } from "node:util";
import { SealedError } from "../common/errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Strict option parsing for subcommands; any problem becomes a USAGE error with the parser's
 * one-line explanation.
 */
export function parseCommandArgs<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new SealedError("USAGE", err instanceof Error ? err.message : String(err));
  }
}

/** Returns the string value of a required option or throws USAGE naming it. */
export function requireOption(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new SealedError("USAGE", `missing required option ${flag}`);
  return value;
}
