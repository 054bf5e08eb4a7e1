import assert from "node:assert/strict";
import { test } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { ModelRegistry } from "./model-registry.ts";
import type { ModelSource } from "./model-source.ts";
import type { ModelRunner } from "./ort-runner.ts";
import type { Tensor } from "./tensor.ts";

function fakes(versions: bigint[]) {
  const runs: { shape: readonly number[] }[] = [];
  const released: bigint[] = [];
  const source: ModelSource = {
    listVersions: async () => [...versions],
    readModel: async () => new Uint8Array(0),
  };
  const loader = async (_name: string, _base: string, version: bigint): Promise<ModelRunner> => {
    if (version === 13n) throw new Error("corrupt model file");
    return {
      signature: {
        inputs: { x: { name: "x", dtype: "FLOAT", shape: [-1, 3] } },
        outputs: { y: { name: "y", dtype: "FLOAT", shape: [-1, 3] } },
        methodName: "tensorflow/serving/predict",
      },
      run: async (inputs: ReadonlyMap<string, Tensor>) => {
        runs.push({ shape: inputs.get("x")!.shape });
        return new Map([["y", inputs.get("x")!]]);
      },
      release: async () => {
        released.push(version);
      },
    };
  };
  return { source, loader, runs, released, versions };
}

const cfg = (labels: [string, bigint][] = []) => [
  { name: "m", basePath: "/m", policy: { kind: "all" } as const, labels: new Map(labels) },
];

test("warmup runs each new version once on zero inputs with unknown dims set to 1", async () => {
  const f = fakes([1n, 2n]);
  const r = new ModelRegistry({ loader: f.loader, source: f.source, warmup: true });
  await r.setConfig(cfg());
  assert.deepEqual(
    f.runs.map((x) => x.shape),
    [
      [1, 3],
      [1, 3],
    ],
  );
  assert.equal(r.isReady(), true);
  await r.close();
  assert.deepEqual(f.released.sort(), [1n, 2n]);
});

test("labels, failed loads, removal and the TF Serving resolution errors", async () => {
  const f = fakes([1n, 2n, 13n]);
  const r = new ModelRegistry({ loader: f.loader, source: f.source });
  await r.setConfig(cfg());
  await r.setConfig(cfg([["stable", 1n]]));
  const latest = r.acquire({ name: "m" });
  assert.equal(latest.version, 2n);
  latest.release();
  const h = r.acquire({ name: "m", versionLabel: "stable" });
  assert.equal(h.version, 1n);
  h.release();
  const failed = r.status("m", 13n)[0];
  assert.equal(failed.state, "END");
  assert.equal(failed.errorCode, "FAILED_PRECONDITION");
  assert.match(failed.errorMessage, /corrupt model file/);
  assert.throws(
    () => r.acquire({ name: "m", version: 13n }),
    (e) => isSealedError(e, "SRV_MODEL_NOT_FOUND"),
  );
  assert.throws(
    () => r.acquire({ name: "m", versionLabel: "x" }),
    (e) => isSealedError(e, "SRV_LABEL_NOT_FOUND"),
  );
  assert.throws(() => r.acquire({ name: "n" }), /Servable not found for request: Latest\(n\)/);

  // version 2 disappears while a request holds it: unloading waits for the request
  const held = r.acquire({ name: "m", version: 2n });
  f.versions.splice(f.versions.indexOf(2n), 1);
  const syncing = r.sync();
  await new Promise((res) => setImmediate(res));
  assert.equal(r.status("m", 2n)[0].state, "UNLOADING");
  assert.deepEqual(f.released, []);
  held.release();
  await syncing;
  assert.equal(r.status("m", 2n)[0].state, "END");
  assert.deepEqual(f.released, [2n]);
  const after = r.acquire({ name: "m" });
  assert.equal(after.version, 1n);
  after.release();
  await r.close();
});

