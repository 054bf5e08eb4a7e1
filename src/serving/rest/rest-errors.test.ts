import assert from "node:assert/strict";
import { createServer, request } from "node:http";
import { describe, it } from "node:test";
import { createServingMetrics } from "../metrics/index.ts";
import { createRestHandler } from "./index.ts";
import { restFixture } from "./testing/fixture.ts";
import { errorOf, listen, type Reply, send } from "./testing/http.ts";

/** The bad-input matrix: status code and error body of each, and the server keeps serving. */
const fx = restFixture();
const { core } = fx;

describe("REST adapter: bad-input matrix", () => {
  const cases: [string, string, string, string | undefined, number, RegExp][] = [
    [
      "unknown model",
      "POST",
      "/v1/models/nope:predict",
      '{"instances": [[1,2,3]]}',
      404,
      /^Servable not found for request: Latest\(nope\)$/,
    ],
    ["unknown model status", "GET", "/v1/models/nope", undefined, 404, /Latest\(nope\)/],
    ["unknown version", "POST", "/v1/models/m/versions/9:predict", '{"instances": [[1,2,3]]}', 404, /Specific\(m, 9\)/],
    ["unknown version metadata", "GET", "/v1/models/m/versions/9/metadata", undefined, 404, /Specific\(m, 9\)/],
    ["unknown label", "POST", "/v1/models/m/labels/beta:predict", '{"instances": [[1,2,3]]}', 400, /label: beta/],
    [
      "unknown signature",
      "POST",
      "/v1/models/m:predict",
      '{"signature_name": "zz", "instances": [[1,2,3]]}',
      400,
      /^Serving signature name: "zz" not found in signature def$/,
    ],
    [
      "wrong input name",
      "POST",
      "/v1/models/m:predict",
      '{"inputs": {"z": [[1,2,3]]}}',
      400,
      /'z' is not an input of the signature \(inputs: x\)/,
    ],
    [
      "wrong dtype (strings for FLOAT)",
      "POST",
      "/v1/models/m:predict",
      '{"instances": [["a","b","c"]]}',
      400,
      /dtype FLOAT needs a number/,
    ],
    [
      "wrong dtype (float for INT64)",
      "POST",
      "/v1/models/m:predict",
      '{"signature_name": "pair", "inputs": {"a": [1.5], "b": ["x"]}}',
      400,
      /not an integer/,
    ],
    [
      "wrong shape",
      "POST",
      "/v1/models/m:predict",
      '{"instances": [[1,2]]}',
      400,
      /expects shape \[-1,3\] but got \[1,2\]/,
    ],
    ["ragged instances", "POST", "/v1/models/m:predict", '{"instances": [[1,2,3],[1,2]]}', 400, /ragged/],
    [
      "malformed JSON",
      "POST",
      "/v1/models/m:predict",
      '{"instances": [[1,2,3]',
      400,
      /^JSON Parse error: .* at offset: \d+$/,
    ],
    ["empty body", "POST", "/v1/models/m:predict", "", 400, /document is empty/],
    [
      "too deep",
      "POST",
      "/v1/models/m:predict",
      `{"inputs": ${"[".repeat(100)}1${"]".repeat(100)}}`,
      400,
      /nesting deeper than 64/,
    ],
    [
      "huge number for FLOAT",
      "POST",
      "/v1/models/m:predict",
      '{"instances": [[1e300, 1, 1]]}',
      400,
      /out of range for dtype FLOAT/,
    ],
    ["number beyond double", "POST", "/v1/models/m:predict", '{"instances": [[1e400, 1, 1]]}', 400, /too big/],
    [
      "missing instances/inputs",
      "POST",
      "/v1/models/m:predict",
      '{"instance": [[1,2,3]]}',
      400,
      /Missing 'inputs' or 'instances' key/,
    ],
    ["classify", "POST", "/v1/models/m:classify", '{"examples": []}', 501, /not implemented/],
    [
      "malformed path",
      "POST",
      "/v1/models/m/versions/x:predict",
      "{}",
      400,
      /^Malformed request: POST \/v1\/models\/m\/versions\/x:predict$/,
    ],
    ["GET on predict", "GET", "/v1/models/m:predict", undefined, 400, /^Malformed request: GET/],
    ["unknown path", "GET", "/metrics", undefined, 404, /^Not found: GET \/metrics$/],
    ["core bug", "POST", "/v1/models/boom:predict", '{"instances": [[1,2,3]]}', 500, /kaput/],
  ];
  for (const [what, method, path, body, status, re] of cases) {
    it(`${what} -> ${status}`, async () => {
      const r = await send(fx.base, method, path, body);
      assert.equal(r.status, status, r.text);
      assert.match(errorOf(r), re);
      await fx.assertAlive();
    });
  }

  /** Declares `length` bytes, sends a few, and returns the early answer. */
  function declareHugeBody(base: string, length: number): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const req = request(`${base}/v1/models/m:predict`, {
        method: "POST",
        headers: { "Content-Length": String(length) },
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() });
        });
      });
      req.on("error", reject);
      req.write('{"instances": [');
    });
  }

  it("rejects a body whose Content-Length exceeds the limit with 429 before reading it", async () => {
    const calls = core.predictCalls;
    const r = await declareHugeBody(fx.base, 10 * 1024 * 1024);
    assert.equal(r.status, 429);
    assert.equal(r.headers.connection, "close");
    assert.match(errorOf(r), /Request body of 10485760 bytes exceeds the limit of 65536 bytes/);
    assert.equal(core.predictCalls, calls);
    await fx.assertAlive();
  });

  it("caps any configured limit at the largest body a JS string can hold", async () => {
    const big = createServer(createRestHandler(core, createServingMetrics(), { maxBodyBytes: 2 ** 40 }));
    const url = await listen(big);
    try {
      const r = await declareHugeBody(url, 2 ** 30);
      assert.equal(r.status, 429);
      assert.match(errorOf(r), /exceeds the limit of 536870888 bytes/);
    } finally {
      await new Promise<void>((resolve) => big.close(() => resolve()));
    }
  });

  it("rejects a chunked body once it grows past the limit", async () => {
    const r = await new Promise<Reply>((resolve, reject) => {
      const req = request(`${fx.base}/v1/models/m:predict`, { method: "POST" });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() });
        });
      });
      req.on("error", reject);
      req.write(`{"instances": [${"[1,2,3],".repeat(10000)}`); // ~80 KB, chunked, never ended
    });
    assert.equal(r.status, 429);
    assert.match(errorOf(r), /exceeds the limit of 65536 bytes/);
    await fx.assertAlive();
  });
});
