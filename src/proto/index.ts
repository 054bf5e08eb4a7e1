import { fileURLToPath } from "node:url";
import * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";

/**
 * The TF Serving protos under `proto/` (written from specs/tf-serving-api.md), loaded once and
 * shared by the server and the client. Nothing here knows about serving logic.
 */

/** Absolute path of the `proto/` directory (the include root). */
export const PROTO_DIR = fileURLToPath(new URL("../../proto/", import.meta.url));

/** Entry files: every service and config message the server or client needs. */
export const PROTO_FILES: readonly string[] = Object.freeze([
  "tensorflow_serving/apis/prediction_service.proto",
  "tensorflow_serving/apis/model_service.proto",
  "tensorflow_serving/config/model_server_config.proto",
  "tensorflow_serving/config/ssl_config.proto",
  "tensorflow_serving/config/monitoring_config.proto",
  "tensorflow_serving/servables/tensorflow/batching_parameters.proto",
  "grpc/health/v1/health.proto",
]);

/** gRPC method paths (specs/tf-serving-api.md, "Services"). */
export const GRPC_PATHS = Object.freeze({
  predict: "/tensorflow.serving.PredictionService/Predict",
  classify: "/tensorflow.serving.PredictionService/Classify",
  regress: "/tensorflow.serving.PredictionService/Regress",
  multiInference: "/tensorflow.serving.PredictionService/MultiInference",
  getModelMetadata: "/tensorflow.serving.PredictionService/GetModelMetadata",
  getModelStatus: "/tensorflow.serving.ModelService/GetModelStatus",
  handleReloadConfigRequest: "/tensorflow.serving.ModelService/HandleReloadConfigRequest",
  healthCheck: "/grpc.health.v1.Health/Check",
  healthWatch: "/grpc.health.v1.Health/Watch",
});

/** Type URL of the Any in GetModelMetadataResponse.metadata["signature_def"]. */
export const SIGNATURE_DEF_MAP_TYPE_URL = "type.googleapis.com/tensorflow.serving.SignatureDefMap";

let cachedRoot: protobuf.Root | undefined;

/** The protobufjs Root holding every message of `proto/` (resolved, cached). */
export function protoRoot(): protobuf.Root {
  if (cachedRoot) return cachedRoot;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    // google/protobuf/*.proto come bundled with protobufjs (protobuf.common).
    if (target.startsWith("google/protobuf/")) return target;
    return target.startsWith("/") ? target : `${PROTO_DIR}${target}`;
  };
  root.loadSync(PROTO_FILES as string[], { keepCase: true });
  root.resolveAll();
  cachedRoot = root;
  return root;
}

/** Looks up a message type by its full name, e.g. `tensorflow.serving.PredictRequest`. */
export function protoType(fullName: string): protobuf.Type {
  return protoRoot().lookupType(fullName);
}

/** Looks up an enum by its full name, e.g. `tensorflow.DataType`. */
export function protoEnum(fullName: string): protobuf.Enum {
  return protoRoot().lookupEnum(fullName);
}

/**
 * Default @grpc/proto-loader options: field names as in the .proto (snake_case, like TF
 * Serving's JSON and Python clients), int64 as decimal strings, enums as names, bytes as Buffer.
 */
export const DEFAULT_LOADER_OPTIONS: protoLoader.Options = Object.freeze({
  keepCase: true,
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: false,
  oneofs: true,
  includeDirs: [PROTO_DIR],
});

/**
 * A @grpc/proto-loader package definition of all services (for `grpc.loadPackageDefinition`).
 * `options` override DEFAULT_LOADER_OPTIONS.
 */
export function loadPackageDefinition(options: protoLoader.Options = {}): protoLoader.PackageDefinition {
  return protoLoader.loadSync(PROTO_FILES as string[], { ...DEFAULT_LOADER_OPTIONS, ...options });
}