test("labels follow TF Serving: only AVAILABLE versions, unless the flag lets a new label wait", async () => {
  const unavailable = (e: unknown) =>
    isSealedError(e, "SRV_LABEL_UNAVAILABLE") &&
    /^Request to assign label to version 1 of model m, which is not currently available for inference$/.test(
      (e as Error).message,
    );
  // Without the flag, labels are checked before anything loads: even version 1 is refused at start.
  const f = fakes([1n, 2n, 13n]);
  const strict = new ModelRegistry({ loader: f.loader, source: f.source });
  await assert.rejects(strict.setConfig(cfg([["stable", 1n]])), unavailable);
  assert.throws(
    () => strict.status("m"),
    (e) => isSealedError(e, "SRV_MODEL_NOT_FOUND"),
  ); // nothing applied
  await strict.setConfig(cfg());
  await strict.setConfig(cfg([["stable", 1n]]));
  // A refused change keeps the old config: stable still resolves to 1.
  await assert.rejects(strict.setConfig(cfg([["stable", 13n]])), (e) => isSealedError(e, "SRV_LABEL_UNAVAILABLE"));
  const h = strict.acquire({ name: "m", versionLabel: "stable" });
  assert.equal(h.version, 1n);
  h.release();
  await strict.close();

  // With the flag: a new label may name a version that is still to load; moving one may not.
  const g = fakes([1n, 2n, 13n]);
  const lax = new ModelRegistry({ loader: g.loader, source: g.source, allowLabelsForUnavailable: true });
  await lax.setConfig(cfg([["stable", 1n]]));
  const s = lax.acquire({ name: "m", versionLabel: "stable" });
  assert.equal(s.version, 1n);
  s.release();
  await lax.setConfig(cfg([["stable", 1n]])); // same version: fine
  await assert.rejects(lax.setConfig(cfg([["stable", 13n]])), (e) => isSealedError(e, "SRV_LABEL_UNAVAILABLE"));
  await lax.setConfig(cfg([["stable", 2n]])); // moving to an AVAILABLE version is allowed
  const t = lax.acquire({ name: "m", versionLabel: "stable" });
  assert.equal(t.version, 2n);
  t.release();
  await lax.close();
});

test("a failed load is retried (LOADING meanwhile) and ends in END once the retries are spent", async () => {
  let failures = 2;
  const f = fakes([1n]);
  const flaky = async (name: string, base: string, version: bigint) => {
    if (failures-- > 0) throw new Error("key broker unreachable");
    return f.loader(name, base, version);
  };
  const r = new ModelRegistry({ loader: flaky, source: f.source, loadRetries: { max: 2, intervalMs: 1 } });
  await r.setConfig(cfg());
  assert.equal(r.status("m", 1n)[0].state, "AVAILABLE");
  await r.close();

  failures = 3;
  const r2 = new ModelRegistry({ loader: flaky, source: f.source, loadRetries: { max: 2, intervalMs: 1 } });
  await r2.setConfig(cfg());
  const st = r2.status("m", 1n)[0];
  assert.equal(st.state, "END");
  assert.match(st.errorMessage, /key broker unreachable/);
  await r2.close();
});

test("close() ends a retry wait at once", async () => {
  const f = fakes([1n]);
  const failing = async () => {
    throw new Error("no key");
  };
  const r = new ModelRegistry({ loader: failing, source: f.source, loadRetries: { max: 5, intervalMs: 3_600_000 } });
  const loading = r.setConfig(cfg());
  await new Promise((res) => setImmediate(res));
  assert.equal(r.status("m", 1n)[0].state, "LOADING");
  await r.close(); // would take 5 hours if the wait were not aborted
  await loading;
  assert.equal(r.status("m", 1n)[0].state, "END");
});

test("batching: one batch in flight per version, so requests arriving during a run join the next batch", async () => {
  const f = fakes([1n]);
  const waiting: (() => void)[] = [];
  const releaseAll = () => {
    for (const w of waiting.splice(0)) w();
  };
  const slowLoader = async (name: string, base: string, version: bigint): Promise<ModelRunner> => {
    const inner = await f.loader(name, base, version);
    return {
      ...inner,
      run: async (inputs, names) => {
        await new Promise<void>((r) => waiting.push(r));
        return inner.run(inputs, names);
      },
    };
  };
  const r = new ModelRegistry({
    loader: slowLoader,
    source: f.source,
    batching: {
      maxBatchSize: 8,
      batchTimeoutMicros: 0,
      maxEnqueuedBatches: 4,
      numBatchThreads: 4, // configured as TF Serving allows; the registry still runs one at a time
      allowedBatchSizes: [],
    },
  });
  await r.setConfig(cfg());
  const x = (): Map<string, Tensor> => new Map([["x", { dtype: "FLOAT", shape: [1, 3], data: new Float32Array(3) }]]);
  const h = r.acquire({ name: "m" });
  const calls = [h.run(x(), ["y"]), h.run(x(), ["y"]), h.run(x(), ["y"])];
  for (let i = 0; i < 3; i++) {
    await new Promise((res) => setImmediate(res));
    releaseAll(); // the first request ran alone; the two that waited form one batch
  }
  await Promise.all(calls);
  h.release();
  assert.deepEqual(
    f.runs.map((run) => run.shape[0]),
    [1, 2],
  );
  await r.close();
});
