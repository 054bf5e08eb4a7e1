import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SealedError } from "../../common/errors.ts";
import type { CliIo } from "../command.ts";

const BIN = fileURLToPath(new URL("../../../bin/sealed.js", import.meta.url));

/** Runs `sealed ARGS` in `cwd` as a user would, echoing the command and its output; returns stdout. */
export function runSealed(io: CliIo, cwd: string, args: readonly string[], echo = true): Promise<string> {
  if (echo) io.stdout.write(`\n$ sealed ${args.join(" ")}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: childEnv(io),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (echo) io.stdout.write(c);
    });
    child.stderr.on("data", (c: Buffer) => io.stderr.write(c));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve(out);
      else
        reject(
          new SealedError("DEMO_STEP_FAILED", `demo step 'sealed ${args[0]} ${args[1] ?? ""}' exited with ${code}`),
        );
    });
  });
}

export interface Background {
  readonly grpcPort: number;
  readonly restPort: number;
  stop(): Promise<void>;
}

/** Starts `sealed serve ARGS` and resolves with its ports once it printed its ready lines. */
export function startServe(io: CliIo, cwd: string, args: readonly string[]): Promise<Background> {
  io.stdout.write(`\n$ sealed serve ${args.join(" ")} &\n`);
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve", ...args], {
    cwd,
    env: childEnv(io),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    // A server that does not drain within 15 s is killed: the demo must always end.
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(killer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new SealedError("DEMO_STEP_FAILED", `sealed serve did not become ready:\n${err}`));
    }, 120_000);
    child.stderr?.on("data", (c: Buffer) => {
      const text = c.toString();
      err += text;
      for (const line of text.split("\n")) if (line !== "") io.stdout.write(`  [serve] ${line}\n`);
      const g = /Running gRPC ModelServer at [^:\s]+:(\d+)/.exec(err);
      const r = /Exporting HTTP\/REST API at:[^:\s]+:(\d+)/.exec(err);
      if (g && r) {
        clearTimeout(timer);
        resolve({ grpcPort: Number(g[1]), restPort: Number(r[1]), stop });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new SealedError("DEMO_STEP_FAILED", `sealed serve exited with ${code}:\n${err}`));
    });
  });
}

function childEnv(io: CliIo): NodeJS.ProcessEnv {
  return { ...io.env, NODE_NO_WARNINGS: "1" } as NodeJS.ProcessEnv;
}
