import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { type Route, routeRequest } from "./path-router.ts";

function route(method: string, url: string): Route {
  return routeRequest(method, url, { monitoringPath: "/monitoring/prometheus/metrics" });
}

function rejects(method: string, url: string, code: string, re: RegExp): void {
  assert.throws(
    () => route(method, url),
    (e: unknown) => isSealedError(e) && e.code === code && re.test(e.message),
    `${method} ${url}`,
  );
}

describe("REST router: POST (predict / classify / regress)", () => {
  const ok: [string, Route][] = [
    ["/v1/models/resnet:predict", { kind: "predict", spec: { name: "resnet" } }],
    ["/v1/models/resnet/versions/7:predict", { kind: "predict", spec: { name: "resnet", version: 7n } }],
    ["/v1/models/resnet/labels/stable:predict", { kind: "predict", spec: { name: "resnet", versionLabel: "stable" } }],
    ["/v1/models/m:classify", { kind: "classify", spec: { name: "m" } }],
    ["/v1/models/m/versions/1:regress", { kind: "regress", spec: { name: "m", version: 1n } }],
    ["/V1/MODELS/Res/VERSIONS/2:PREDICT", { kind: "predict", spec: { name: "Res", version: 2n } }],
    ["/v1/models/my%20model:predict", { kind: "predict", spec: { name: "my model" } }],
    ["/v1/models/m/labels/can%61ry:predict", { kind: "predict", spec: { name: "m", versionLabel: "canary" } }],
    ["/v1/models/m:predict?x=1", { kind: "predict", spec: { name: "m" } }],
    [
      "/v1/models/m/versions/9223372036854775807:predict",
      { kind: "predict", spec: { name: "m", version: 2n ** 63n - 1n } },
    ],
  ];
  for (const [url, want] of ok) it(`routes ${url}`, () => assert.deepEqual(route("POST", url), want));

  const malformed = [
    "/v1/models:predict",
    "/v1/models/:predict",
    "/v1/models/m",
    "/v1/models/m:explain",
    "/v1/models/m/versions/x:predict",
    "/v1/models/m/versions/-1:predict",
    "/v1/models/m/versions/:predict",
    "/v1/models/m/metadata",
    "/v1/models/a/b:predict",
    "/v1/models/m:predict/extra",
    "/v1/modelsX/m:predict",
  ];
  for (const url of malformed) {
    it(`rejects POST ${url}`, () =>
      rejects(
        "POST",
        url,
        "SRV_REST_MALFORMED_REQUEST",
        new RegExp(`^Malformed request: POST ${url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`),
      ));
  }

  it("rejects a version and a label together", () => {
    const msg = /^Both model version \(1\) and model version label \(x\) cannot be supplied\.$/;
    rejects("POST", "/v1/models/m/versions/1/labels/x:predict", "SRV_REST_MALFORMED_REQUEST", msg);
    rejects("GET", "/v1/models/m/labels/x/versions/1", "SRV_REST_MALFORMED_REQUEST", msg);
    rejects("GET", "/v1/models/m/versions/1/labels/x/metadata", "SRV_REST_MALFORMED_REQUEST", msg);
  });

  it("rejects versions beyond int64 and bad percent-encoding", () => {
    rejects(
      "POST",
      "/v1/models/m/versions/9223372036854775808:predict",
      "SRV_REST_MALFORMED_REQUEST",
      /Failed to convert version/,
    );
    rejects("POST", "/v1/models/m%zz:predict", "SRV_REST_MALFORMED_REQUEST", /percent-encoding/);
  });
});

describe("REST router: GET (status / metadata)", () => {
  const ok: [string, Route][] = [
    ["/v1/models/m", { kind: "status", spec: { name: "m" } }],
    ["/v1/models/m/versions/3", { kind: "status", spec: { name: "m", version: 3n } }],
    ["/v1/models/m/labels/stable", { kind: "status", spec: { name: "m", versionLabel: "stable" } }],
    ["/v1/models/m/metadata", { kind: "metadata", spec: { name: "m" } }],
    ["/v1/models/m/versions/3/metadata", { kind: "metadata", spec: { name: "m", version: 3n } }],
    ["/v1/models/m/labels/l/METADATA", { kind: "metadata", spec: { name: "m", versionLabel: "l" } }],
    ["/v1/models/a%2Fb", { kind: "status", spec: { name: "a/b" } }],
  ];
  for (const [url, want] of ok) it(`routes ${url}`, () => assert.deepEqual(route("GET", url), want));

  it("needs a model name", () => {
    rejects("GET", "/v1/models", "SRV_REST_MALFORMED_REQUEST", /^Missing model name in request\.$/);
  });

  for (const url of ["/v1/models/m:predict", "/v1/models/m/versions/1/extra", "/v1/models/m/metadata/x", "/v1/other"]) {
    it(`rejects GET ${url}`, () => rejects("GET", url, "SRV_REST_MALFORMED_REQUEST", /^Malformed request: GET /));
  }

  it("rejects other methods under /v1/", () => {
    rejects("PUT", "/v1/models/m", "SRV_REST_MALFORMED_REQUEST", /^Malformed request: PUT \/v1\/models\/m$/);
    rejects("DELETE", "/v1/models/m:predict", "SRV_REST_MALFORMED_REQUEST", /Malformed request: DELETE/);
    rejects("OPTIONS", "/v1/models/m", "SRV_REST_MALFORMED_REQUEST", /Malformed request: OPTIONS/);
  });
});

describe("REST router: health, metrics, CORS, unknown paths", () => {
  it("routes health and metrics paths", () => {
    assert.deepEqual(route("GET", "/v1/health"), { kind: "ready" });
    assert.deepEqual(route("GET", "/v2/health/ready"), { kind: "ready" });
    assert.deepEqual(route("GET", "/v2/health/live"), { kind: "live" });
    assert.deepEqual(route("GET", "/monitoring/prometheus/metrics"), { kind: "metrics" });
    assert.deepEqual(route("GET", "/v2/models/res%20net/ready"), { kind: "model-ready", model: { name: "res net" } });
    assert.deepEqual(route("GET", "/v2/models/m/versions/4/ready"), {
      kind: "model-ready",
      model: { name: "m", version: 4n },
    });
    rejects("GET", "/v2/models/m/versions/x/ready", "SRV_REST_NOT_FOUND", /Not found/);
  });

  it("has no metrics path when monitoring is off", () => {
    assert.throws(
      () => routeRequest("GET", "/monitoring/prometheus/metrics"),
      (e: unknown) => isSealedError(e, "SRV_REST_NOT_FOUND"),
    );
  });

  it("answers preflights only with CORS enabled", () => {
    assert.deepEqual(routeRequest("OPTIONS", "/v1/models/m:predict", { enableCors: true }), { kind: "preflight" });
  });

  it("returns NOT_FOUND outside /v1/", () => {
    rejects("GET", "/", "SRV_REST_NOT_FOUND", /^Not found: GET \/$/);
    rejects("POST", "/v2/models/m/infer", "SRV_REST_NOT_FOUND", /Not found/);
  });
});
