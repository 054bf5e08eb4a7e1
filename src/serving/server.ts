import { readFile } from "node:fs/promises";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { SealedError } from "../common/errors.ts";
import { type Logger, silentLogger } from "../common/log.ts";
import { decryptProtectedFile } from "../pf/index.ts";
import { modelEntriesFromMessage, parseModelConfigText } from "./config/model-server-config.ts";
import type { MonitoringConfig } from "./config/monitoring-config.ts";
import type { SslConfig } from "./config/ssl-config.ts";
import type { BatchingOptions } from "./core/batcher.ts";
import { createModelLoader } from "./core/model-loader.ts";
import { type ModelConfigEntry, ModelRegistry } from "./core/model-registry.ts";
import { fsModelSource } from "./core/model-source.ts";
import { createOrtRunner } from "./core/ort-runner.ts";
import { createWorkerOrtRunner } from "./core/ort-worker-runner.ts";
import type { ServingCore } from "./core/serving-core.ts";
import { createServingCore } from "./core/serving-core-impl.ts";
import { bindGrpc, createGrpcServer } from "./grpc/grpc-server.ts";
import { createServingMetrics } from "./metrics/index.ts";
import { createRestHandler } from "./rest/index.ts";

/** Everything `sealed serve` decided from its flags (src/cli/commands/serve-flags.ts). */
export interface ServerOptions {
  readonly host: string;
  /** gRPC port; null = disabled (TF Serving's --port=0), 0 = any free port. */
  readonly grpcPort: number | null;
  /** --grpc_socket_path: also serve gRPC on this UNIX socket (same credentials). */
  readonly grpcSocketPath?: string;
  /** REST port; null = disabled (TF Serving's default), 0 = any free port. */
  readonly restPort: number | null;
  /** Models from --model_name/--model_base_path (ignored when modelConfigFile is set). */
  readonly models: readonly ModelConfigEntry[];
  readonly modelConfigFile?: string;
  readonly modelConfigPollSeconds: number;
  /** --file_system_poll_wait_seconds: 0 = scan once. */
  readonly fileSystemPollSeconds: number;
  readonly ssl?: SslConfig;
  readonly batching?: BatchingOptions;
  readonly monitoring?: MonitoringConfig;
  readonly tensorContent: boolean;
  readonly intraOpThreads: number;
  readonly interOpThreads: number;
  /** --ort_allow_spinning (Sealed's own; default false). */
  readonly allowSpinning?: boolean;
  /** --enable_model_warmup: one run on zero inputs before a version becomes AVAILABLE. */
  readonly warmup?: boolean;
  /** --ort_worker_thread (Sealed's own; default true): run each model in a worker thread. */
  readonly ortInWorker?: boolean;
  readonly wrapKey?: Uint8Array;
  readonly checkPfPath: boolean;
  readonly maxRequestBytes: number;
  readonly restCors: boolean;
  /** --allow_version_labels_for_unavailable_models (TF Serving's rule; default false). */
  readonly allowLabelsForUnavailable?: boolean;
  /** --max_num_load_retries / --load_retry_interval_micros (none when absent). */
  readonly loadRetries?: { readonly max: number; readonly intervalMs: number };
  /** --rest_api_timeout_in_ms: REST model calls answer 504 after this; 0 = no timeout. */
  readonly restTimeoutMs?: number;
  /** Resolves relative base paths of config files (the config file's directory or cwd). */
  readonly resolvePath: (p: string) => string;
  readonly logger?: Logger;
}

export interface RunningServer {
  readonly core: ServingCore;
  readonly grpcPort: number | null;
  readonly restPort: number | null;
  /** Stops accepting, finishes in-flight calls (up to `graceMs`), unloads models. */
  close(graceMs?: number): Promise<void>;
}

function listen(server: HttpServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function grpcCredentials(ssl: SslConfig | undefined): grpc.ServerCredentials {
  if (!ssl) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    ssl.customCa ? Buffer.from(ssl.customCa) : null,
    [{ private_key: Buffer.from(ssl.serverKey), cert_chain: Buffer.from(ssl.serverCert) }],
    ssl.clientVerify,
  );
}

