import * as grpc from "@grpc/grpc-js";
import type protobuf from "protobufjs";
import { GRPC_PATHS, protoType } from "../../proto/index.ts";
import type { ServingCore } from "../core/serving-core.ts";
import { healthCheck, healthWatch } from "./health.ts";
import { createHandlers, type GrpcServiceOptions } from "./services.ts";

function method(
  path: string,
  req: string,
  res: string,
  responseStream = false,
): grpc.MethodDefinition<unknown, unknown> {
  const reqType: protobuf.Type = protoType(req);
  const resType: protobuf.Type = protoType(res);
  // protobufjs directly (no proto-loader object conversion): bytes stay Buffer views of the
  // received message, so tensor_content reaches the core without a copy.
  return {
    path,
    requestStream: false,
    responseStream,
    requestSerialize: (m) => Buffer.from(reqType.encode(m as protobuf.Message).finish()),
    requestDeserialize: (b) => reqType.decode(b),
    responseSerialize: (m) => {
      const u = resType.encode(m as protobuf.Message).finish();
      return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
    },
    responseDeserialize: (b) => resType.decode(b),
  };
}

const P = "tensorflow.serving.";

/** tensorflow.serving.PredictionService with protobufjs codecs. */
export const predictionServiceDefinition: grpc.ServiceDefinition = {
  Classify: method(GRPC_PATHS.classify, `${P}ClassificationRequest`, `${P}ClassificationResponse`),
  Regress: method(GRPC_PATHS.regress, `${P}RegressionRequest`, `${P}RegressionResponse`),
  Predict: method(GRPC_PATHS.predict, `${P}PredictRequest`, `${P}PredictResponse`),
  MultiInference: method(GRPC_PATHS.multiInference, `${P}MultiInferenceRequest`, `${P}MultiInferenceResponse`),
  GetModelMetadata: method(GRPC_PATHS.getModelMetadata, `${P}GetModelMetadataRequest`, `${P}GetModelMetadataResponse`),
};

/** tensorflow.serving.ModelService with protobufjs codecs. */
export const modelServiceDefinition: grpc.ServiceDefinition = {
  GetModelStatus: method(GRPC_PATHS.getModelStatus, `${P}GetModelStatusRequest`, `${P}GetModelStatusResponse`),
  HandleReloadConfigRequest: method(
    GRPC_PATHS.handleReloadConfigRequest,
    `${P}ReloadConfigRequest`,
    `${P}ReloadConfigResponse`,
  ),
};

/** grpc.health.v1.Health. */
export const healthServiceDefinition: grpc.ServiceDefinition = {
  Check: method(GRPC_PATHS.healthCheck, "grpc.health.v1.HealthCheckRequest", "grpc.health.v1.HealthCheckResponse"),
  Watch: method(
    GRPC_PATHS.healthWatch,
    "grpc.health.v1.HealthCheckRequest",
    "grpc.health.v1.HealthCheckResponse",
    true,
  ),
};

export interface GrpcServerOptions extends GrpcServiceOptions {
  readonly core: ServingCore;
  /** gRPC server channel options (max message sizes etc.). */
  readonly channelOptions?: grpc.ChannelOptions;
}

/** A grpc.Server with the three services registered (not yet bound). */
export function createGrpcServer(opts: GrpcServerOptions): grpc.Server {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": Math.min(opts.maxRequestBytes + 1024 * 1024, 2 ** 31 - 1),
    "grpc.max_send_message_length": -1,
    ...opts.channelOptions,
  });
  const h = createHandlers(opts);
  server.addService(predictionServiceDefinition, {
    Classify: h.Classify,
    Regress: h.Regress,
    Predict: h.Predict,
    MultiInference: h.MultiInference,
    GetModelMetadata: h.GetModelMetadata,
  });
  server.addService(modelServiceDefinition, {
    GetModelStatus: h.GetModelStatus,
    HandleReloadConfigRequest: h.HandleReloadConfigRequest,
  });
  server.addService(healthServiceDefinition, { Check: healthCheck(opts.core), Watch: healthWatch(opts.core) });
  return server;
}

/** HTTP/2 receive window of the server: large requests (600 KB images) need no WINDOW_UPDATE stalls. */
export const FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

interface GrpcServerInternals {
  commonServerOptions?: { settings?: Record<string, unknown> };
  http2Servers?: Map<{ on(ev: "session", fn: (s: { setLocalWindowSize?(n: number): void }) => void): void }, unknown>;
}

/**
 * grpc-js has no server option for the HTTP/2 flow-control window (only its client has
 * `grpc-node.flow_control_window`), so this sets it through the server's internals when they have
 * the expected shape, and otherwise leaves the defaults.
 */
function widenFlowControl(server: grpc.Server, phase: "settings" | "sessions"): void {
  const s = server as unknown as GrpcServerInternals;
  try {
    if (phase === "settings" && s.commonServerOptions) {
      s.commonServerOptions.settings = { ...s.commonServerOptions.settings, initialWindowSize: FLOW_CONTROL_WINDOW };
    }
    if (phase === "sessions" && s.http2Servers instanceof Map) {
      for (const h of s.http2Servers.keys()) {
        h.on("session", (session) => session.setLocalWindowSize?.(FLOW_CONTROL_WINDOW));
      }
    }
  } catch {
    // internals changed: keep grpc-js defaults
  }
}

/** Binds `host:port` (port 0 = any free port) and resolves the bound port. */
export async function bindGrpc(
  server: grpc.Server,
  host: string,
  port: number,
  creds: grpc.ServerCredentials,
): Promise<number> {
  const addr = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  widenFlowControl(server, "settings");
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(addr, creds, (err, p) => (err ? reject(err) : resolve(p)));
  });
  widenFlowControl(server, "sessions");
  return bound;
}
