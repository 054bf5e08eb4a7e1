import { SealedError } from "../../common/errors.ts";

/**
 * `tensorflow_model_server` flags with TF Serving's spelling and defaults (main.cc/server.h,
 * specs/tf-serving-api.md), plus Sealed's own. Accepts `--flag=value`, `--flag value`, `-flag`,
 * booleans as `--flag` / `--flag=true|false`. Unknown flags are reported, never fatal.
 */
type Kind = "int" | "string" | "bool" | "port";

const FLAGS: Readonly<Record<string, { kind: Kind; default: string | number | boolean }>> = {
  port: { kind: "port", default: 8500 },
  grpc_socket_path: { kind: "string", default: "" },
  rest_api_port: { kind: "port", default: 0 },
  rest_api_num_threads: { kind: "int", default: 0 },
  rest_api_timeout_in_ms: { kind: "int", default: 30000 },
  rest_api_enable_cors_support: { kind: "bool", default: false },
  enable_batching: { kind: "bool", default: false },
  enable_per_model_batching_params: { kind: "bool", default: false },
  allow_version_labels_for_unavailable_models: { kind: "bool", default: false },
  batching_parameters_file: { kind: "string", default: "" },
  model_config_file: { kind: "string", default: "" },
  model_config_file_poll_wait_seconds: { kind: "int", default: 0 },
  model_name: { kind: "string", default: "default" },
  model_base_path: { kind: "string", default: "" },
  max_num_load_retries: { kind: "int", default: 5 },
  load_retry_interval_micros: { kind: "int", default: 60_000_000 },
  file_system_poll_wait_seconds: { kind: "int", default: 1 },
  flush_filesystem_caches: { kind: "bool", default: true },
  tensorflow_session_parallelism: { kind: "int", default: 0 },
  tensorflow_intra_op_parallelism: { kind: "int", default: 0 },
  tensorflow_inter_op_parallelism: { kind: "int", default: 0 },
  tensorflow_session_config_file: { kind: "string", default: "" },
  ssl_config_file: { kind: "string", default: "" },
  platform_config_file: { kind: "string", default: "" },
  saved_model_tags: { kind: "string", default: "serve" },
  grpc_channel_arguments: { kind: "string", default: "" },
  grpc_max_threads: { kind: "int", default: 0 },
  enable_model_warmup: { kind: "bool", default: true },
  num_request_iterations_for_warmup: { kind: "int", default: 1 },
  monitoring_config_file: { kind: "string", default: "" },
  enable_grpc_healthcheck_service: { kind: "bool", default: true },
  enable_serialization_as_tensor_content: { kind: "bool", default: false },
  enable_signature_method_name_check: { kind: "bool", default: false },
  remove_unused_fields_from_bundle_metagraph: { kind: "bool", default: true },
  prefer_tflite_model: { kind: "bool", default: false },
  enable_profiler: { kind: "bool", default: true },
  version: { kind: "bool", default: false },
  // Sealed's own flags.
  host: { kind: "string", default: "0.0.0.0" },
  wrap_key_file: { kind: "string", default: "" },
  pf_check_path: { kind: "bool", default: false },
  ort_allow_spinning: { kind: "bool", default: false },
  ort_worker_thread: { kind: "bool", default: true },
  max_request_bytes: { kind: "int", default: 1024 * 1024 * 1024 },
};

export type FlagValues = Record<string, string | number | boolean>;

export interface ParsedFlags {
  readonly values: FlagValues;
  /** Flags TF Serving does not have: warned about and ignored. */
  readonly unknown: readonly string[];
  /** Flags given explicitly. */
  readonly given: ReadonlySet<string>;
}

function convert(name: string, kind: Kind, raw: string): string | number | boolean {
  switch (kind) {
    case "string":
      return raw;
    case "bool":
      if (/^(true|1|yes)$/i.test(raw)) return true;
      if (/^(false|0|no)$/i.test(raw)) return false;
      throw new SealedError("SRV_BAD_FLAG", `--${name} must be true or false, got '${raw}'`);
    case "port":
      if (raw === "auto") return -1;
      if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
        throw new SealedError("SRV_BAD_FLAG", `--${name} must be a port number (0 = disabled) or 'auto', got '${raw}'`);
      }
      return Number(raw);
    case "int":
      if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
        throw new SealedError("SRV_BAD_FLAG", `--${name} must be an integer, got '${raw}'`);
      }
      return Number(raw);
  }
}

/** Parses the argument list of `sealed serve`. */
export function parseServeFlags(args: readonly string[]): ParsedFlags {
  const values: FlagValues = {};
  for (const [k, v] of Object.entries(FLAGS)) values[k] = v.default;
  const unknown: string[] = [];
  const given = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^--?([A-Za-z0-9_-]+)(?:=(.*))?$/s.exec(a);
    if (!m) {
      unknown.push(a);
      continue;
    }
    const name = m[1].replaceAll("-", "_");
    const spec = FLAGS[name];
    if (!spec) {
      unknown.push(a);
      continue;
    }
    let raw = m[2];
    if (raw === undefined) {
      if (spec.kind === "bool") {
        const next = args[i + 1];
        if (next !== undefined && /^(true|false)$/i.test(next)) {
          raw = next;
          i++;
        } else raw = "true";
      } else {
        if (i + 1 >= args.length) throw new SealedError("SRV_BAD_FLAG", `--${name} needs a value`);
        raw = args[++i];
      }
    }
    values[name] = convert(name, spec.kind, raw);
    given.add(name);
  }
  return { values, unknown, given };
}

/** One line per flag for the usage text. */
export function flagUsage(): string {
  return Object.entries(FLAGS)
    .map(
      ([k, v]) =>
        `  --${k}=${v.kind === "bool" ? "true|false" : `<${v.kind}>`}  (default ${JSON.stringify(v.default)})`,
    )
    .join("\n");
}
