import { SealedError } from "../../common/errors.ts";
import { statusOf } from "../rpc-errors.ts";
import type { OutputTensor, PredictCall, TfServingClient } from "../types.ts";
import type { RunRecord } from "./stats.ts";

/** One finished request, reported as it completes (per-request lines, progress bar). */
export interface RequestEvent {
  readonly task: number;
  readonly loopIdx: number;
  readonly latencyMs: number;
  readonly error?: SealedError;
}

export interface RunOptions {
  readonly cnum: number;
  readonly batch: number;
  /** Sequential requests per task; 0 = until `signal` aborts or `durationMs` passes. */
  readonly loop: number;
  readonly durationMs?: number;
  /** Extra attempts for a request that fails with status UNAVAILABLE (a replica went away). */
  readonly retries: number;
  /** A fresh client (own channel/connection) per task, as the seed opens one channel per task. */
  readonly makeClient: () => TfServingClient;
  readonly call: PredictCall;
  /** Monotonic milliseconds (performance.now). */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly signal?: AbortSignal;
  readonly onRequest?: (e: RequestEvent) => void;
}

export interface RunOutcome {
  readonly record: RunRecord;
  /** Outputs of task 0's first successful response (the seed prints it after the run). */
  readonly firstResponse?: Readonly<Record<string, OutputTensor>>;
  /** The first error seen (to report when nothing succeeded). */
  readonly firstError?: SealedError;
}

/** Retries apply only to UNAVAILABLE, never to a certificate or peer-check refusal. */
function retryable(err: SealedError): boolean {
  return statusOf(err) === "UNAVAILABLE" && err.code !== "CLIENT_TLS_VERIFY" && err.code !== "CLIENT_CERT_EXPIRED";
}

/**
 * One run of the seed's load generator: `cnum` concurrent tasks, each with its own client,
 * sending the same prepared request `loop` times in sequence. e2e covers everything from the
 * first channel creation to the last task's end.
 */
export async function runLoad(o: RunOptions): Promise<RunOutcome> {
  const latencies: number[] = [];
  const errorsByStatus: Record<string, number> = {};
  let retries = 0;
  let firstError: SealedError | undefined;
  let firstResponse: Readonly<Record<string, OutputTensor>> | undefined;
  const start = o.now();
  const deadline = o.durationMs === undefined ? Number.POSITIVE_INFINITY : start + o.durationMs;
  const more = (k: number) => !o.signal?.aborted && (o.loop === 0 || k < o.loop) && (k === 0 || o.now() < deadline);

  const task = async (i: number) => {
    const client = o.makeClient();
    try {
      const prepared = client.prepare(o.call);
      for (let k = 0; more(k); k++) {
        const t0 = o.now();
        let error: SealedError | undefined;
        for (let attempt = 0; ; attempt++) {
          try {
            const outputs = await prepared.send();
            if (i === 0 && firstResponse === undefined) firstResponse = outputs;
            error = undefined;
            break;
          } catch (err) {
            error = SealedError.from(err, "CLIENT_RPC_FAILED");
            if (attempt >= o.retries || !retryable(error) || o.signal?.aborted) break;
            retries++;
            await o.sleep(Math.min(1000, 50 * 2 ** attempt));
          }
        }
        const latencyMs = o.now() - t0;
        if (error) {
          firstError ??= error;
          const s = statusOf(error);
          errorsByStatus[s] = (errorsByStatus[s] ?? 0) + 1;
        } else {
          latencies.push(latencyMs);
        }
        o.onRequest?.({ task: i, loopIdx: k, latencyMs, error });
      }
    } finally {
      client.close();
    }
  };
  await Promise.all(Array.from({ length: o.cnum }, (_, i) => task(i)));
  const e2eSeconds = (o.now() - start) / 1000;
  return {
    record: { cnum: o.cnum, batch: o.batch, loop: o.loop, e2eSeconds, latenciesMs: latencies, errorsByStatus, retries },
    firstError,
    firstResponse,
  };
}

/** The seed's random input: uint8 values 0..254 as float32, NHWC [batch, h, w, 3]. */
export function randomImageBatch(
  batch: number,
  h: number,
  w: number,
  channels: number,
  nextU32: () => number,
): Float32Array {
  const out = new Float32Array(batch * h * w * channels);
  for (let i = 0; i < out.length; i++) out[i] = nextU32() % 255;
  return out;
}
