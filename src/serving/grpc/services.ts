import type * as grpc from "@grpc/grpc-js";
import { SealedError } from "../../common/errors.ts";
import { statusNumber } from "../../common/status.ts";
import { protoEnum, protoType, SIGNATURE_DEF_MAP_TYPE_URL } from "../../proto/index.ts";
import { DTYPES } from "../core/dtypes.ts";
import type { ModelMetadata, ServingCore } from "../core/serving-core.ts";
import type { Tensor, TensorSpec } from "../core/tensor.ts";
import type { ServingMetrics } from "../metrics/serving-metrics.ts";
import { type ModelSpecIn, specFromProto, specToProto } from "./model-spec.ts";
import { statusNameOf, toGrpcError } from "./status.ts";
import { decodeTensorProto, encodeTensorProto, type TensorProtoIn } from "./tensor-codec.ts";

/** What the gRPC handlers need besides the core. */
export interface GrpcServiceOptions {
  readonly core: ServingCore;
  readonly metrics?: ServingMetrics;
  /** Largest decoded request in bytes (RESOURCE_EXHAUSTED above). */
  readonly maxRequestBytes: number;
  /** --enable_serialization_as_tensor_content. */
  readonly tensorContent: boolean;
  /** HandleReloadConfigRequest: applies a decoded ModelServerConfig. */
  readonly reloadConfig: (config: unknown) => Promise<void>;
}

type Unary = (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => void;

const stateEnum = protoEnum("tensorflow.serving.ModelVersionStatus.State");
const signatureDefMap = protoType("tensorflow.serving.SignatureDefMap");

function tensorInfo(spec: TensorSpec): Record<string, unknown> {
  return {
    name: spec.name,
    dtype: DTYPES[spec.dtype].tf,
    tensor_shape: spec.shape ? { dim: spec.shape.map((size) => ({ size })) } : { unknown_rank: true },
  };
}

/** The SignatureDefMap Any of GetModelMetadataResponse.metadata["signature_def"]. */
export function signatureDefAny(meta: ModelMetadata): { type_url: string; value: Uint8Array } {
  const defs: Record<string, unknown> = {};
  for (const [key, sig] of Object.entries(meta.signatureDefs)) {
    const map = (specs: Readonly<Record<string, TensorSpec>>) =>
      Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, tensorInfo(s)]));
    defs[key] = { inputs: map(sig.inputs), outputs: map(sig.outputs), method_name: sig.methodName };
  }
  return { type_url: SIGNATURE_DEF_MAP_TYPE_URL, value: signatureDefMap.encode({ signature_def: defs }).finish() };
}

/**
 * Handlers of tensorflow.serving.PredictionService, ModelService and grpc.health.v1.Health:
 * thin translators between decoded protos and the ServingCore.
 */
export function createHandlers(opts: GrpcServiceOptions): Record<string, Unary> {
  const { core, metrics } = opts;

  function wrap(api: string, fn: (req: Record<string, unknown>) => Promise<unknown> | unknown): Unary {
    return (call, cb) => {
      const t0 = process.hrtime.bigint();
      const req = call.request as Record<string, unknown>;
      const modelName = (req?.model_spec as ModelSpecIn | undefined)?.name ?? "";
      const done = (status: string) =>
        metrics?.recordRequest({
          modelName,
          api,
          entrypoint: "GRPC",
          status,
          latencyMicros: Number((process.hrtime.bigint() - t0) / 1000n),
        });
      Promise.resolve()
        .then(() => fn(req))
        .then(
          (res) => {
            done("OK");
            cb(null, res);
          },
          (err) => {
            done(statusNameOf(err));
            cb(toGrpcError(err));
          },
        );
    };
  }

  const unimplemented = (api: string) =>
    wrap(api, (req) => {
      const spec = specFromProto(req.model_spec as ModelSpecIn);
      core.getModelMetadata(spec); // unknown models answer NOT_FOUND first, as in TF Serving
      throw new SealedError(
        "SRV_UNIMPLEMENTED",
        `${api} is not supported by model ${spec.name}: it has no ${api.toLowerCase()} signature (ONNX models expose only serving_default with method tensorflow/serving/predict)`,
      );
    });

  return {
    Predict: wrap("predict", async (req) => {
      const spec = specFromProto(req.model_spec as ModelSpecIn);
      const inputs = new Map<string, Tensor>();
      let budget = opts.maxRequestBytes;
      for (const [name, proto] of Object.entries((req.inputs as Record<string, TensorProtoIn>) ?? {})) {
        const t = decodeTensorProto(proto, name, budget);
        inputs.set(name, t);
        budget -= t.data.length * Math.max(1, t.dtype === "STRING" ? 1 : DTYPES[t.dtype].bytes);
      }
      const result = await core.predict(spec, inputs, req.output_filter as string[] | undefined);
      const outputs: Record<string, unknown> = {};
      for (const [name, t] of result.outputs) outputs[name] = encodeTensorProto(t, opts.tensorContent);
      return { outputs, model_spec: specToProto(result.modelSpec) };
    }),
    GetModelMetadata: wrap("GetModelMetadata", (req) => {
      const fields = (req.metadata_field as string[] | undefined) ?? [];
      if (fields.length === 0) {
        throw new SealedError("SRV_METADATA_FIELD", "GetModelMetadataRequest must specify at least one metadata_field");
      }
      for (const f of fields) {
        if (f !== "signature_def") throw new SealedError("SRV_METADATA_FIELD", `Metadata field ${f} is not supported`);
      }
      const meta = core.getModelMetadata(specFromProto(req.model_spec as ModelSpecIn));
      return { model_spec: specToProto(meta.modelSpec), metadata: { signature_def: signatureDefAny(meta) } };
    }),
    Classify: unimplemented("Classify"),
    Regress: unimplemented("Regress"),
    MultiInference: wrap("MultiInference", (req) => {
      const tasks = (req.tasks as { model_spec?: ModelSpecIn }[] | undefined) ?? [];
      for (const t of tasks) core.getModelMetadata(specFromProto(t.model_spec));
      throw new SealedError(
        "SRV_UNIMPLEMENTED",
        "MultiInference is not supported: the served models have no classify or regress signatures",
      );
    }),
    GetModelStatus: wrap("GetModelStatus", (req) => {
      const list = core.getModelStatus(specFromProto(req.model_spec as ModelSpecIn));
      return {
        model_version_status: list.map((s) => ({
          version: s.version.toString(),
          state: stateEnum.values[s.state],
          status:
            s.errorCode === "OK" && !s.errorMessage
              ? {}
              : { error_code: statusNumber[s.errorCode], error_message: s.errorMessage },
        })),
      };
    }),
    HandleReloadConfigRequest: wrap("HandleReloadConfigRequest", async (req) => {
      await opts.reloadConfig(req.config);
      return { status: {} };
    }),
  };
}
