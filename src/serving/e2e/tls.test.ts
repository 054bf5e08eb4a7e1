import assert from "node:assert/strict";
import { request } from "node:https";
import { after, before, describe, test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { parseSslConfigText } from "../config/ssl-config.ts";
import type { RunningServer } from "../server.ts";
import { synthModel } from "../synth/index.ts";
import { makeTestCerts, sslConfigText, type TestCerts } from "../testing/certs.ts";
import { RawGrpcClient } from "../testing/grpc-client.ts";
import { type TempDir, tempDir, writeModelVersion } from "../testing/model-dir.ts";
import { startTestServer } from "../testing/start.ts";

const statusReq = { model_spec: { name: "tiny" } };

function httpsGet(port: number, path: string, opts: { ca: string; key?: string; cert?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, servername: "localhost", ...opts }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("TLS (ssl_config_file) on gRPC and REST", () => {
  let dir: TempDir;
  let certs: TestCerts;
  const model = synthModel("tiny");

  before(() => {
    dir = tempDir();
    writeModelVersion(`${dir.path}/m`, 1, model);
    certs = makeTestCerts(dir.path);
  });
  after(() => dir.cleanup());

  test("ssl.cfg with one-line escaped PEM parses", () => {
    const cfg = parseSslConfigText(sslConfigText(certs, true));
    assert.equal(cfg.serverCert, certs.serverCert);
    assert.equal(cfg.customCa, certs.caCert);
    assert.equal(cfg.clientVerify, true);
  });

  describe("one-way TLS", () => {
    let server: RunningServer;
    before(async () => {
      server = await startTestServer({
        basePath: `${dir.path}/m`,
        modelName: "tiny",
        restPort: 0,
        ssl: parseSslConfigText(sslConfigText(certs, false)),
      });
    });
    after(() => server.close());

    test("a client trusting the CA is served; a plaintext client is not", async () => {
      const creds = grpc.credentials.createSsl(Buffer.from(certs.caCert));
      const c = new RawGrpcClient(`localhost:${server.grpcPort}`, creds);
      const st = await c.status(statusReq);
      assert.equal((st.model_version_status as unknown[]).length, 1);
      c.close();
      const plain = new RawGrpcClient(`127.0.0.1:${server.grpcPort}`);
      await assert.rejects(plain.status(statusReq), { code: grpc.status.UNAVAILABLE });
      plain.close();
    });

    test("REST is https with the same certificate", async () => {
      assert.equal(await httpsGet(server.restPort!, "/v1/models/tiny", { ca: certs.caCert }), 200);
    });
  });

  describe("mutual TLS (client_verify: true)", () => {
    let server: RunningServer;
    before(async () => {
      server = await startTestServer({
        basePath: `${dir.path}/m`,
        modelName: "tiny",
        restPort: 0,
        ssl: parseSslConfigText(sslConfigText(certs, true)),
      });
    });
    after(() => server.close());

    test("a client with a certificate from custom_ca is served", async () => {
      const creds = grpc.credentials.createSsl(
        Buffer.from(certs.caCert),
        Buffer.from(certs.clientKey),
        Buffer.from(certs.clientCert),
      );
      const c = new RawGrpcClient(`localhost:${server.grpcPort}`, creds);
      assert.deepEqual(await c.health(), { status: "SERVING" });
      c.close();
      const code = await httpsGet(server.restPort!, "/v1/models/tiny", {
        ca: certs.caCert,
        key: certs.clientKey,
        cert: certs.clientCert,
      });
      assert.equal(code, 200);
    });

    test("a client without a certificate, or with one from another CA, is refused", async () => {
      const none = new RawGrpcClient(
        `localhost:${server.grpcPort}`,
        grpc.credentials.createSsl(Buffer.from(certs.caCert)),
      );
      await assert.rejects(none.status(statusReq), { code: grpc.status.UNAVAILABLE });
      none.close();
      const stranger = new RawGrpcClient(
        `localhost:${server.grpcPort}`,
        grpc.credentials.createSsl(
          Buffer.from(certs.caCert),
          Buffer.from(certs.strangerKey),
          Buffer.from(certs.strangerCert),
        ),
      );
      await assert.rejects(stranger.status(statusReq), { code: grpc.status.UNAVAILABLE });
      stranger.close();
      await assert.rejects(httpsGet(server.restPort!, "/v1/models/tiny", { ca: certs.caCert }));
    });
  });
});
