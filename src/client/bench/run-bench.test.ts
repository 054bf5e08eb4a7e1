import assert from "node:assert/strict";
import { test } from "node:test";
import { SealedError } from "../../common/errors.ts";
import { rpcStatusError } from "../rpc-errors.ts";
import type { TfServingClient } from "../types.ts";
import { randomImageBatch, runLoad } from "./run-bench.ts";
import { summarize } from "./stats.ts";

/** A fake client whose requests take `stepMs` on a virtual clock and fail as `failures` says. */
function fakeWorld(stepMs: number, failures: (task: number, n: number) => SealedError | undefined) {
  let now = 0;
  let made = 0;
  let closed = 0;
  const makeClient = (): TfServingClient => {
    const task = made++;
    let n = 0;
    return {
      protocol: "grpc",
      secure: false,
      getModelMetadata: async () => ({}),
      predict: async () => ({}),
      prepare: () => ({
        send: async () => {
          now += stepMs;
          const err = failures(task, n++);
          if (err) throw err;
          return {};
        },
      }),
      close: () => {
        closed++;
      },
    };
  };
  return {
    makeClient,
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    stats: () => ({ made, closed }),
  };
}

const call = { name: "m", inputs: {} };

test("cnum tasks x loop requests, one client per task, all closed", async () => {
  const w = fakeWorld(10, () => undefined);
  const seen: string[] = [];
  const { record, firstError } = await runLoad({
    cnum: 3,
    batch: 2,
    loop: 4,
    retries: 0,
    makeClient: w.makeClient,
    call,
    now: w.now,
    sleep: w.sleep,
    onRequest: (e) => seen.push(`${e.task}:${e.loopIdx}`),
  });
  assert.equal(firstError, undefined);
  assert.deepEqual(w.stats(), { made: 3, closed: 3 });
  assert.equal(record.latenciesMs.length, 12);
  assert.equal(new Set(seen).size, 12);
  const s = summarize(record);
  assert.equal(s.requests, 12);
  assert.equal(s.tps, (12 * 2) / record.e2eSeconds);
});

test("UNAVAILABLE is retried up to --retries; other statuses are not", async () => {
  const unavailable = rpcStatusError("Predict", "UNAVAILABLE", "replica gone");
  const invalid = rpcStatusError("Predict", "INVALID_ARGUMENT", "bad shape");
  // task 0: request 0 fails twice then succeeds; request 1 fails with INVALID_ARGUMENT once
  const plan: (SealedError | undefined)[] = [unavailable, unavailable, undefined, invalid, undefined];
  const w = fakeWorld(1, (_t, n) => plan[n]);
  const { record, firstError } = await runLoad({
    cnum: 1,
    batch: 1,
    loop: 3,
    retries: 2,
    makeClient: w.makeClient,
    call,
    now: w.now,
    sleep: w.sleep,
  });
  assert.equal(record.retries, 2);
  assert.deepEqual(record.errorsByStatus, { INVALID_ARGUMENT: 1 });
  assert.equal(record.latenciesMs.length, 2);
  assert.equal(firstError?.code, "CLIENT_RPC_FAILED");
});

test("without retries an UNAVAILABLE request counts as an error; a TLS refusal is never retried", async () => {
  const tls = new SealedError("CLIENT_TLS_VERIFY", "untrusted");
  const w = fakeWorld(1, () => tls);
  const { record, firstError } = await runLoad({
    cnum: 2,
    batch: 1,
    loop: 2,
    retries: 5,
    makeClient: w.makeClient,
    call,
    now: w.now,
    sleep: w.sleep,
  });
  assert.equal(record.retries, 0);
  assert.deepEqual(record.errorsByStatus, { UNAUTHENTICATED: 4 });
  assert.equal(firstError?.code, "CLIENT_TLS_VERIFY");
});

test("loop 0 runs until the duration passes or the signal aborts", async () => {
  const w = fakeWorld(10, () => undefined);
  const { record } = await runLoad({
    cnum: 1,
    batch: 1,
    loop: 0,
    durationMs: 100,
    retries: 0,
    makeClient: w.makeClient,
    call,
    now: w.now,
    sleep: w.sleep,
  });
  assert.equal(record.latenciesMs.length, 10);
  const ac = new AbortController();
  const w2 = fakeWorld(10, () => undefined);
  let n = 0;
  const r2 = await runLoad({
    cnum: 1,
    batch: 1,
    loop: 0,
    retries: 0,
    makeClient: w2.makeClient,
    call,
    now: w2.now,
    sleep: w2.sleep,
    signal: ac.signal,
    onRequest: () => {
      if (++n === 7) ac.abort();
    },
  });
  assert.equal(r2.record.latenciesMs.length, 7);
});

test("random batch holds integer values 0..254 in NHWC order", () => {
  let s = 0;
  const data = randomImageBatch(2, 8, 8, 3, () => s++);
  assert.equal(data.length, 2 * 8 * 8 * 3);
  assert.equal(data[0], 0);
  assert.equal(data[254], 254);
  assert.equal(data[255], 0);
  assert.ok(data.every((v) => Number.isInteger(v) && v >= 0 && v <= 254));
});
