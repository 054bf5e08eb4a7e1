import assert from "node:assert/strict";
import { test } from "node:test";
import { detailLine, queryLine, summaryJson, summaryLine } from "./lines.ts";
import { percentile, summarize } from "./stats.ts";

test("percentile is nearest-rank", () => {
  const v = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(v, 50), 50);
  assert.equal(percentile(v, 90), 90);
  assert.equal(percentile(v, 99), 99);
  assert.equal(percentile(v, 100), 100);
  assert.equal(percentile([5], 99), 5);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test("summary follows the seed's arithmetic: avg = sum/(cnum*loop), tps = cnum*loop*batch/e2e", () => {
  const latencies = [10, 20, 30, 40, 50, 60];
  const s = summarize({
    cnum: 2,
    batch: 4,
    loop: 3,
    e2eSeconds: 0.5,
    latenciesMs: latencies,
    errorsByStatus: {},
    retries: 0,
  });
  assert.equal(s.requests, 6);
  assert.equal(s.averageLatencyMs, 35);
  assert.equal(s.tps, (2 * 3 * 4) / 0.5);
  assert.equal(s.maxMs, 60);
  assert.equal(summaryLine(s), "summary: cnum 2, batch 4, e2e time(s) 0.5, average latency(ms) 35.0, tps: 48.0");
  assert.match(detailLine(s), /p50 30.0, p90 60.0, p99 60.0, max 60.0; requests 6, ok 6, errors 0, retries 0$/);
});

test("errors are counted by status and excluded from latency and tps", () => {
  const s = summarize({
    cnum: 1,
    batch: 2,
    loop: 4,
    e2eSeconds: 2,
    latenciesMs: [100, 300],
    errorsByStatus: { UNAVAILABLE: 1, INVALID_ARGUMENT: 1 },
    retries: 3,
  });
  assert.equal(s.requests, 4);
  assert.equal(s.errors, 2);
  assert.equal(s.averageLatencyMs, 200);
  assert.equal(s.tps, 2);
  assert.match(detailLine(s), /errors 2 \(INVALID_ARGUMENT=1 UNAVAILABLE=1\), retries 3/);
  const j = summaryJson(s);
  assert.equal(j.requests, 4);
  assert.equal(j.summaryLine, summaryLine(s));
  const none = summaryJson(summarize({ ...s, latenciesMs: [], errorsByStatus: { UNAVAILABLE: 4 } }));
  assert.equal(none.averageLatencyMs, null);
  assert.equal(JSON.parse(JSON.stringify(none)).tps, 0);
});

test("query line has the seed's format", () => {
  assert.equal(
    queryLine(true, 3, 1, 17, 85.27),
    "query: secure channel, task 3, batch 1, loop_idx 17, latency(ms) 85.3, tps: 11.7",
  );
  assert.equal(
    queryLine(false, 0, 16, 0, 1000),
    "query: insecure channel, task 0, batch 16, loop_idx 0, latency(ms) 1000.0, tps: 16.0",
  );
});
