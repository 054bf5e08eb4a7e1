import * as grpc from "@grpc/grpc-js";
import { SealedError } from "../../common/errors.ts";
import { GRPC_PATHS, protoType, SIGNATURE_DEF_MAP_TYPE_URL } from "../../proto/index.ts";
import { rpcStatusError, STATUS_NAMES } from "../rpc-errors.ts";
import { formatTarget } from "../target.ts";
import { createTlsChannelCredentials, type TlsFailureSink } from "../tls/grpc-credentials.ts";
import { classifyTransportMessage } from "../tls/socket-errors.ts";
import {
  type ClientOptions,
  DEFAULT_SIGNATURE,
  DEFAULT_TIMEOUT_MS,
  type ModelRef,
  type OutputTensor,
  type PredictCall,
  type PreparedPredict,
  type SignatureLite,
  type TfServingClient,
} from "../types.ts";
import {
  floatInputToTensorProto,
  type TensorProtoObject,
  tensorInfoToLite,
  tensorProtoToOutput,
} from "./tensor-proto.ts";

const TO_OBJECT = { longs: Number, enums: String, bytes: Buffer, defaults: false, arrays: true } as const;

/** grpc-js reports transport failures (as opposed to a server status) with these texts. */
const TRANSPORT_TEXT =
  /no connection established|connection dropped|failed to connect|socket closed|econn|alert|ssl|tls|handshake/i;

function modelSpec(m: ModelRef): Record<string, unknown> {
  return {
    name: m.name,
    signature_name: m.signature ?? DEFAULT_SIGNATURE,
    ...(m.version !== undefined ? { version: { value: m.version } } : {}),
  };
}

function encode(typeName: string, obj: Record<string, unknown>): Buffer {
  const t = protoType(typeName);
  return Buffer.from(t.encode(t.fromObject(obj)).finish());
}

function decode<T>(typeName: string, buf: Buffer, method: string): T {
  const t = protoType(typeName);
  try {
    return t.toObject(t.decode(buf), TO_OBJECT) as T;
  } catch (err) {
    throw new SealedError("CLIENT_BAD_RESPONSE", `${method}: the response is not a ${typeName}`, { cause: err });
  }
}

export function encodePredictRequest(call: PredictCall): Buffer {
  const inputs: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(call.inputs)) inputs[name] = floatInputToTensorProto(t);
  return encode("tensorflow.serving.PredictRequest", { model_spec: modelSpec(call), inputs });
}

export function decodePredictResponse(buf: Buffer): Record<string, OutputTensor> {
  const res = decode<{ outputs?: Record<string, TensorProtoObject> }>(
    "tensorflow.serving.PredictResponse",
    buf,
    "Predict",
  );
  const out: Record<string, OutputTensor> = {};
  for (const [name, t] of Object.entries(res.outputs ?? {})) out[name] = tensorProtoToOutput(name, t);
  if (Object.keys(out).length === 0)
    throw new SealedError("CLIENT_BAD_RESPONSE", "Predict: the response has no outputs");
  return out;
}

type InfoObj = Parameters<typeof tensorInfoToLite>[1];
interface SignatureObj {
  inputs?: Record<string, InfoObj>;
  outputs?: Record<string, InfoObj>;
  method_name?: string;
}

export function decodeMetadataResponse(buf: Buffer): Record<string, SignatureLite> {
  const res = decode<{ metadata?: Record<string, { type_url?: string; value?: Buffer }> }>(
    "tensorflow.serving.GetModelMetadataResponse",
    buf,
    "GetModelMetadata",
  );
  const any = res.metadata?.signature_def;
  if (!any?.value || any.type_url !== SIGNATURE_DEF_MAP_TYPE_URL) {
    throw new SealedError("CLIENT_BAD_RESPONSE", "GetModelMetadata: no signature_def entry in the response");
  }
  const map = decode<{ signature_def?: Record<string, SignatureObj> }>(
    "tensorflow.serving.SignatureDefMap",
    any.value,
    "GetModelMetadata",
  );
  const out: Record<string, SignatureLite> = {};
  for (const [key, sig] of Object.entries(map.signature_def ?? {})) {
    const lite = (m: Record<string, InfoObj> | undefined) =>
      Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, tensorInfoToLite(k, v)]));
    out[key] = { methodName: sig.method_name ?? "", inputs: lite(sig.inputs), outputs: lite(sig.outputs) };
  }
  return out;
}

/** TF Serving gRPC client; one channel (its own connection) per instance, like each seed task. */
class GrpcTfServingClient implements TfServingClient {
  readonly protocol = "grpc";
  readonly secure: boolean;
  private readonly client: grpc.Client;
  private readonly sink: TlsFailureSink = {};
  private readonly where: string;
  private readonly timeoutMs: number;

  constructor(opts: ClientOptions) {
    this.secure = opts.tls !== undefined;
    this.where = formatTarget(opts);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const creds = opts.tls
      ? createTlsChannelCredentials(opts.tls, opts.host, opts.port, this.sink)
      : grpc.credentials.createInsecure();
    this.client = new grpc.Client(this.where, creds, {
      "grpc.use_local_subchannel_pool": 1, // a connection of its own, as each seed task has
      "grpc.max_receive_message_length": -1,
      "grpc.max_send_message_length": -1,
    });
  }

  private call(path: string, method: string, body: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        body,
        new grpc.Metadata(),
        { deadline: Date.now() + this.timeoutMs },
        (err, res) => (err || !res ? reject(this.mapError(method, err)) : resolve(res)),
      );
    });
  }

  private mapError(method: string, err: grpc.ServiceError | null): SealedError {
    if (!err) return new SealedError("CLIENT_BAD_RESPONSE", `${method}: empty response`);
    const status = STATUS_NAMES[err.code] ?? "UNKNOWN";
    if (status === "UNAVAILABLE" && (this.sink.last || TRANSPORT_TEXT.test(err.details))) {
      return this.sink.last ?? classifyTransportMessage(err.details, this.where, err, this.secure);
    }
    return rpcStatusError(method, status, err.details, err);
  }

  async getModelMetadata(model: ModelRef): Promise<Record<string, SignatureLite>> {
    const body = encode("tensorflow.serving.GetModelMetadataRequest", {
      model_spec: { ...modelSpec(model), signature_name: "" },
      metadata_field: ["signature_def"],
    });
    return decodeMetadataResponse(await this.call(GRPC_PATHS.getModelMetadata, "GetModelMetadata", body));
  }

  async predict(call: PredictCall): Promise<Record<string, OutputTensor>> {
    return decodePredictResponse(await this.call(GRPC_PATHS.predict, "Predict", encodePredictRequest(call)));
  }

  prepare(call: PredictCall): PreparedPredict {
    const body = encodePredictRequest(call);
    return {
      send: async () => decodePredictResponse(await this.call(GRPC_PATHS.predict, "Predict", body)),
    };
  }

  close(): void {
    this.client.close();
  }
}

export function createGrpcClient(opts: ClientOptions): TfServingClient {
  return new GrpcTfServingClient(opts);
}
