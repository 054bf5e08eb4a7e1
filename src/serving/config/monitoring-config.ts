import { parseTextConfig } from "./normalize.ts";

/** TF Serving's MonitoringConfig: Prometheus metrics on the REST port. */
export interface MonitoringConfig {
  readonly prometheusEnabled: boolean;
  /** Default TF Serving path when enabled without one. */
  readonly prometheusPath: string;
}

export const DEFAULT_PROMETHEUS_PATH = "/monitoring/prometheus/metrics";

export function parseMonitoringText(text: string): MonitoringConfig {
  const o = parseTextConfig("tensorflow.serving.MonitoringConfig", text);
  const p = (o.prometheus_config as { enable?: boolean; path?: string } | undefined) ?? {};
  return Object.freeze({ prometheusEnabled: p.enable === true, prometheusPath: p.path || DEFAULT_PROMETHEUS_PATH });
}
