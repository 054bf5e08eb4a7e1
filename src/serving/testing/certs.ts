import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** PEM material for TLS tests, made with the `openssl` CLI. */
export interface TestCerts {
  readonly caCert: string;
  readonly serverKey: string;
  readonly serverCert: string;
  readonly clientKey: string;
  readonly clientCert: string;
  /** A client certificate from a different CA (must be refused under mTLS). */
  readonly strangerKey: string;
  readonly strangerCert: string;
}

function ossl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

function leaf(dir: string, name: string, ca: string, cn: string, ext: string): void {
  ossl(dir, [
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    `/CN=${cn}`,
  ]);
  writeFileSync(join(dir, `${name}.ext`), ext);
  ossl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.crt`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-out",
    `${name}.crt`,
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
  ]);
}

function ca(dir: string, name: string): void {
  ossl(dir, [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.crt`,
    "-subj",
    `/CN=${name}`,
    "-days",
    "2",
  ]);
}

/** CA, server (localhost / 127.0.0.1) and client certificates in `dir`. */
export function makeTestCerts(dir: string): TestCerts {
  ca(dir, "test-ca");
  ca(dir, "other-ca");
  leaf(
    dir,
    "server",
    "test-ca",
    "localhost",
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
  );
  leaf(dir, "client", "test-ca", "client", "extendedKeyUsage=clientAuth\n");
  leaf(dir, "stranger", "other-ca", "stranger", "extendedKeyUsage=clientAuth\n");
  const r = (f: string) => readFileSync(join(dir, f), "utf8");
  return {
    caCert: r("test-ca.crt"),
    serverKey: r("server.key"),
    serverCert: r("server.crt"),
    clientKey: r("client.key"),
    clientCert: r("client.crt"),
    strangerKey: r("stranger.key"),
    strangerCert: r("stranger.crt"),
  };
}

/** An ssl.cfg as the seed writes it: PEM text on one line with `\n` escapes. */
export function sslConfigText(c: TestCerts, clientVerify: boolean): string {
  const q = (pem: string) => `"${pem.replaceAll("\n", "\\n")}"`;
  return [
    `server_key: ${q(c.serverKey)}`,
    `server_cert: ${q(c.serverCert)}`,
    clientVerify ? `custom_ca: ${q(c.caCert)}` : "",
    `client_verify: ${clientVerify}`,
    "",
  ].join("\n");
}
