import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkExposition } from "./exposition-check.ts";
import { Histogram } from "./histogram.ts";
import { createServingMetrics, TF_SERVING_LATENCY_BUCKETS } from "./prometheus-metrics.ts";

describe("createServingMetrics", () => {
  it("renders an empty registry with the graph counters at zero", () => {
    const text = createServingMetrics().render();
    const { families, problems } = checkExposition(text);
    assert.deepEqual(problems, []);
    assert.equal(families.get(":tensorflow:core:graph_runs")?.samples[0].value, 0);
    assert.equal(families.has(":tensorflow:serving:request_count"), false);
  });

  it("counts requests per model and status and records latency histograms", () => {
    const m = createServingMetrics({ latencyBucketsMicros: [100, 1000] });
    m.recordRequest({ modelName: "a", api: "predict", entrypoint: "REST", status: "OK", latencyMicros: 50 });
    m.recordRequest({ modelName: "a", api: "predict", entrypoint: "REST", status: "OK", latencyMicros: 500 });
    m.recordRequest({ modelName: "a", api: "predict", entrypoint: "GRPC", status: "NOT_FOUND", latencyMicros: 5000 });
    m.recordRuntime({ modelName: "a", signatureName: "serving_default", batchSize: 2, runtimeMicros: 700 });
    const text = m.render();
    const { families, problems } = checkExposition(text);
    assert.deepEqual(problems, []);
    assert.match(text, /^:tensorflow:serving:request_count\{model_name="a",status="OK"\} 2$/m);
    assert.match(text, /^:tensorflow:serving:request_count\{model_name="a",status="NOT_FOUND"\} 1$/m);
    const rest = /model_name="a",API="predict",entrypoint="REST"/;
    const line = (suffix: string, le?: string) =>
      new RegExp(
        `^:tensorflow:serving:request_latency${suffix}\\{${rest.source}${le === undefined ? "" : `,le="${le}"`}\\} `,
        "m",
      );
    assert.match(text, new RegExp(`${line("_bucket", "100").source}1$`, "m"));
    assert.match(text, new RegExp(`${line("_bucket", "1000").source}2$`, "m"));
    assert.match(text, new RegExp(`${line("_bucket", "\\+Inf").source}2$`, "m"));
    assert.match(text, new RegExp(`${line("_sum").source}550$`, "m"));
    assert.match(text, new RegExp(`${line("_count").source}2$`, "m"));
    assert.match(
      text,
      /^:tensorflow:serving:runtime_latency_count\{model_name="a",API="predict",runtime="onnxruntime"\} 1$/m,
    );
    assert.equal(families.get(":tensorflow:core:graph_runs")?.samples[0].value, 1);
    assert.equal(families.get(":tensorflow:core:graph_run_time_usecs")?.samples[0].value, 700);
    assert.match(text, /^# TYPE :tensorflow:serving:request_latency histogram$/m);
  });

  it("escapes label values", () => {
    const m = createServingMetrics();
    const name = 'we"ird\\model\nname';
    m.recordRequest({ modelName: name, api: "predict", entrypoint: "REST", status: "OK", latencyMicros: 1 });
    const text = m.render();
    assert.ok(text.includes('model_name="we\\"ird\\\\model\\nname"'));
    const { families, problems } = checkExposition(text);
    assert.deepEqual(problems, []);
    assert.equal(families.get(":tensorflow:serving:request_count")?.samples[0].labels.model_name, name);
  });

  it("caps series per family and cuts long label values (client-chosen model names)", () => {
    const m = createServingMetrics({ maxSeries: 3 });
    for (let i = 0; i < 10; i++) {
      m.recordRequest({
        modelName: `m${i}`,
        api: "predict",
        entrypoint: "REST",
        status: "NOT_FOUND",
        latencyMicros: 1,
      });
    }
    m.recordRequest({
      modelName: "x".repeat(5000),
      api: "predict",
      entrypoint: "REST",
      status: "OK",
      latencyMicros: 1,
    });
    const { families, problems } = checkExposition(m.render());
    assert.deepEqual(problems, []);
    const count = families.get(":tensorflow:serving:request_count")!;
    assert.deepEqual(
      count.samples.map((s) => [s.labels.model_name, s.labels.status, s.value]),
      [
        ["m0", "NOT_FOUND", 1],
        ["m1", "NOT_FOUND", 1],
        ["m2", "NOT_FOUND", 1],
        ["__overflow__", "__overflow__", 8],
      ],
    );
    const short = createServingMetrics();
    short.recordRequest({
      modelName: "y".repeat(5000),
      api: "predict",
      entrypoint: "REST",
      status: "OK",
      latencyMicros: 1,
    });
    const label = checkExposition(short.render()).families.get(":tensorflow:serving:request_count")!.samples[0].labels;
    assert.equal(label.model_name, "y".repeat(200));
  });

  it("uses TF Serving's Exponential(10, 1.8, 33) latency buckets", () => {
    assert.equal(TF_SERVING_LATENCY_BUCKETS.length, 33);
    assert.equal(TF_SERVING_LATENCY_BUCKETS[0], 10);
    assert.equal(TF_SERVING_LATENCY_BUCKETS[1], 18);
    assert.ok(Math.abs(TF_SERVING_LATENCY_BUCKETS[32] / 10 / 1.8 ** 32 - 1) < 1e-12);
  });
});

describe("Histogram", () => {
  it("puts a value equal to a bound into that bound's bucket (le)", () => {
    const h = new Histogram([1, 2]);
    for (const v of [0, 1, 1.5, 2, 3]) h.observe(v);
    assert.deepEqual(h.cumulative(), [2, 4, 5]);
    assert.equal(h.count, 5);
    assert.equal(h.sum, 7.5);
  });
});

describe("checkExposition", () => {
  const bad: [string, RegExp][] = [
    ["1bad 1\n", /invalid metric name/],
    ['m{l="x} 1\n', /unterminated label value/],
    ['m{l="a\\tb"} 1\n', /invalid escape/],
    ['m{1l="x"} 1\n', /invalid label name/],
    ["m one\n", /invalid sample value/],
    ["m 1", /end with a newline/],
    ["# TYPE m counter\nm 1\n# TYPE n counter\nn 1\nm 2\n", /two separate groups/],
    ["# TYPE m bogus\nm 1\n", /unknown type/],
    ['# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', /not cumulative/],
    ['# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n', /no le="\+Inf" bucket/],
    ['# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n', /differs from _count/],
    ['# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n', /no _sum/],
    [
      '# TYPE h histogram\nh_bucket{le="2"} 0\nh_bucket{le="1"} 0\nh_bucket{le="+Inf"} 0\nh_sum 0\nh_count 0\n',
      /not ascending/,
    ],
  ];
  for (const [text, re] of bad) {
    it(`reports ${re.source}`, () => {
      const { problems } = checkExposition(text);
      assert.ok(
        problems.some((p) => re.test(p)),
        `problems: ${JSON.stringify(problems)}`,
      );
    });
  }

  it("accepts valid exposition with timestamps, comments and special values", () => {
    const text =
      '# a comment\n# HELP x Some \\\\ help\\n text\n# TYPE x gauge\nx NaN\nx{a=""} +Inf 1700000000000\n:c:d -1.5e-3\n';
    assert.deepEqual(checkExposition(text).problems, []);
  });
});
