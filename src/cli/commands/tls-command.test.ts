import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCli } from "../../testing/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "sealed-tls-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function openssl(...args: string[]): string {
  return execFileSync("openssl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

test("tls twoway: strict chain, v3 extensions, SANs, purposes, 0600 keys", async () => {
  const r = await runCli(
    ["tls", "twoway", "grpc.tf-serving.service.com", "client.tf-serving.service.com", "--out", "two"],
    {
      cwd: dir,
    },
  );
  assert.equal(r.code, 0, r.stderr);
  const out = join(dir, "two");
  const ca = join(out, "ca_cert.pem");
  const server = join(out, "server/cert.pem");
  const client = join(out, "client/cert.pem");
  assert.match(
    openssl("verify", "-x509_strict", "-CAfile", ca, server, client),
    /server\/cert.pem: OK\n.*client\/cert.pem: OK/s,
  );
  assert.match(openssl("verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", ca, server), /OK/);
  assert.match(openssl("verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", ca, client), /OK/);
  // a client certificate is not good for serverAuth
  assert.throws(() => openssl("verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", ca, client));

  const caText = openssl("x509", "-in", ca, "-noout", "-text");
  assert.match(caText, /Version: 3 \(0x2\)/);
  assert.match(caText, /Basic Constraints: critical\s+CA:TRUE/);
  assert.match(caText, /Key Usage: critical\s+Certificate Sign, CRL Sign/);
  const sText = openssl("x509", "-in", server, "-noout", "-text");
  assert.match(sText, /Version: 3 \(0x2\)/);
  assert.match(sText, /Basic Constraints: critical\s+CA:FALSE/);
  assert.match(sText, /Key Usage: critical\s+Digital Signature\n/);
  assert.match(sText, /Extended Key Usage:\s+TLS Web Server Authentication/);
  assert.match(sText, /Subject Alternative Name:\s+DNS:grpc.tf-serving.service.com/);
  assert.match(sText, /Subject Key Identifier/);
  assert.match(sText, /Authority Key Identifier/);
  assert.match(sText, /ASN1 OID: prime256v1/);
  const serials = [ca, server, client].map((f) => openssl("x509", "-in", f, "-noout", "-serial").trim());
  assert.equal(new Set(serials).size, 3);

  for (const key of ["ca_key.pem", "server/key.pem", "client/key.pem", "ssl.cfg"]) {
    assert.equal(statSync(join(out, key)).mode & 0o777, 0o600, key);
  }
  assert.match(readFileSync(join(out, "server/key.pem"), "utf8"), /^-----BEGIN PRIVATE KEY-----\n/);
  assert.match(readFileSync(join(out, "ssl.cfg"), "utf8"), /\nclient_verify: true\n$/);

  // a second run refuses to overwrite, --force replaces the material
  const again = await runCli(["tls", "twoway", "a", "b", "--out", "two"], { cwd: dir });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^sealed: CLIENT_TLS_OUT_EXISTS: /);
  const forced = await runCli(["tls", "twoway", "a", "b", "--out", "two", "--force"], { cwd: dir });
  assert.equal(forced.code, 0, forced.stderr);
  assert.notEqual(openssl("x509", "-in", ca, "-noout", "-serial").trim(), serials[0]);
});

test("tls oneway with an IP and RSA 3072: IP SAN, keyEncipherment, --days", async () => {
  const r = await runCli(["tls", "oneway", "127.0.0.1", "--out", "one", "--rsa", "3072", "--days", "30"], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const out = join(dir, "one");
  assert.match(
    openssl("verify", "-x509_strict", "-CAfile", join(out, "ca_cert.pem"), join(out, "server/cert.pem")),
    /OK/,
  );
  const sText = openssl("x509", "-in", join(out, "server/cert.pem"), "-noout", "-text");
  assert.match(sText, /IP Address:127.0.0.1/);
  assert.match(sText, /Public-Key: \(3072 bit\)/);
  assert.match(sText, /Key Usage: critical\s+Digital Signature, Key Encipherment/);
  const dates = openssl("x509", "-in", join(out, "server/cert.pem"), "-noout", "-startdate", "-enddate");
  const [start, end] = dates
    .trim()
    .split("\n")
    .map((l) => Date.parse(l.split("=")[1]));
  assert.ok(Math.abs(end - start - 30 * 86_400_000) < 10 * 60_000);
  const cfg = readFileSync(join(out, "ssl.cfg"), "utf8");
  assert.match(cfg, /^server_key: '-----BEGIN PRIVATE KEY-----\\n[A-Za-z0-9+/=]+\\n-----END PRIVATE KEY-----'\n/);
  assert.match(cfg, /\ncustom_ca: ''\nclient_verify: false\n$/);
});

test("tls usage errors", async () => {
  for (const args of [
    ["tls"],
    ["tls", "oneway"],
    ["tls", "twoway", "a"],
    ["tls", "oneway", "a", "--rsa", "1024"],
    ["tls", "oneway", "a b"],
  ]) {
    const r = await runCli(args, { cwd: dir });
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /^sealed: USAGE: /);
  }
});
