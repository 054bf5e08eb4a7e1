import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../bin/sealed.js", import.meta.url));

/** A `sealed serve` child process and the ports from its ready lines. */
export interface SpawnedServer {
  readonly child: ChildProcess;
  readonly grpcPort: number | null;
  readonly restPort: number | null;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Sends SIGTERM and resolves the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `sealed serve ARGS` and waits (up to `timeoutMs`) for its ready lines. */
export function spawnServe(
  args: string[],
  opts: { timeoutMs?: number; expectRest?: boolean } = {},
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [BIN, "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`sealed serve did not become ready:\n${err}`));
    }, opts.timeoutMs ?? 60_000);
    const check = () => {
      const g = /Running gRPC ModelServer at [^:\s]+:(\d+) \.\.\./.exec(err);
      const r = /Exporting HTTP\/REST API at:[^:\s]+:(\d+) \.\.\./.exec(err);
      const grpcOff = args.some((a) => a === "--port=0");
      if ((g || grpcOff) && (r || !opts.expectRest)) {
        clearTimeout(timer);
        resolve({
          child,
          grpcPort: g ? Number(g[1]) : null,
          restPort: r ? Number(r[1]) : null,
          stderr: () => err,
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
      }
    };
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString("utf8");
      check();
    });
    child.stdout?.resume();
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`sealed serve exited with ${code} before ready:\n${err}`));
    });
  });
}
