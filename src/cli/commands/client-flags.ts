import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseCertBundle, type TlsClientConfig } from "../../client/tls/secure-connect.ts";
import { SealedError } from "../../common/errors.ts";

/** The seed client's single-dash flags (`-batch 1 -cnum 2 -url h:p -crt f ...`), accepted as `--batch` etc. */
const SEED_FLAGS = new Set(["batch", "cnum", "loop", "url", "crt", "ca", "key", "img"]);

export function normalizeSeedFlags(args: readonly string[]): string[] {
  return args.map((a) => {
    const m = /^-([a-z]+)(=.*)?$/.exec(a);
    return m && SEED_FLAGS.has(m[1]) ? `--${m[1]}${m[2] ?? ""}` : a;
  });
}

/** Option definitions shared by `client predict` and `client bench`. */
export const TLS_OPTIONS = {
  ca: { type: "string" },
  crt: { type: "string" },
  cert: { type: "string" },
  key: { type: "string" },
  "server-name": { type: "string" },
} as const;

export const TLS_USAGE = `TLS (as the seed's client):
  -ca FILE, --ca FILE       trust this CA; with -crt and -key the client presents that certificate (mutual TLS)
  -crt FILE, --crt FILE     without -ca: trust this (server or CA) certificate, one-way TLS; with -ca: client certificate
  -key FILE, --key FILE     client private key (with -ca and -crt)
  --server-name NAME        name to expect in the server certificate and send as SNI (default: the URL host)
  no -ca and no -crt: plaintext (insecure) channel`;

export async function readInputFile(cwd: string, file: string, what: string): Promise<Buffer> {
  const path = resolve(cwd, file);
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new SealedError("FILE_NOT_FOUND", `${what} ${file} does not exist`, { cause: err });
    throw new SealedError("FILE_ACCESS", `cannot read ${what} ${file}: ${code ?? String(err)}`, { cause: err });
  }
}

interface TlsFlagValues {
  ca?: string;
  crt?: string;
  cert?: string;
  key?: string;
  "server-name"?: string;
}

/**
 * The seed's credential rules: no -ca and no -crt -> insecure; -crt without -ca -> one-way TLS
 * trusting the -crt file, no client certificate; -ca -> trust -ca, and present -crt + -key.
 */
export async function tlsConfigFromFlags(v: TlsFlagValues, cwd: string): Promise<TlsClientConfig | undefined> {
  const crt = v.crt ?? v.cert;
  if (v.ca === undefined && crt === undefined) {
    if (v.key !== undefined) throw new SealedError("USAGE", "-key needs -ca and -crt");
    if (v["server-name"] !== undefined) throw new SealedError("USAGE", "--server-name needs TLS (-ca or -crt)");
    return undefined;
  }
  const serverName = v["server-name"];
  if (v.ca === undefined) {
    const trustPem = (await readInputFile(cwd, crt as string, "certificate")).toString("utf8");
    parseCertBundle(trustPem, `certificate file ${crt}`);
    return { trustPem, serverName };
  }
  const trustPem = (await readInputFile(cwd, v.ca, "CA certificate")).toString("utf8");
  parseCertBundle(trustPem, `CA file ${v.ca}`);
  if (crt === undefined) {
    if (v.key !== undefined) throw new SealedError("USAGE", "-key needs -crt");
    return { trustPem, serverName };
  }
  if (v.key === undefined) throw new SealedError("USAGE", "-crt with -ca is the client certificate and needs -key");
  const certPem = (await readInputFile(cwd, crt, "client certificate")).toString("utf8");
  const keyPem = (await readInputFile(cwd, v.key, "client key")).toString("utf8");
  try {
    const key = createPrivateKey(keyPem);
    if (!new X509Certificate(certPem).checkPrivateKey(key)) {
      throw new SealedError("CLIENT_TLS_MATERIAL", `client key ${v.key} does not belong to certificate ${crt}`);
    }
  } catch (err) {
    if (err instanceof SealedError) throw err;
    throw new SealedError("CLIENT_TLS_MATERIAL", `client certificate ${crt} or key ${v.key} is not valid PEM`, {
      cause: err,
    });
  }
  return { trustPem, certPem, keyPem, serverName };
}

/** A positive integer flag (or 0 when `allowZero`). */
export function intFlag(value: string | undefined, flag: string, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || (!allowZero && Number(value) === 0)) {
    throw new SealedError(
      "USAGE",
      `${flag} must be a ${allowZero ? "non-negative" : "positive"} integer, not '${value}'`,
    );
  }
  return Number(value);
}
