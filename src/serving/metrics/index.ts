/** Prometheus metrics with TF Serving's names (`--monitoring_config_file`). */
export { checkExposition, type ExpositionCheck, type ExpositionFamily } from "./exposition-check.ts";
export { createServingMetrics, type ServingMetricsOptions, TF_SERVING_LATENCY_BUCKETS } from "./prometheus-metrics.ts";
export type { RequestEvent, RuntimeEvent, ServingMetrics } from "./serving-metrics.ts";
