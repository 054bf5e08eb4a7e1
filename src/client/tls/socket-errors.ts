import { SealedError } from "../../common/errors.ts";

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT"]);

/** Maps a socket/TLS error (Node error code or OpenSSL reason in the message) to a client error. */
export function mapSocketError(err: unknown, where: string, secure = false): SealedError {
  if (err instanceof SealedError) return err;
  const e = err as { code?: string; message?: string } | undefined;
  const code = e?.code ?? "";
  const message = e?.message ?? String(err);
  if (UNREACHABLE.has(code)) {
    return new SealedError("CLIENT_UNREACHABLE", `cannot reach ${where}: ${code}`, { cause: err });
  }
  return classifyTransportMessage(message, where, err, secure);
}

/**
 * Classifies a transport failure from its text (gRPC reports connection failures only as a
 * string): unreachable host, TLS alert from the server, plain-text peer, or a reset.
 */
export function classifyTransportMessage(message: string, where: string, cause?: unknown, secure = false): SealedError {
  const m = message.toLowerCase();
  if (/failed to connect|socket hang up|econnreset|socket closed|connection dropped/.test(m)) {
    // The peer closed the connection before answering. Over TLS that is how a Node/gRPC server
    // refuses a client certificate under TLS 1.3 (after our side finished the handshake).
    return secure
      ? new SealedError(
          "CLIENT_TLS_HANDSHAKE",
          `${where} closed the TLS connection before answering: it refused the client certificate or requires one (${firstLine(message)})`,
          { cause },
        )
      : new SealedError(
          "CLIENT_UNREACHABLE",
          `${where} closed the connection before answering (${firstLine(message)}); if it serves TLS pass -crt or -ca`,
          { cause },
        );
  }
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

/** First line, without grpc-js's "No connection established. Last error: Error: ... Resolution note:" wrapping. */
function firstLine(s: string): string {
  const line = s.split("\n")[0].trim();
  const ssl = /SSL routines:[^:]*:([^:]+):/.exec(line);
  if (ssl) return ssl[1];
  const m = /Last error: (?:Error: )?(.*?)(?:\.? Resolution note:.*)?$/.exec(line);
  return (m ? m[1] : line).replace(/\s*\(\d{4}-\d\d-\d\dT[0-9:.]+Z\)$/, "").trim();
}
