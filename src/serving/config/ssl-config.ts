import { createPrivateKey, X509Certificate } from "node:crypto";
import { SealedError } from "../../common/errors.ts";
import { parseTextConfig } from "./normalize.ts";

/** TF Serving's SSLConfig (specs/tf-serving-api.md, "--ssl_config_file"): PEM text, not paths. */
export interface SslConfig {
  readonly serverKey: string;
  readonly serverCert: string;
  readonly customCa: string;
  readonly clientVerify: boolean;
}

/** Parses ssl.cfg (text SSLConfig; PEM may be one line with `\n` escapes) and checks the PEM. */
export function parseSslConfigText(text: string): SslConfig {
  const o = parseTextConfig("tensorflow.serving.SSLConfig", text);
  const cfg: SslConfig = Object.freeze({
    serverKey: (o.server_key as string) ?? "",
    serverCert: (o.server_cert as string) ?? "",
    customCa: (o.custom_ca as string) ?? "",
    clientVerify: o.client_verify === true,
  });
  if (!cfg.serverKey || !cfg.serverCert) {
    throw new SealedError("SRV_TLS_CONFIG", "ssl config needs both server_key and server_cert");
  }
  if (cfg.clientVerify && !cfg.customCa) {
    throw new SealedError("SRV_TLS_CONFIG", "client_verify: true needs custom_ca (the trusted client CA)");
  }
  try {
    createPrivateKey(cfg.serverKey);
  } catch (err) {
    throw new SealedError("SRV_TLS_CONFIG", `server_key is not a valid PEM private key: ${(err as Error).message}`);
  }
  for (const [field, pem] of [
    ["server_cert", cfg.serverCert],
    ["custom_ca", cfg.customCa],
  ] as const) {
    if (!pem) continue;
    try {
      new X509Certificate(pem);
    } catch (err) {
      throw new SealedError("SRV_TLS_CONFIG", `${field} is not a valid PEM certificate: ${(err as Error).message}`);
    }
  }
  return cfg;
}
