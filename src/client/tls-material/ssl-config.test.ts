import assert from "node:assert/strict";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { test } from "node:test";
import { fixedClock } from "../../common/clock.ts";
import { parseTextProto } from "../../common/pbtxt/index.ts";
import { seededRandom } from "../../common/random.ts";
import { protoType } from "../../proto/index.ts";
import { DEFAULT_KEY_SPEC } from "./key-pair.ts";
import { makeOnewayMaterial, makeTwowayMaterial } from "./material.ts";
import { formatSslConfig, pemToSslCfgString } from "./ssl-config.ts";

const ctx = { clock: fixedClock(Date.UTC(2026, 0, 1)), random: seededRandom(7), keySpec: DEFAULT_KEY_SPEC };

/** Reads one `field: '...'` line the way a text-proto parser does (single-quoted, `\n` escapes). */
function field(cfg: string, name: string): string {
  const line = cfg.split("\n").find((l) => l.startsWith(`${name}: `));
  assert.ok(line, `field ${name} present`);
  const raw = line.slice(name.length + 2);
  if (raw.startsWith("'")) {
    assert.ok(raw.endsWith("'"));
    return raw.slice(1, -1).replace(/\\n/g, "\n");
  }
  return raw;
}

test("pemToSslCfgString folds PEM into one line with literal \\n escapes", () => {
  const pem = "-----BEGIN CERTIFICATE-----\nAAAA\nBBBB\n-----END CERTIFICATE-----\n";
  assert.equal(pemToSslCfgString(pem), "-----BEGIN CERTIFICATE-----\\nAAAABBBB\\n-----END CERTIFICATE-----");
  assert.equal(pemToSslCfgString(""), "");
});

test("ssl.cfg has the seed's four lines and its PEMs decode back to the same key and certificate", async () => {
  const m = await makeTwowayMaterial(ctx, "grpc.tf-serving.service.com", "client.tf-serving.service.com");
  const lines = m.sslCfg.trimEnd().split("\n");
  assert.deepEqual(
    lines.map((l) => l.split(":")[0]),
    ["server_key", "server_cert", "custom_ca", "client_verify"],
  );
  assert.equal(field(m.sslCfg, "client_verify"), "true");
  assert.ok(field(m.sslCfg, "server_key").startsWith("-----BEGIN PRIVATE KEY-----\n"));
  const key = createPrivateKey(field(m.sslCfg, "server_key"));
  assert.equal(key.asymmetricKeyType, "ec");
  assert.ok(new X509Certificate(field(m.sslCfg, "server_cert")).checkPrivateKey(key));
  assert.equal(
    new X509Certificate(field(m.sslCfg, "custom_ca")).fingerprint256,
    new X509Certificate(m.ca.certPem).fingerprint256,
  );
});

test("one-way ssl.cfg has an empty custom_ca and client_verify false", async () => {
  const m = await makeOnewayMaterial(ctx, "127.0.0.1");
  assert.equal(field(m.sslCfg, "custom_ca"), "");
  assert.equal(field(m.sslCfg, "client_verify"), "false");
  assert.equal(m.client, undefined);
  assert.deepEqual(
    m.files.map((f) => f.path),
    ["ca_cert.pem", "ca_key.pem", "server/cert.pem", "server/key.pem", "ssl.cfg"],
  );
});

test("formatSslConfig writes client_verify as a bare bool", () => {
  const cfg = formatSslConfig({ serverKeyPem: "", serverCertPem: "", customCaPem: "", clientVerify: false });
  assert.equal(cfg, "server_key: ''\nserver_cert: ''\ncustom_ca: ''\nclient_verify: false\n");
});

test("the project's text-proto parser reads ssl.cfg as tensorflow.serving.SSLConfig with the exact PEMs", async () => {
  const m = await makeTwowayMaterial(ctx, "s.example", "c.example");
  const cfg = parseTextProto(m.sslCfg, protoType("tensorflow.serving.SSLConfig"));
  const body = m.server.keyPem
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("-----"))
    .join("");
  assert.equal(cfg.server_key, `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`);
  assert.equal(cfg.client_verify, true);
  const key = createPrivateKey(cfg.server_key as string);
  assert.ok(new X509Certificate(cfg.server_cert as string).checkPrivateKey(key));
  assert.equal(
    new X509Certificate(cfg.custom_ca as string).fingerprint256,
    new X509Certificate(m.ca.certPem).fingerprint256,
  );
  const oneway = parseTextProto(
    (await makeOnewayMaterial(ctx, "s.example")).sslCfg,
    protoType("tensorflow.serving.SSLConfig"),
  );
  assert.equal(oneway.custom_ca ?? "", "");
  assert.equal(oneway.client_verify ?? false, false);
});
