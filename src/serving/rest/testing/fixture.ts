import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before } from "node:test";
import { createServingMetrics } from "../../metrics/index.ts";
import { createRestHandler } from "../index.ts";
import { FakeCore } from "./fake-core.ts";
import { listen, send } from "./http.ts";

/**
 * Starts a REST adapter over a fresh FakeCore on 127.0.0.1 for the calling test file (64 KiB
 * body limit, CORS on, Prometheus at /monitoring/prometheus/metrics) and stops it afterwards.
 */
export function restFixture() {
  const core = new FakeCore();
  const metrics = createServingMetrics();
  const server = createServer(
    createRestHandler(core, metrics, {
      maxBodyBytes: 64 * 1024,
      enableCors: true,
      monitoringPath: "/monitoring/prometheus/metrics",
    }),
  );
  const fx = {
    core,
    metrics,
    base: "",
    /** The server still answers a status call. */
    async assertAlive(): Promise<void> {
      const r = await send(fx.base, "GET", "/v1/models/m");
      assert.equal(r.status, 200);
    },
  };
  before(async () => {
    fx.base = await listen(server);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return fx;
}
