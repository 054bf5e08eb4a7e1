import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fixedClock, systemClock } from "../common/clock.ts";
import { systemRandom } from "../common/random.ts";
import { runCli } from "../testing/cli.ts";
import { createClient } from "./create-client.ts";
import { type FakeServer, startFakeGrpcServer, startFakeRestServer } from "./testing/fake-tf-serving.ts";
import { DEFAULT_KEY_SPEC } from "./tls-material/key-pair.ts";
import { makeOnewayMaterial, makeTwowayMaterial, type TlsMaterial } from "./tls-material/material.ts";

const NAME = "grpc.tf-serving.service.com";
const ctx = { clock: systemClock, random: systemRandom, keySpec: DEFAULT_KEY_SPEC };
const dir = mkdtempSync(join(tmpdir(), "sealed-client-tls-"));
const servers: FakeServer[] = [];
let one: TlsMaterial;
let two: TlsMaterial;
let other: TlsMaterial;
let oneway: FakeServer;
let mutual: FakeServer;
let mutualRest: FakeServer;

function write(sub: string, m: TlsMaterial): void {
  for (const f of m.files) {
    mkdirSync(join(dir, sub, f.path, ".."), { recursive: true });
    writeFileSync(join(dir, sub, f.path), f.content);
  }
}

before(async () => {
  one = await makeOnewayMaterial(ctx, NAME);
  two = await makeTwowayMaterial(ctx, NAME, "client.tf-serving.service.com");
  other = await makeTwowayMaterial(ctx, NAME, "intruder");
  write("one", one);
  write("two", two);
  write("other", other);
  oneway = await startFakeGrpcServer({ tls: { keyPem: one.server.keyPem, certPem: one.server.certPem } });
  const mtls = { keyPem: two.server.keyPem, certPem: two.server.certPem, clientCaPem: two.ca.certPem };
  mutual = await startFakeGrpcServer({ tls: mtls });
  mutualRest = await startFakeRestServer({ tls: mtls });
  servers.push(oneway, mutual, mutualRest);
});

after(async () => {
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const P = (sub: string, f: string) => join(dir, sub, f);
const bench = (port: number, ...tlsArgs: string[]) =>
  runCli([
    "client",
    "bench",
    "-batch",
    "1",
    "-cnum",
    "2",
    "-loop",
    "3",
    "--size",
    "8x8",
    "-url",
    `127.0.0.1:${port}`,
    ...tlsArgs,
  ]);

test("one-way TLS: trusting the CA, or pinning the server certificate as the seed's -crt does", async () => {
  for (const crt of [P("one", "ca_cert.pem"), P("one", "server/cert.pem")]) {
    const r = await bench(oneway.port, "-crt", crt, "--server-name", NAME);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^summary: cnum 2, batch 1, e2e time\(s\) [0-9.e-]+, average latency\(ms\) [0-9.e-]+, tps: [0-9.e+]+$/m,
    );
  }
});

test("one-way TLS: a certificate that does not name the URL host is refused", async () => {
  const r = await bench(oneway.port, "-crt", P("one", "server/cert.pem"));
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split("\n").length, 1);
  assert.match(r.stderr, /^sealed: CLIENT_TLS_VERIFY: .*does not name '127.0.0.1'/);
});

test("wrong CA: CLIENT_TLS_VERIFY, one line, nothing sent", async () => {
  const before = oneway.predictCount();
  const r = await bench(oneway.port, "-crt", P("other", "ca_cert.pem"), "--server-name", NAME);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^sealed: CLIENT_TLS_VERIFY: the server certificate is not trusted/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(oneway.predictCount(), before);
});

test("mutual TLS over gRPC and REST; a client certificate from another CA is refused", async () => {
  const ok = ["-ca", P("two", "ca_cert.pem"), "-crt", P("two", "client/cert.pem"), "-key", P("two", "client/key.pem")];
  const r = await bench(mutual.port, ...ok, "--server-name", NAME);
  assert.equal(r.code, 0, r.stderr);
  const rest = await bench(mutualRest.port, ...ok, "--server-name", NAME, "--rest");
  assert.equal(rest.code, 0, rest.stderr);
  const before = mutual.predictCount();
  const bad = [
    "-ca",
    P("two", "ca_cert.pem"),
    "-crt",
    P("other", "client/cert.pem"),
    "-key",
    P("other", "client/key.pem"),
  ];
  for (const port of [mutual.port, mutualRest.port]) {
    const refused = await bench(port, ...bad, "--server-name", NAME, ...(port === mutualRest.port ? ["--rest"] : []));
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, /^sealed: CLIENT_TLS_HANDSHAKE: .*refused the client certificate/);
    assert.equal(refused.stderr.trim().split("\n").length, 1);
  }
  assert.equal(mutual.predictCount(), before);
  const noCert = await bench(mutual.port, "-ca", P("two", "ca_cert.pem"), "--server-name", NAME);
  assert.equal(noCert.code, 1);
  assert.match(noCert.stderr, /^sealed: CLIENT_TLS_HANDSHAKE: .*certificate required/);
});

test("an expired server certificate is CLIENT_CERT_EXPIRED (CA chain and pinned)", async () => {
  const past = { ...ctx, clock: fixedClock(Date.now() - 3 * 86_400_000) };
  const old = await makeOnewayMaterial(past, NAME, { leafDays: 1 });
  write("old", old);
  const s = await startFakeGrpcServer({ tls: { keyPem: old.server.keyPem, certPem: old.server.certPem } });
  servers.push(s);
  assert.ok(Date.parse(new X509Certificate(old.server.certPem).validTo) < Date.now());
  for (const crt of [P("old", "ca_cert.pem"), P("old", "server/cert.pem")]) {
    const r = await bench(s.port, "-crt", crt, "--server-name", NAME);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^sealed: CLIENT_CERT_EXPIRED: /);
  }
});

test("verifyPeer gets the server's DER before any request; a refusal sends nothing", async () => {
  const seen: Uint8Array[] = [];
  const tls = {
    trustPem: one.ca.certPem,
    serverName: NAME,
    verifyPeer: async (der: Uint8Array) => void seen.push(der),
  };
  for (const protocol of ["grpc", "rest"] as const) {
    const s =
      protocol === "grpc"
        ? oneway
        : await startFakeRestServer({ tls: { keyPem: one.server.keyPem, certPem: one.server.certPem } });
    if (s !== oneway) servers.push(s);
    const c = createClient({ host: "127.0.0.1", port: s.port, tls, protocol });
    await c.getModelMetadata({ name: "resnet50-v15-fp32" });
    c.close();
    const before = s.predictCount();
    const refuse = createClient({
      host: "127.0.0.1",
      port: s.port,
      protocol,
      tls: { ...tls, verifyPeer: async () => Promise.reject(new Error("evidence does not match policy")) },
    });
    const call = { name: "resnet50-v15-fp32", inputs: { input: { shape: [1, 8, 8, 3], data: new Float32Array(192) } } };
    await assert.rejects(refuse.predict(call), {
      code: "CLIENT_PEER_REJECTED",
      message: /evidence does not match policy/,
    });
    refuse.close();
    assert.equal(s.predictCount(), before, protocol);
  }
  assert.equal(seen.length, 2);
  for (const der of seen) assert.deepEqual(Buffer.from(der), new X509Certificate(one.server.certPem).raw);
});
