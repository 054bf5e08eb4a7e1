import { SealedError } from "../../common/errors.ts";
import { concatRows, sliceRows } from "./batch-tensors.ts";
import type { Tensor } from "./tensor.ts";

/**
 * TF Serving's batching parameters (specs/tf-serving-api.md, "Batching"), with the scheduler's
 * defaults: max_batch_size 1000, batch_timeout_micros 0, max_enqueued_batches 10,
 * num_batch_threads = parallelism.
 */
export interface BatchingOptions {
  readonly maxBatchSize: number;
  readonly batchTimeoutMicros: number;
  readonly maxEnqueuedBatches: number;
  readonly numBatchThreads: number;
  /** Ascending; the last must equal maxBatchSize. Batches are padded up to the next size. */
  readonly allowedBatchSizes: readonly number[];
}

export type BatchRun = (
  inputs: ReadonlyMap<string, Tensor>,
  outputNames: readonly string[],
) => Promise<Map<string, Tensor>>;

interface Task {
  readonly inputs: ReadonlyMap<string, Tensor>;
  readonly outputNames: readonly string[];
  readonly rows: number;
  resolve(out: Map<string, Tensor>): void;
  reject(err: unknown): void;
}

interface Batch {
  readonly key: string;
  readonly tasks: Task[];
  rows: number;
  full: boolean;
  readonly deadline: number;
  timer?: NodeJS.Timeout;
}

/** Timer and clock hooks (tests may inject). */
export interface BatcherHooks {
  nowMicros(): number;
}

const defaultHooks: BatcherHooks = { nowMicros: () => Number(process.hrtime.bigint() / 1000n) };

function shapeKey(inputs: ReadonlyMap<string, Tensor>): string | undefined {
  const parts: string[] = [];
  let rows: number | undefined;
  for (const [name, t] of [...inputs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (t.shape.length === 0) return undefined;
    if (rows === undefined) rows = t.shape[0];
    else if (rows !== t.shape[0]) return undefined;
    parts.push(`${name}:${t.dtype}:${t.shape.slice(1).join("x")}`);
  }
  return parts.join("|");
}

/**
 * Dynamic batching for one model version: requests queue into batches (concatenated along dim 0
 * of every input), a batch runs when it is full or its timeout passed and one of
 * `numBatchThreads` is free, and outputs are split back per request. A request that would need
 * more than `maxEnqueuedBatches` waiting batches gets UNAVAILABLE (SRV_QUEUE_FULL).
 */
export class Batcher {
  private readonly queue: Batch[] = [];
  private active = 0;
  private closed = false;

  constructor(
    private readonly run: BatchRun,
    private readonly opts: BatchingOptions,
    private readonly hooks: BatcherHooks = defaultHooks,
  ) {}

  submit(inputs: ReadonlyMap<string, Tensor>, outputNames: readonly string[]): Promise<Map<string, Tensor>> {
    if (this.closed) return Promise.reject(new SealedError("SRV_SHUTTING_DOWN", "model is unloading"));
    const key = shapeKey(inputs);
    if (key === undefined) return this.run(inputs, outputNames); // not batchable (scalars, ragged dim 0)
    const rows = [...inputs.values()][0]?.shape[0] ?? 0;
    if (rows > this.opts.maxBatchSize) {
      return Promise.reject(
        new SealedError(
          "SRV_INPUT_SHAPE",
          `Task size ${rows} is larger than maximum input batch size ${this.opts.maxBatchSize}`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const task: Task = { inputs, outputNames, rows, resolve, reject };
      let batch = this.queue.at(-1);
      if (!batch || batch.full || batch.key !== key || batch.rows + rows > this.opts.maxBatchSize) {
        if (batch && !batch.full) batch.full = true; // no later task may jump ahead of this one
        if (this.queue.length >= this.opts.maxEnqueuedBatches) {
          reject(
            new SealedError("SRV_QUEUE_FULL", "The batch scheduling queue to which this task was submitted is full"),
          );
          return;
        }
        batch = {
          key,
          tasks: [],
          rows: 0,
          full: false,
          deadline: this.hooks.nowMicros() + this.opts.batchTimeoutMicros,
        };
        if (this.opts.batchTimeoutMicros > 0) {
          const b = batch;
          b.timer = setTimeout(
            () => {
              b.full = true; // expired: closes it even if the timer fired a hair early
              this.pump();
            },
            Math.ceil(this.opts.batchTimeoutMicros / 1000),
          );
        }
        this.queue.push(batch);
      }
      batch.tasks.push(task);
      batch.rows += rows;
      if (batch.rows >= this.opts.maxBatchSize) batch.full = true;
      this.pump();
    });
  }

  /** Rejects queued work and refuses new requests. */
  close(): void {
    this.closed = true;
    for (const b of this.queue.splice(0)) {
      if (b.timer) clearTimeout(b.timer);
      for (const t of b.tasks) t.reject(new SealedError("SRV_SHUTTING_DOWN", "model is unloading"));
    }
  }

  private ready(b: Batch): boolean {
    return b.full || this.hooks.nowMicros() >= b.deadline;
  }

  private pump(): void {
    while (this.active < this.opts.numBatchThreads && this.queue.length > 0 && this.ready(this.queue[0])) {
      const b = this.queue.shift()!;
      if (b.timer) clearTimeout(b.timer);
      this.active++;
      this.execute(b).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private paddedSize(rows: number): number {
    for (const s of this.opts.allowedBatchSizes) if (s >= rows) return s;
    return rows;
  }

  private async execute(b: Batch): Promise<void> {
    try {
      if (b.tasks.length === 1 && this.paddedSize(b.rows) === b.rows) {
        const t = b.tasks[0];
        t.resolve(await this.run(t.inputs, t.outputNames));
        return;
      }
      const padded = this.paddedSize(b.rows);
      const inputs = new Map<string, Tensor>();
      for (const name of b.tasks[0].inputs.keys()) {
        inputs.set(
          name,
          concatRows(
            b.tasks.map((t) => t.inputs.get(name)!),
            padded,
          ),
        );
      }
      const outputNames = [...new Set(b.tasks.flatMap((t) => t.outputNames))];
      const out = await this.run(inputs, outputNames);
      let start = 0;
      for (const t of b.tasks) {
        const mine = new Map<string, Tensor>();
        for (const name of t.outputNames) {
          const o = out.get(name)!;
          if (o.shape.length === 0 || o.shape[0] !== padded) {
            throw new SealedError(
              "SRV_INFERENCE",
              `batched output '${name}' has shape [${o.shape.join(",")}]; dim 0 must equal the batch size ${padded}`,
            );
          }
          mine.set(name, sliceRows(o, start, t.rows));
        }
        start += t.rows;
        t.resolve(mine);
      }
    } catch (err) {
      for (const t of b.tasks) t.reject(err);
    }
  }
}
