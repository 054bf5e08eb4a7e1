import * as grpc from "@grpc/grpc-js";
import type protobuf from "protobufjs";
import { GRPC_PATHS, protoType } from "../../proto/index.ts";

/**
 * A minimal raw gRPC client for tests: calls a method path with protobufjs encode/decode of our
 * protos (what any TF Serving client sends on the wire).
 */
export class RawGrpcClient {
  readonly client: grpc.Client;

  constructor(address: string, creds: grpc.ChannelCredentials = grpc.credentials.createInsecure(), options = {}) {
    this.client = new grpc.Client(address, creds, { "grpc.max_receive_message_length": -1, ...options });
  }

  call<T = Record<string, unknown>>(path: string, reqType: string, resType: string, req: unknown): Promise<T> {
    const rq: protobuf.Type = protoType(reqType);
    const rs: protobuf.Type = protoType(resType);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        (m: unknown) => Buffer.from(rq.encode(rq.fromObject(m as Record<string, unknown>)).finish()),
        (b: Buffer) => rs.toObject(rs.decode(b), { longs: String, enums: String, bytes: Buffer, oneofs: true }) as T,
        req,
        (err, res) => (err ? reject(err) : resolve(res as T)),
      );
    });
  }

  predict(req: unknown) {
    return this.call(
      GRPC_PATHS.predict,
      "tensorflow.serving.PredictRequest",
      "tensorflow.serving.PredictResponse",
      req,
    );
  }

  metadata(req: unknown) {
    return this.call(
      GRPC_PATHS.getModelMetadata,
      "tensorflow.serving.GetModelMetadataRequest",
      "tensorflow.serving.GetModelMetadataResponse",
      req,
    );
  }

  status(req: unknown) {
    return this.call(
      GRPC_PATHS.getModelStatus,
      "tensorflow.serving.GetModelStatusRequest",
      "tensorflow.serving.GetModelStatusResponse",
      req,
    );
  }

  reload(req: unknown) {
    return this.call(
      GRPC_PATHS.handleReloadConfigRequest,
      "tensorflow.serving.ReloadConfigRequest",
      "tensorflow.serving.ReloadConfigResponse",
      req,
    );
  }

  health(service = "") {
    return this.call(
      GRPC_PATHS.healthCheck,
      "grpc.health.v1.HealthCheckRequest",
      "grpc.health.v1.HealthCheckResponse",
      { service },
    );
  }

  close(): void {
    this.client.close();
  }
}

/** A Float32Array as tensor_content bytes. */
export function f32Content(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
