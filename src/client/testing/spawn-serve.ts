import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** `sealed serve` as a separate process (the product server, driven as a user would). */
export interface ServeProcess {
  readonly grpcPort: number;
  readonly restPort: number;
  stderr(): string;
  stop(): Promise<void>;
}

const BIN = fileURLToPath(new URL("../../../bin/sealed.js", import.meta.url));

/**
 * Spawns `node bin/sealed.js serve --host=127.0.0.1 --port=auto --rest_api_port=auto ...flags`
 * and resolves once both "Running gRPC ModelServer at" and "Exporting HTTP/REST API at:" lines
 * appeared on stderr (rejects if it exits first or takes over `timeoutMs`).
 */
export function spawnServe(flags: readonly string[], timeoutMs = 90_000): Promise<ServeProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      BIN,
      "serve",
      "--host=127.0.0.1",
      "--port=auto",
      "--rest_api_port=auto",
      "--file_system_poll_wait_seconds=0",
      "--tensorflow_intra_op_parallelism=1",
      ...flags,
    ],
    { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NODE_NO_WARNINGS: "1" } },
  );
  let err = "";
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`sealed serve did not start within ${timeoutMs} ms:\n${err}`));
    }, timeoutMs);
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString();
      const g = /Running gRPC ModelServer at [\d.]+:(\d+)/.exec(err);
      const r = /Exporting HTTP\/REST API at:[\d.]+:(\d+)/.exec(err);
      if (g && r) {
        clearTimeout(timer);
        resolve({ grpcPort: Number(g[1]), restPort: Number(r[1]), stderr: () => err, stop });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sealed serve exited with ${code}:\n${err}`));
    });
  });
}
