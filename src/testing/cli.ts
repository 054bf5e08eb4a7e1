import { main } from "../cli/main.ts";

/** Runs the CLI in-process with captured output (tests only). */
export async function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: {
      write: (c) => {
        stdout += typeof c === "string" ? c : Buffer.from(c).toString();
        return true;
      },
    },
    stderr: {
      write: (c) => {
        stderr += typeof c === "string" ? c : Buffer.from(c).toString();
        return true;
      },
    },
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}
