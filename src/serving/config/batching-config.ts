import { availableParallelism } from "node:os";
import { SealedError } from "../../common/errors.ts";
import type { BatchingOptions } from "../core/batcher.ts";
import { parseTextConfig, wrapperNumber } from "./normalize.ts";

/** TF Serving's shared batch scheduler defaults (specs/tf-serving-api.md, "Batching"). */
export function defaultBatching(): BatchingOptions {
  return {
    maxBatchSize: 1000,
    batchTimeoutMicros: 0,
    maxEnqueuedBatches: 10,
    numBatchThreads: availableParallelism(),
    allowedBatchSizes: [],
  };
}

/** Parses a `--batching_parameters_file` (text BatchingParameters) over the defaults. */
export function parseBatchingText(text: string): BatchingOptions {
  const o = parseTextConfig("tensorflow.serving.BatchingParameters", text);
  const d = defaultBatching();
  const pos = (name: string, v: number | undefined, dflt: number, min: number): number => {
    if (v === undefined) return dflt;
    if (!Number.isSafeInteger(v) || v < min) {
      throw new SealedError("CONFIG_INVALID", `batching parameter ${name} must be an integer >= ${min}, got ${v}`);
    }
    return v;
  };
  const maxBatchSize = pos("max_batch_size", wrapperNumber(o.max_batch_size), d.maxBatchSize, 1);
  const allowed = ((o.allowed_batch_sizes as string[] | undefined) ?? []).map(Number);
  for (let i = 0; i < allowed.length; i++) {
    if (!(allowed[i] > 0) || (i > 0 && allowed[i] <= allowed[i - 1])) {
      throw new SealedError("CONFIG_INVALID", "allowed_batch_sizes must be positive and strictly increasing");
    }
  }
  if (allowed.length > 0 && allowed.at(-1) !== maxBatchSize) {
    throw new SealedError("CONFIG_INVALID", "the last entry of allowed_batch_sizes must equal max_batch_size");
  }
  return {
    maxBatchSize,
    batchTimeoutMicros: pos("batch_timeout_micros", wrapperNumber(o.batch_timeout_micros), d.batchTimeoutMicros, 0),
    maxEnqueuedBatches: pos("max_enqueued_batches", wrapperNumber(o.max_enqueued_batches), d.maxEnqueuedBatches, 1),
    numBatchThreads: pos("num_batch_threads", wrapperNumber(o.num_batch_threads), d.numBatchThreads, 1),
    allowedBatchSizes: allowed,
  };
}
