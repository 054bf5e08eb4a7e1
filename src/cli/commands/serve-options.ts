import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { SealedError } from "../../common/errors.ts";
import type { Logger } from "../../common/log.ts";
import { parseBatchingText } from "../../serving/config/batching-config.ts";
import { parseMonitoringText } from "../../serving/config/monitoring-config.ts";
import { parseSslConfigText } from "../../serving/config/ssl-config.ts";
import { DEFAULT_POLICY } from "../../serving/core/version-policy.ts";
import type { ServerOptions } from "../../serving/server.ts";
import type { ParsedFlags } from "./serve-flags.ts";

async function readText(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_ACCESS";
    throw new SealedError(code, `--${flag} ${path}: ${(err as Error).message}`);
  }
}

/** A wrap key file: 16 raw bytes, or 32 hex digits (whitespace ignored). */
export async function readWrapKey(path: string): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new SealedError("FILE_NOT_FOUND", `--wrap_key_file ${path}: ${(err as Error).message}`);
  }
  if (bytes.length === 16) return new Uint8Array(bytes);
  const text = bytes.toString("latin1").replace(/\s+/g, "");
  if (/^[0-9a-fA-F]{32}$/.test(text)) return new Uint8Array(Buffer.from(text, "hex"));
  throw new SealedError("INVALID_HEX", `--wrap_key_file ${path} must hold 16 raw bytes or 32 hex digits`);
}

function port(v: number): number | null {
  if (v === 0) return null; // TF Serving: 0 disables
  return v === -1 ? 0 : v; // 'auto' = any free port
}

/** Turns parsed flags into ServerOptions, reading the files they name (the CLI edge). */
export async function serverOptionsFromFlags(f: ParsedFlags, cwd: string, logger: Logger): Promise<ServerOptions> {
  const v = f.values;
  const str = (k: string) => v[k] as string;
  const num = (k: string) => v[k] as number;
  const abs = (p: string) => resolve(cwd, p);
  if (str("batching_parameters_file") && v.enable_batching !== true) {
    throw new SealedError("SRV_BAD_FLAG", "--batching_parameters_file requires --enable_batching");
  }
  const grpcPort = port(num("port"));
  const restPort = port(num("rest_api_port"));
  if (grpcPort === null && restPort === null) {
    throw new SealedError("SRV_BAD_FLAG", "both --port and --rest_api_port are 0: nothing to serve");
  }
  const configFile = str("model_config_file") ? abs(str("model_config_file")) : undefined;
  if (!configFile && !str("model_base_path")) {
    throw new SealedError("SRV_BAD_FLAG", "give --model_base_path (with --model_name) or --model_config_file");
  }
  const models = configFile
    ? []
    : [{ name: str("model_name"), basePath: abs(str("model_base_path")), policy: DEFAULT_POLICY, labels: new Map() }];
  const ssl = str("ssl_config_file")
    ? parseSslConfigText(await readText(abs(str("ssl_config_file")), "ssl_config_file"))
    : undefined;
  const batching = v.enable_batching
    ? parseBatchingText(
        str("batching_parameters_file")
          ? await readText(abs(str("batching_parameters_file")), "batching_parameters_file")
          : "",
      )
    : undefined;
  const monitoring = str("monitoring_config_file")
    ? parseMonitoringText(await readText(abs(str("monitoring_config_file")), "monitoring_config_file"))
    : undefined;
  const wrapKey = str("wrap_key_file") ? await readWrapKey(abs(str("wrap_key_file"))) : undefined;
  const intra = num("tensorflow_intra_op_parallelism") || num("tensorflow_session_parallelism");
  const maxRequestBytes = num("max_request_bytes");
  if (maxRequestBytes < 1) throw new SealedError("SRV_BAD_FLAG", "--max_request_bytes must be positive");
  const configDir = configFile ? dirname(configFile) : cwd;
  return {
    host: str("host"),
    grpcPort,
    grpcSocketPath: str("grpc_socket_path") ? abs(str("grpc_socket_path")) : undefined,
    restPort,
    models,
    modelConfigFile: configFile,
    modelConfigPollSeconds: Math.max(0, num("model_config_file_poll_wait_seconds")),
    fileSystemPollSeconds: Math.max(0, num("file_system_poll_wait_seconds")),
    ssl,
    batching,
    monitoring,
    tensorContent: v.enable_serialization_as_tensor_content === true,
    intraOpThreads: intra > 0 ? intra : availableParallelism(),
    interOpThreads: Math.max(0, num("tensorflow_inter_op_parallelism")),
    allowSpinning: v.ort_allow_spinning === true,
    ortInWorker: v.ort_worker_thread !== false,
    warmup: v.enable_model_warmup !== false,
    wrapKey,
    checkPfPath: v.pf_check_path === true,
    maxRequestBytes,
    restCors: v.rest_api_enable_cors_support === true,
    allowLabelsForUnavailable: v.allow_version_labels_for_unavailable_models === true,
    loadRetries: {
      max: Math.max(0, num("max_num_load_retries")),
      intervalMs: Math.max(0, Math.round(num("load_retry_interval_micros") / 1000)),
    },
    restTimeoutMs: Math.max(0, num("rest_api_timeout_in_ms")),
    resolvePath: (p) => resolve(configDir, p),
    logger,
  };
}
