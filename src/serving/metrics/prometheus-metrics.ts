import { familyHeader, histogramLines, type Labels, sampleLine } from "./exposition.ts";
import { exponentialBuckets, Histogram } from "./histogram.ts";
import type { RequestEvent, RuntimeEvent, ServingMetrics } from "./serving-metrics.ts";

/**
 * ServingMetrics with TF Serving's Prometheus names (its exporter turns `/tensorflow/serving/x`
 * into `:tensorflow:serving:x`; specs/ecosystem.md section 3):
 * - `:tensorflow:serving:request_count{model_name,status}` counter
 * - `:tensorflow:serving:request_latency{model_name,API,entrypoint}` histogram, microseconds
 * - `:tensorflow:serving:runtime_latency{model_name,API,runtime}` histogram, microseconds
 * - `:tensorflow:core:graph_runs` and `:tensorflow:core:graph_run_time_usecs` counters
 * Latency buckets are TF's `Buckets::Exponential(10, 1.8, 33)` (10 us .. ~1.5e9 us).
 */
export interface ServingMetricsOptions {
  /** Latency bucket upper bounds in microseconds (default TF Serving's). */
  readonly latencyBucketsMicros?: readonly number[];
  /** `runtime` label of runtime_latency (default "onnxruntime"). */
  readonly runtimeName?: string;
  /** Series per metric family before folding into `__overflow__` (default 1000). */
  readonly maxSeries?: number;
}

export const TF_SERVING_LATENCY_BUCKETS: readonly number[] = Object.freeze(exponentialBuckets(10, 1.8, 33));

const REQUEST_COUNT = ":tensorflow:serving:request_count";
const REQUEST_LATENCY = ":tensorflow:serving:request_latency";
const RUNTIME_LATENCY = ":tensorflow:serving:runtime_latency";
const GRAPH_RUNS = ":tensorflow:core:graph_runs";
const GRAPH_RUN_TIME = ":tensorflow:core:graph_run_time_usecs";

/** Label values longer than this are cut (they come from request paths: model names). */
export const MAX_LABEL_VALUE_CHARS = 200;
/** Series per family before new label sets are folded into one `__overflow__` series. */
export const DEFAULT_MAX_SERIES = 1000;
const OVERFLOW = "__overflow__";

/**
 * Values keyed by their label set, in first-seen order. Label values come from clients (model
 * names of failed requests), so the number of series is capped and long values are cut: a flood
 * of requests for random model names cannot grow memory or the exposition without bound.
 */
class LabelledFamily<T> {
  private readonly entries = new Map<string, { labels: Labels; value: T }>();

  constructor(
    private readonly make: () => T,
    private readonly maxSeries: number,
  ) {}

  get(raw: Labels): T {
    let labels: Labels = raw.map(([k, v]) => [
      k,
      v.length > MAX_LABEL_VALUE_CHARS ? v.slice(0, MAX_LABEL_VALUE_CHARS) : v,
    ]);
    let key = labels.map(([, v]) => v).join("\u0000");
    let e = this.entries.get(key);
    if (e === undefined && this.entries.size >= this.maxSeries) {
      labels = labels.map(([k]) => [k, OVERFLOW]);
      key = labels.map(([, v]) => v).join("\u0000");
      e = this.entries.get(key);
    }
    if (e === undefined) {
      e = { labels, value: this.make() };
      this.entries.set(key, e);
    }
    return e.value;
  }

  *[Symbol.iterator](): IterableIterator<{ labels: Labels; value: T }> {
    yield* this.entries.values();
  }

  get size(): number {
    return this.entries.size;
  }
}

export function createServingMetrics(opts: ServingMetricsOptions = {}): ServingMetrics {
  const bounds = opts.latencyBucketsMicros ?? TF_SERVING_LATENCY_BUCKETS;
  const runtimeName = opts.runtimeName ?? "onnxruntime";
  const maxSeries = opts.maxSeries ?? DEFAULT_MAX_SERIES;
  const requestCount = new LabelledFamily(() => ({ n: 0 }), maxSeries);
  const requestLatency = new LabelledFamily(() => new Histogram(bounds), maxSeries);
  const runtimeLatency = new LabelledFamily(() => new Histogram(bounds), maxSeries);
  let graphRuns = 0;
  let graphRunTime = 0;

  return {
    recordRequest(e: RequestEvent): void {
      requestCount.get([
        ["model_name", e.modelName],
        ["status", e.status],
      ]).n++;
      requestLatency
        .get([
          ["model_name", e.modelName],
          ["API", e.api],
          ["entrypoint", e.entrypoint],
        ])
        .observe(e.latencyMicros);
    },
    recordRuntime(e: RuntimeEvent): void {
      runtimeLatency
        .get([
          ["model_name", e.modelName],
          ["API", e.api ?? "predict"],
          ["runtime", e.runtime ?? runtimeName],
        ])
        .observe(e.runtimeMicros);
      graphRuns++;
      graphRunTime += e.runtimeMicros;
    },
    render(): string {
      let out = "";
      if (requestCount.size > 0) {
        out += familyHeader(REQUEST_COUNT, "counter", "The total number of requests.");
        for (const { labels, value } of requestCount) out += sampleLine(REQUEST_COUNT, labels, value.n);
      }
      if (requestLatency.size > 0) {
        out += familyHeader(
          REQUEST_LATENCY,
          "histogram",
          "Distribution of wall time (in microseconds) for Tensorflow Serving request.",
        );
        for (const { labels, value } of requestLatency) out += histogramLines(REQUEST_LATENCY, labels, value);
      }
      if (runtimeLatency.size > 0) {
        out += familyHeader(
          RUNTIME_LATENCY,
          "histogram",
          "Distribution of wall time (in microseconds) for model runtime.",
        );
        for (const { labels, value } of runtimeLatency) out += histogramLines(RUNTIME_LATENCY, labels, value);
      }
      out += familyHeader(
        GRAPH_RUNS,
        "counter",
        "The number of graph executions used to collect graph_run_time_usecs.",
      );
      out += sampleLine(GRAPH_RUNS, [], graphRuns);
      out += familyHeader(GRAPH_RUN_TIME, "counter", "The total time spent on executing graphs in microseconds.");
      out += sampleLine(GRAPH_RUN_TIME, [], graphRunTime);
      return out;
    },
  };
}
