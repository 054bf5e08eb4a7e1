import assert from "node:assert/strict";
import { test } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { parseBatchingText } from "./batching-config.ts";
import { parseModelConfigText } from "./model-server-config.ts";
import { parseMonitoringText } from "./monitoring-config.ts";

test("ModelServerConfig text: the spec's example with policies and labels", () => {
  const text = `model_config_list { config { name: 'resnet' base_path: '/models/resnet' model_platform: 'tensorflow'
    model_version_policy { specific { versions: 1 versions: 2 } } version_labels { key: 'stable' value: 1 } }
    config { name: 'b' base_path: 'rel/b' model_version_policy { latest { num_versions: 3 } } }
    config { name: 'c' base_path: '/c' model_version_policy { all {} } } }`;
  const [a, b, c] = parseModelConfigText(text, (p) => (p.startsWith("/") ? p : `/base/${p}`));
  assert.equal(a.name, "resnet");
  assert.equal(a.basePath, "/models/resnet");
  assert.deepEqual(a.policy, { kind: "specific", versions: [1n, 2n] });
  assert.deepEqual([...a.labels], [["stable", 1n]]);
  assert.equal(b.basePath, "/base/rel/b");
  assert.deepEqual(b.policy, { kind: "latest", numVersions: 3 });
  assert.deepEqual(c.policy, { kind: "all" });
  assert.throws(
    () =>
      parseModelConfigText(
        "model_config_list { config { name: 'x' base_path: '/x' model_platform: 'pytorch' } }",
        (p) => p,
      ),
    (e) => isSealedError(e, "SRV_MODEL_CONFIG"),
  );
  assert.throws(
    () => parseModelConfigText("model_config_list { nope: 1 }", (p) => p),
    (e) => isSealedError(e, "PBTXT_UNKNOWN_FIELD"),
  );
});

test("BatchingParameters text over the scheduler defaults", () => {
  const b = parseBatchingText(
    "max_batch_size { value: 128 } batch_timeout_micros { value: 0 } max_enqueued_batches { value: 1000000 } num_batch_threads { value: 8 }",
  );
  assert.deepEqual(b, {
    maxBatchSize: 128,
    batchTimeoutMicros: 0,
    maxEnqueuedBatches: 1000000,
    numBatchThreads: 8,
    allowedBatchSizes: [],
  });
  const d = parseBatchingText("");
  assert.equal(d.maxBatchSize, 1000);
  assert.equal(d.maxEnqueuedBatches, 10);
  assert.deepEqual(
    parseBatchingText("max_batch_size { value: 8 } allowed_batch_sizes: 2 allowed_batch_sizes: 8").allowedBatchSizes,
    [2, 8],
  );
  assert.throws(
    () => parseBatchingText("max_batch_size { value: 8 } allowed_batch_sizes: 4"),
    (e) => isSealedError(e, "CONFIG_INVALID"),
  );
  assert.throws(
    () => parseBatchingText("max_batch_size { value: 0 }"),
    (e) => isSealedError(e, "CONFIG_INVALID"),
  );
});

test("MonitoringConfig text", () => {
  assert.deepEqual(parseMonitoringText('prometheus_config { enable: true, path: "/m" }'), {
    prometheusEnabled: true,
    prometheusPath: "/m",
  });
  assert.deepEqual(parseMonitoringText(""), {
    prometheusEnabled: false,
    prometheusPath: "/monitoring/prometheus/metrics",
  });
});
