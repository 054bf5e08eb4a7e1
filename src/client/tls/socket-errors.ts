import { SealedError } from "../../common/errors.ts";

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT"]);

/** Maps a socket/TLS error (Node error code or OpenSSL reason in the message) to a client error. */
export function mapSocketError(err: unknown, where: string): SealedError {
  if (err instanceof SealedError) return err;
  const e = err as { code?: string; message?: string } | undefined;
  const code = e?.code ?? "";
  const message = e?.message ?? String(err);
  if (UNREACHABLE.has(code)) {
    return new SealedError("CLIENT_UNREACHABLE", `cannot reach ${where}: ${code}`, { cause: err });
  }
  return classifyTransportMessage(message, where, err);
}

/**
 * Classifies a transport failure from its text (gRPC reports connection failures only as a
 * string): unreachable host, TLS alert from the server, plain-text peer, or a reset.
 */
export function classifyTransportMessage(message: string, where: string, cause?: unknown): SealedError {
  const m = message.toLowerCase();
  if (/econnrefused|enotfound|eai_again|ehostunreach|enetunreach|etimedout|connect failed/.test(m)) {
    return new SealedError("CLIENT_UNREACHABLE", `cannot reach ${where}: ${firstLine(message)}`, { cause });
  }
  if (/alert|certificate required|handshake|wrong version number|packet length too long|ssl|tls/.test(m)) {
    return new SealedError("CLIENT_TLS_HANDSHAKE", `TLS handshake with ${where} failed: ${firstLine(message)}`, {
      cause,
    });
  }
  return new SealedError("CLIENT_UNREACHABLE", `connection to ${where} failed: ${firstLine(message)}`, { cause });
}

function firstLine(s: string): string {
  return s.split("\n")[0].trim();
}
