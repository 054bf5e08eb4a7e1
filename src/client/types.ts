import type { TlsClientConfig } from "./tls/secure-connect.ts";

/** A float32 input tensor (row-major), as the seed sends it (DT_FLOAT in tensor_content). */
export interface FloatInput {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** An output tensor; numeric dtypes only (values widened to JS numbers). */
export interface OutputTensor {
  /** TensorFlow dtype name with the DT_ prefix, e.g. "DT_FLOAT". */
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly values: Float32Array | Float64Array | number[];
}

/** One input or output of a signature (TensorInfo). `shape` undefined = unknown rank; -1 = unknown dim. */
export interface TensorInfoLite {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[] | undefined;
}

export interface SignatureLite {
  readonly methodName: string;
  /** Keyed by the signature's input/output alias (the key clients send). */
  readonly inputs: Readonly<Record<string, TensorInfoLite>>;
  readonly outputs: Readonly<Record<string, TensorInfoLite>>;
}

export interface ModelRef {
  readonly name: string;
  /** A specific version; absent = latest. */
  readonly version?: string;
  /** Absent = serving_default. */
  readonly signature?: string;
}

export interface PredictCall extends ModelRef {
  readonly inputs: Readonly<Record<string, FloatInput>>;
}

/** A request encoded once and sent many times (the load generator reuses one request per task, like the seed). */
export interface PreparedPredict {
  /** Sends the request; resolves with the decoded outputs of a well-formed response. */
  send(): Promise<Readonly<Record<string, OutputTensor>>>;
}

export interface TfServingClient {
  readonly protocol: "grpc" | "rest";
  readonly secure: boolean;
  getModelMetadata(model: ModelRef): Promise<Readonly<Record<string, SignatureLite>>>;
  predict(call: PredictCall): Promise<Readonly<Record<string, OutputTensor>>>;
  prepare(call: PredictCall): PreparedPredict;
  close(): void;
}

export interface ClientOptions {
  readonly host: string;
  readonly port: number;
  /** Absent = plaintext (insecure channel). */
  readonly tls?: TlsClientConfig;
  /** Per-call deadline in milliseconds (default 60 s). */
  readonly timeoutMs?: number;
}

export const DEFAULT_SIGNATURE = "serving_default";
export const DEFAULT_TIMEOUT_MS = 60_000;
