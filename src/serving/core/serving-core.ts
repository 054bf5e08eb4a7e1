import type { StatusName } from "../../common/error-codes/types.ts";
import type { ModelSpecRef, Tensor, TensorSpec } from "./tensor.ts";

/**
 * The one protocol-independent serving core. gRPC and REST adapters are thin translators over
 * this interface; they never touch ONNX Runtime, the model registry or files. Failures are
 * SealedErrors whose catalog status the adapters map to gRPC codes / REST HTTP statuses.
 */
export interface ServingCore {
  /** Runs the addressed signature. Inputs are validated against the signature first. */
  predict(
    spec: ModelSpecRef,
    inputs: ReadonlyMap<string, Tensor>,
    outputFilter?: readonly string[],
  ): Promise<PredictResult>;
  /** SignatureDefs of the addressed model version. */
  getModelMetadata(spec: ModelSpecRef): ModelMetadata;
  /** Status of all versions of a model (or the one addressed by version/label). */
  getModelStatus(spec: ModelSpecRef): readonly ModelVersionStatus[];
  /** True once every configured model has at least one AVAILABLE version. */
  isReady(): boolean;
}

/** The model spec that actually served a request (name, concrete version, signature). */
export interface ResolvedModelSpec {
  readonly name: string;
  readonly version: bigint;
  readonly signatureName: string;
}

export interface PredictResult {
  readonly modelSpec: ResolvedModelSpec;
  readonly outputs: ReadonlyMap<string, Tensor>;
}

export interface SignatureInfo {
  readonly inputs: Readonly<Record<string, TensorSpec>>;
  readonly outputs: Readonly<Record<string, TensorSpec>>;
  /** e.g. `tensorflow/serving/predict`. */
  readonly methodName: string;
}

export interface ModelMetadata {
  readonly modelSpec: ResolvedModelSpec;
  /** Keyed by signature name (`serving_default`, ...). */
  readonly signatureDefs: Readonly<Record<string, SignatureInfo>>;
}

/** TF Serving `ModelVersionStatus.State`. */
export type ModelState = "UNKNOWN" | "START" | "LOADING" | "AVAILABLE" | "UNLOADING" | "END";

export interface ModelVersionStatus {
  readonly version: bigint;
  readonly state: ModelState;
  readonly errorCode: StatusName | "OK";
  readonly errorMessage: string;
}
