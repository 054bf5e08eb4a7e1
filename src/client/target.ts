import { SealedError } from "../common/errors.ts";

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses the seed's `-url HOST:PORT` (also `[v6]:PORT`, and an optional http:// or https://
 * prefix which is ignored: TLS is chosen by the TLS flags, as in the seed).
 */
export function parseTarget(url: string): HostPort {
  const s = url.replace(/^(grpcs?|https?):\/\//, "").replace(/\/+$/, "");
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:/[\]]+)):(\d{1,5})$/.exec(s);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port < 1 || port > 65535) {
    throw new SealedError("USAGE", `--url '${url}' is not HOST:PORT`);
  }
  return { host: m[1] ?? m[2], port };
}

/** HOST:PORT with IPv6 brackets, as gRPC targets and logs want it. */
export function formatTarget(t: HostPort): string {
  return t.host.includes(":") ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}