/**
 * Starts the model server: loads the models, then serves TF Serving's gRPC API and (when a REST
 * port is given) the REST API, both under the same TLS when an SSL config is set.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.logger ?? silentLogger;
  const metrics = createServingMetrics();
  const registry = new ModelRegistry({
    loader: createModelLoader({
      source: fsModelSource(),
      runner: {
        intraOpThreads: opts.intraOpThreads,
        interOpThreads: opts.interOpThreads,
        allowSpinning: opts.allowSpinning === true,
      },
      wrapKey: opts.wrapKey,
      decrypt: (file, key, o) => decryptProtectedFile(file, key, o),
      checkPfPath: opts.checkPfPath,
      createRunner: opts.ortInWorker === false ? createOrtRunner : createWorkerOrtRunner,
    }),
    source: fsModelSource(),
    logger: log,
    batching: opts.batching,
    warmup: opts.warmup === true,
    allowLabelsForUnavailable: opts.allowLabelsForUnavailable === true,
    loadRetries: opts.loadRetries,
    onRuntime: (modelName, batchSize, micros) =>
      metrics.recordRuntime({ modelName, signatureName: "serving_default", batchSize, runtimeMicros: micros }),
  });
  const core = createServingCore(registry, { maxRequestBytes: opts.maxRequestBytes });
  const timers: NodeJS.Timeout[] = [];

  let configText: string | undefined;
  const readModelConfig = async (): Promise<readonly ModelConfigEntry[]> => {
    if (!opts.modelConfigFile) return opts.models;
    try {
      configText = await readFile(opts.modelConfigFile, "utf8");
    } catch (err) {
      throw new SealedError("FILE_NOT_FOUND", `--model_config_file ${opts.modelConfigFile}: ${(err as Error).message}`);
    }
    return parseModelConfigText(configText, opts.resolvePath);
  };
  await registry.setConfig(await readModelConfig());

  if (opts.fileSystemPollSeconds > 0) {
    const t = setInterval(() => {
      registry.sync().catch((err) => log.warn("model poll failed", { error: (err as Error).message }));
    }, opts.fileSystemPollSeconds * 1000);
    t.unref();
    timers.push(t);
  }
  if (opts.modelConfigFile && opts.modelConfigPollSeconds > 0) {
    const file = opts.modelConfigFile;
    const t = setInterval(() => {
      readFile(file, "utf8")
        .then(async (text) => {
          if (text === configText) return;
          configText = text;
          await registry.setConfig(parseModelConfigText(text, opts.resolvePath));
          log.info("model config reloaded", { file });
        })
        .catch((err) => log.warn("model config reload failed", { error: (err as Error).message }));
    }, opts.modelConfigPollSeconds * 1000);
    t.unref();
    timers.push(t);
  }

  let grpcServer: grpc.Server | undefined;
  let grpcPort: number | null = null;
  if (opts.grpcPort !== null) {
    grpcServer = createGrpcServer({
      core,
      metrics,
      maxRequestBytes: opts.maxRequestBytes,
      tensorContent: opts.tensorContent,
      reloadConfig: async (config) => {
        await registry.setConfig(modelEntriesFromMessage(config, opts.resolvePath));
        log.info("model config reloaded through HandleReloadConfigRequest");
      },
    });
    grpcPort = await bindGrpc(grpcServer, opts.host, opts.grpcPort, grpcCredentials(opts.ssl));
    if (opts.grpcSocketPath) {
      const s = grpcServer;
      const path = opts.grpcSocketPath;
      await new Promise<void>((resolve, reject) =>
        s.bindAsync(`unix:${path}`, grpcCredentials(opts.ssl), (err) => (err ? reject(err) : resolve())),
      );
    }
    log.info("gRPC server listening", { host: opts.host, port: grpcPort, tls: opts.ssl !== undefined });
  }

  let http: HttpServer | undefined;
  let restPort: number | null = null;
  if (opts.restPort !== null) {
    const listener = createRestHandler(core, metrics, {
      maxBodyBytes: opts.maxRequestBytes,
      enableCors: opts.restCors,
      timeoutMs: opts.restTimeoutMs,
      monitoringPath: opts.monitoring?.prometheusEnabled ? opts.monitoring.prometheusPath : undefined,
      serializeAsTensorContent: opts.tensorContent,
    });
    http = opts.ssl
      ? createHttpsServer(
          {
            key: opts.ssl.serverKey,
            cert: opts.ssl.serverCert,
            ca: opts.ssl.customCa || undefined,
            requestCert: opts.ssl.clientVerify,
            rejectUnauthorized: opts.ssl.clientVerify,
          },
          listener,
        )
      : createHttpServer(listener);
    restPort = await listen(http, opts.host, opts.restPort);
  }

  return {
    core,
    grpcPort,
    restPort,
    async close(graceMs = 5000) {
      for (const t of timers) clearInterval(t);
      const stops: Promise<void>[] = [];
      if (grpcServer) {
        const s = grpcServer;
        stops.push(
          new Promise<void>((resolve) => {
            const force = setTimeout(() => s.forceShutdown(), graceMs);
            s.tryShutdown(() => {
              clearTimeout(force);
              resolve();
            });
          }),
        );
      }
      if (http) {
        const h = http;
        stops.push(new Promise<void>((resolve) => h.close(() => resolve())));
        setTimeout(() => h.closeAllConnections(), graceMs).unref();
        h.closeIdleConnections();
      }
      await Promise.all(stops);
      await registry.close();
    },
  };
}
