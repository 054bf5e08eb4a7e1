import type { OutputTensor } from "../types.ts";
import { pyFloat } from "./py-format.ts";
import type { RunSummary } from "./stats.ts";

/** The seed's per-request line: `query: {secure|insecure} channel, task {i}, batch {b}, loop_idx {k}, latency(ms) {:.1f}, tps: {:.1f}`. */
export function queryLine(secure: boolean, task: number, batch: number, loopIdx: number, latencyMs: number): string {
  const tps = batch / (latencyMs / 1000);
  return `query: ${secure ? "secure" : "insecure"} channel, task ${task}, batch ${batch}, loop_idx ${loopIdx}, latency(ms) ${latencyMs.toFixed(1)}, tps: ${tps.toFixed(1)}`;
}

/** The seed's summary line, values unformatted as Python prints floats. */
export function summaryLine(s: RunSummary): string {
  return `summary: cnum ${s.cnum}, batch ${s.batch}, e2e time(s) ${pyFloat(s.e2eSeconds)}, average latency(ms) ${pyFloat(s.averageLatencyMs)}, tps: ${pyFloat(s.tps)}`;
}

/** Our extra line: percentiles, errors by status, retries. */
export function detailLine(s: RunSummary): string {
  const f = (x: number) => (Number.isNaN(x) ? "-" : x.toFixed(1));
  const errs = Object.entries(s.errorsByStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return `latency(ms) p50 ${f(s.p50Ms)}, p90 ${f(s.p90Ms)}, p99 ${f(s.p99Ms)}, max ${f(s.maxMs)}; requests ${s.requests}, ok ${s.ok}, errors ${s.errors}${errs ? ` (${errs})` : ""}, retries ${s.retries}`;
}

/** The `--json` form of a run (numbers as measured, NaN as null). */
export function summaryJson(s: RunSummary): Record<string, unknown> {
  const n = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    cnum: s.cnum,
    batch: s.batch,
    loop: s.loop,
    requests: s.requests,
    ok: s.ok,
    errors: s.errors,
    errorsByStatus: s.errorsByStatus,
    retries: s.retries,
    e2eSeconds: s.e2eSeconds,
    averageLatencyMs: n(s.averageLatencyMs),
    tps: n(s.tps),
    latencyMs: { p50: n(s.p50Ms), p90: n(s.p90Ms), p99: n(s.p99Ms), max: n(s.maxMs) },
    summaryLine: summaryLine(s),
  };
}

/**
 * A response in the spirit of the seed's `MessageToJson(PredictResponse)` (camelCase fields,
 * int64 sizes as strings, values as floatVal), indented like protobuf's JSON printer.
 */
export function responseJson(outputs: Readonly<Record<string, OutputTensor>>): string {
  const o: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(outputs)) {
    o[name] = {
      dtype: t.dtype,
      tensorShape: { dim: t.shape.map((d) => ({ size: String(d) })) },
      floatVal: Array.from(t.values),
    };
  }
  return JSON.stringify({ outputs: o }, null, 2);
}
