/** What one run (the warm-up or the measured run) of the load generator observed. */
export interface RunRecord {
  readonly cnum: number;
  readonly batch: number;
  /** Requests per task asked for (0 = until stopped). */
  readonly loop: number;
  /** Wall time of the whole run in seconds, channel and TLS set-up included (as the seed's e2e). */
  readonly e2eSeconds: number;
  /** Latencies (ms) of the successful requests. */
  readonly latenciesMs: readonly number[];
  /** Failed requests (after retries) by status name. */
  readonly errorsByStatus: Readonly<Record<string, number>>;
  /** Extra attempts made for requests that failed with UNAVAILABLE. */
  readonly retries: number;
}

export interface RunSummary {
  readonly cnum: number;
  readonly batch: number;
  readonly loop: number;
  readonly requests: number;
  readonly ok: number;
  readonly errors: number;
  readonly errorsByStatus: Readonly<Record<string, number>>;
  readonly retries: number;
  readonly e2eSeconds: number;
  /** Sum of latencies / successful requests (the seed: / (cnum*loop), equal when nothing failed). */
  readonly averageLatencyMs: number;
  /** Successful requests * batch / e2e (the seed: cnum*loop*batch / e2e). */
  readonly tps: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Nearest-rank percentile (p in 0..100) of ascending-sorted values; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(r: RunRecord): RunSummary {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const ok = sorted.length;
  const errors = Object.values(r.errorsByStatus).reduce((a, b) => a + b, 0);
  const sum = r.latenciesMs.reduce((a, b) => a + b, 0);
  return {
    cnum: r.cnum,
    batch: r.batch,
    loop: r.loop,
    requests: ok + errors,
    ok,
    errors,
    errorsByStatus: r.errorsByStatus,
    retries: r.retries,
    e2eSeconds: r.e2eSeconds,
    averageLatencyMs: ok === 0 ? Number.NaN : sum / ok,
    tps: r.e2eSeconds > 0 ? (ok * r.batch) / r.e2eSeconds : Number.NaN,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: ok === 0 ? Number.NaN : sorted[ok - 1],
  };
}
