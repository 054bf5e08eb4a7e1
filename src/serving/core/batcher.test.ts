import assert from "node:assert/strict";
import { test } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { Batcher, type BatchingOptions, type BatchRun } from "./batcher.ts";
import type { Tensor } from "./tensor.ts";

const opts = (o: Partial<BatchingOptions> = {}): BatchingOptions => ({
  maxBatchSize: 8,
  batchTimeoutMicros: 0,
  maxEnqueuedBatches: 10,
  numBatchThreads: 1,
  allowedBatchSizes: [],
  ...o,
});

function rows(values: number[], inner = 2): Map<string, Tensor> {
  const data = new Float32Array(values.length * inner);
  values.forEach((v, r) => {
    data.fill(v, r * inner, (r + 1) * inner);
  });
  return new Map([["x", { dtype: "FLOAT", shape: [values.length, inner], data }]]);
}

/** A model that doubles its input and records the batch sizes it saw; `gate` holds runs until released. */
function doubler() {
  const seen: number[] = [];
  let release: () => void = () => {};
  let gate: Promise<void> | undefined;
  const run: BatchRun = async (inputs) => {
    const x = inputs.get("x")!;
    seen.push(x.shape[0]);
    if (gate) await gate;
    const y = Float32Array.from(x.data as Float32Array, (v) => v * 2);
    return new Map([["y", { dtype: "FLOAT", shape: x.shape, data: y }]]);
  };
  return {
    run,
    seen,
    hold() {
      gate = new Promise((r) => (release = r));
    },
    open() {
      gate = undefined;
      release();
    },
  };
}

test("requests that queue while the thread is busy run as one batch, outputs split back", async () => {
  const m = doubler();
  const b = new Batcher(m.run, opts());
  m.hold();
  const first = b.submit(rows([1]), ["y"]);
  const rest = [b.submit(rows([2, 3]), ["y"]), b.submit(rows([4]), ["y"])];
  await new Promise((r) => setImmediate(r));
  m.open();
  await first;
  const [a, c] = await Promise.all(rest);
  assert.deepEqual(m.seen, [1, 3]);
  assert.deepEqual(a.get("y")!.shape, [2, 2]);
  assert.deepEqual([...(a.get("y")!.data as Float32Array)], [4, 4, 6, 6]);
  assert.deepEqual([...(c.get("y")!.data as Float32Array)], [8, 8]);
});

test("allowed_batch_sizes pads the batch (repeating the first row) and padding is dropped from outputs", async () => {
  const m = doubler();
  const b = new Batcher(m.run, opts({ allowedBatchSizes: [4, 8] }));
  const out = await b.submit(rows([5, 6, 7]), ["y"]);
  assert.deepEqual(m.seen, [4]);
  assert.deepEqual(out.get("y")!.shape, [3, 2]);
  assert.deepEqual([...(out.get("y")!.data as Float32Array)], [10, 10, 12, 12, 14, 14]);
});

test("a full queue answers SRV_QUEUE_FULL (UNAVAILABLE); oversize tasks are refused", async () => {
  const m = doubler();
  const b = new Batcher(m.run, opts({ maxBatchSize: 2, maxEnqueuedBatches: 1 }));
  m.hold();
  const running = b.submit(rows([1, 1]), ["y"]); // runs, holds the thread
  await new Promise((r) => setImmediate(r));
  const queued = b.submit(rows([2, 2]), ["y"]); // the one enqueued batch (full)
  await assert.rejects(
    b.submit(rows([3]), ["y"]),
    (e) => isSealedError(e, "SRV_QUEUE_FULL") && e.status === "UNAVAILABLE",
  );
  await assert.rejects(b.submit(rows([1, 2, 3]), ["y"]), (e) => isSealedError(e, "SRV_INPUT_SHAPE"));
  m.open();
  await Promise.all([running, queued]);
});

test("a batch waits for batch_timeout_micros to gather more requests", async () => {
  const m = doubler();
  const b = new Batcher(m.run, opts({ batchTimeoutMicros: 50_000, numBatchThreads: 4 }));
  const p = [b.submit(rows([1]), ["y"]), b.submit(rows([2]), ["y"])];
  await Promise.all(p);
  assert.deepEqual(m.seen, [2]);
});

test("requests with different inner shapes never share a batch; close() rejects queued work", async () => {
  const m = doubler();
  const b = new Batcher(m.run, opts());
  m.hold();
  const a = b.submit(rows([1], 2), ["y"]);
  await new Promise((r) => setImmediate(r));
  const c = b.submit(rows([1], 3), ["y"]);
  const d = b.submit(rows([1], 2), ["y"]);
  b.close();
  await assert.rejects(c, (e) => isSealedError(e, "SRV_SHUTTING_DOWN"));
  await assert.rejects(d, (e) => isSealedError(e, "SRV_SHUTTING_DOWN"));
  m.open();
  await a;
});
