import type { IssueContext, IssuedCert } from "./issue.ts";
import { createCa, issueLeaf } from "./issue.ts";
import { formatSslConfig } from "./ssl-config.ts";

/** One output file of `sealed tls`, path relative to the output directory. */
export interface MaterialFile {
  readonly path: string;
  readonly content: string;
  /** 0o600 for private keys, 0o644 otherwise. */
  readonly mode: number;
}

export interface MaterialOptions {
  readonly caName?: string;
  /** Validity of the CA certificate in days (default 5 years). */
  readonly caDays?: number;
  /** Validity of leaf certificates in days (default 1 year). */
  readonly leafDays?: number;
}

export interface TlsMaterial {
  readonly ca: IssuedCert;
  readonly server: IssuedCert;
  readonly client?: IssuedCert;
  readonly sslCfg: string;
  readonly files: readonly MaterialFile[];
}

export const DEFAULT_CA_DAYS = 5 * 365;
export const DEFAULT_LEAF_DAYS = 365;
export const DEFAULT_CA_NAME = "Sealed TLS CA";

const KEY_MODE = 0o600;
const CERT_MODE = 0o644;

function files(ca: IssuedCert, server: IssuedCert, client: IssuedCert | undefined, sslCfg: string): MaterialFile[] {
  const out: MaterialFile[] = [
    { path: "ca_cert.pem", content: ca.certPem, mode: CERT_MODE },
    { path: "ca_key.pem", content: ca.keyPem, mode: KEY_MODE },
    { path: "server/cert.pem", content: server.certPem, mode: CERT_MODE },
    { path: "server/key.pem", content: server.keyPem, mode: KEY_MODE },
  ];
  if (client) {
    out.push({ path: "client/cert.pem", content: client.certPem, mode: CERT_MODE });
    out.push({ path: "client/key.pem", content: client.keyPem, mode: KEY_MODE });
  }
  out.push({ path: "ssl.cfg", content: sslCfg, mode: KEY_MODE });
  return out;
}

/**
 * One-way TLS: a CA and a server leaf (the seed makes a bare self-signed server cert); ssl.cfg has
 * `custom_ca: ''` and `client_verify: false`. Clients trust ca_cert.pem, or pin server/cert.pem.
 */
export async function makeOnewayMaterial(
  ctx: IssueContext,
  serverName: string,
  opts: MaterialOptions = {},
): Promise<TlsMaterial> {
  const ca = await createCa(ctx, opts.caName ?? DEFAULT_CA_NAME, opts.caDays ?? DEFAULT_CA_DAYS);
  const server = await issueLeaf(ctx, ca, "server", [serverName], opts.leafDays ?? DEFAULT_LEAF_DAYS);
  const sslCfg = formatSslConfig({
    serverKeyPem: server.keyPem,
    serverCertPem: server.certPem,
    customCaPem: "",
    clientVerify: false,
  });
  return { ca, server, sslCfg, files: files(ca, server, undefined, sslCfg) };
}

/** Mutual TLS: CA, server and client leaves; ssl.cfg names the CA as custom_ca with client_verify: true. */
export async function makeTwowayMaterial(
  ctx: IssueContext,
  serverName: string,
  clientName: string,
  opts: MaterialOptions = {},
): Promise<TlsMaterial> {
  const ca = await createCa(ctx, opts.caName ?? DEFAULT_CA_NAME, opts.caDays ?? DEFAULT_CA_DAYS);
  const leafDays = opts.leafDays ?? DEFAULT_LEAF_DAYS;
  const server = await issueLeaf(ctx, ca, "server", [serverName], leafDays);
  const client = await issueLeaf(ctx, ca, "client", [clientName], leafDays);
  const sslCfg = formatSslConfig({
    serverKeyPem: server.keyPem,
    serverCertPem: server.certPem,
    customCaPem: ca.certPem,
    clientVerify: true,
  });
  return { ca, server, client, sslCfg, files: files(ca, server, client, sslCfg) };
}
