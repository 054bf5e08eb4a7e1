import { DEFAULT_POLICY } from "../core/version-policy.ts";
import { type RunningServer, type ServerOptions, startServer } from "../server.ts";

/** Starts an in-process server on loopback with free ports and test-friendly defaults. */
export function startTestServer(
  overrides: Partial<ServerOptions> & { basePath?: string; modelName?: string },
): Promise<RunningServer> {
  const { basePath, modelName, ...rest } = overrides;
  return startServer({
    host: "127.0.0.1",
    grpcPort: 0,
    restPort: null,
    models: basePath ? [{ name: modelName ?? "tiny", basePath, policy: DEFAULT_POLICY, labels: new Map() }] : [],
    modelConfigPollSeconds: 0,
    fileSystemPollSeconds: 0,
    tensorContent: false,
    intraOpThreads: 1,
    interOpThreads: 1,
    checkPfPath: false,
    maxRequestBytes: 64 * 1024 * 1024,
    restCors: false,
    resolvePath: (p) => p,
    ...rest,
  });
}
