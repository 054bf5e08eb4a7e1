import { defineCodes } from "./types.ts";

/** Codes shared by every part: generic input problems and the CLI. */
export const commonCodes = defineCodes({
  USAGE: {
    summary: "The command line is malformed: unknown subcommand, missing or invalid option.",
    fix: "Run `sealed help` or `sealed <command> --help` and correct the arguments.",
    status: "INVALID_ARGUMENT",
  },
  FILE_NOT_FOUND: {
    summary: "A file or directory named on the command line or in a config file does not exist.",
    fix: "Check the path (relative paths are resolved against the current directory).",
    status: "NOT_FOUND",
  },
  FILE_ACCESS: {
    summary: "A file could not be read or written (permissions, a directory where a file was expected, disk full).",
    fix: "Check permissions and free space; the message names the path and the system error.",
    status: "FAILED_PRECONDITION",
  },
  INPUT_TOO_LARGE: {
    summary: "An input is larger than the configured limit.",
    fix: "Send a smaller input or raise the limit named in the message.",
    status: "RESOURCE_EXHAUSTED",
  },
  INVALID_HEX: {
    summary:
      "A value that must be hexadecimal (a key, a measurement, report data) is not valid hex of the required length.",
    fix: "Give the value as an even number of hex digits of the length named in the message.",
    status: "INVALID_ARGUMENT",
  },
  CONFIG_INVALID: {
    summary: "A configuration file or value is invalid.",
    fix: "Correct the file or flag named in the message.",
    status: "INVALID_ARGUMENT",
  },
  PBTXT_SYNTAX: {
    summary: "A protobuf text-format file (ssl.cfg, model config, batching or monitoring config) has a syntax error.",
    fix: "Fix the file at the line and column given; strings must be quoted, messages use `{ }`.",
    status: "INVALID_ARGUMENT",
  },
  PBTXT_UNKNOWN_FIELD: {
    summary:
      "A protobuf text-format file names a field the message type does not have, or gives a value of the wrong type.",
    fix: "Check the field name and value type against the message definition in `proto/`.",
    status: "INVALID_ARGUMENT",
  },
  DEMO_STEP_FAILED: {
    summary: "A step of `sealed demo` failed; the step's own error is printed above this line.",
    fix: "Read the error of the failing step (its code is explained on this page) and re-run with `--keep` to inspect the work directory.",
    status: "INTERNAL",
  },
  INTERNAL: {
    summary: "An internal invariant failed: this is a bug in Sealed.",
    fix: "Re-run with `--debug` and report the stack trace.",
    status: "INTERNAL",
  },
});
