/**
 * TF Serving's `ssl.cfg` (text-format `tensorflow.serving.SSLConfig`: server_key=1, server_cert=2,
 * custom_ca=3, client_verify=4), laid out exactly as the seed's generate_*_ssl_config.sh write it:
 * one field per line, each PEM on one line as `-----BEGIN X-----\n<base64>\n-----END X-----` where
 * `\n` is a literal backslash-n that the text-proto parser turns into a newline.
 */
export interface SslConfigFields {
  readonly serverKeyPem: string;
  readonly serverCertPem: string;
  /** PEM bundle of CAs that client certificates must chain to; empty for one-way TLS. */
  readonly customCaPem: string;
  readonly clientVerify: boolean;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Folds PEM text into the seed's one-line form (base64 joined, literal `\n` after BEGIN and before END). */
export function pemToSslCfgString(pem: string): string {
  const blocks: string[] = [];
  for (const m of pem.matchAll(PEM_BLOCK)) {
    const body = m[2].replace(/\s+/g, "");
    blocks.push(`-----BEGIN ${m[1]}-----\\n${body}\\n-----END ${m[1]}-----`);
  }
  return blocks.join("");
}

export function formatSslConfig(f: SslConfigFields): string {
  return [
    `server_key: '${pemToSslCfgString(f.serverKeyPem)}'`,
    `server_cert: '${pemToSslCfgString(f.serverCertPem)}'`,
    `custom_ca: '${pemToSslCfgString(f.customCaPem)}'`,
    `client_verify: ${f.clientVerify}`,
    "",
  ].join("\n");
}
