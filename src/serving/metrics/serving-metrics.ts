/**
 * What the adapters and the core report for monitoring. The implementation (Prometheus text with
 * TF Serving's metric names, `:tensorflow:serving:request_count` etc.) lives beside this file.
 */
export interface ServingMetrics {
  /** One finished request on an API entry point. */
  recordRequest(event: RequestEvent): void;
  /** One model run (ONNX Runtime session.run) with its batch size and wall time. */
  recordRuntime(event: RuntimeEvent): void;
  /** Prometheus text exposition (version 0.0.4). */
  render(): string;
}

export interface RequestEvent {
  readonly modelName: string;
  /** TF Serving API name: `predict`, `GetModelMetadata`, `GetModelStatus`, `classify`, ... */
  readonly api: string;
  readonly entrypoint: "GRPC" | "REST";
  /** "OK" or the failing status name. */
  readonly status: string;
  readonly latencyMicros: number;
}

export interface RuntimeEvent {
  readonly modelName: string;
  readonly signatureName: string;
  readonly batchSize: number;
  readonly runtimeMicros: number;
  /** `API` label of runtime_latency (default "predict"). */
  readonly api?: string;
  /** `runtime` label of runtime_latency (default "onnxruntime"). */
  readonly runtime?: string;
}
