import { X509Certificate } from "node:crypto";
import { isIP, type Socket } from "node:net";
import { checkServerIdentity, type PeerCertificate, type TLSSocket, connect as tlsConnect } from "node:tls";
import { type Clock, systemClock } from "../../common/clock.ts";
import { SealedError } from "../../common/errors.ts";
import { mapSocketError } from "./socket-errors.ts";

/**
 * Called with the server's leaf certificate (DER) after the chain and name checks pass and
 * BEFORE any request byte is written. Throw to refuse the server; a SealedError is reported as
 * it is, anything else as CLIENT_PEER_REJECTED. This is where an RA-TLS evidence check plugs in.
 */
export type VerifyPeer = (peerCertDer: Uint8Array) => Promise<void>;

/** TLS settings of a client connection (all PEM text; the CLI reads the files). */
export interface TlsClientConfig {
  /**
   * Certificates the client trusts: CA certificates (the chain must end at one), or the server's
   * own certificate, which is then pinned (accepted when the peer presents exactly it).
   */
  readonly trustPem: string;
  /** Client certificate chain and key for mutual TLS. */
  readonly certPem?: string;
  readonly keyPem?: string;
  /** Name the server certificate must carry (and SNI); default the host of the URL. */
  readonly serverName?: string;
  readonly verifyPeer?: VerifyPeer;
  /** Time source for checking a pinned certificate's validity (default system clock). */
  readonly clock?: Clock;
}

export interface ConnectTarget {
  readonly host: string;
  readonly port: number;
  /** An already connected TCP socket (gRPC hands one over); otherwise one is opened. */
  readonly socket?: Socket;
  readonly alpn?: readonly string[];
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Splits a PEM bundle into certificates; throws CLIENT_TLS_MATERIAL when there is none or one is malformed. */
export function parseCertBundle(pem: string, what: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw new SealedError("CLIENT_TLS_MATERIAL", `${what} holds no PEM certificate`);
  try {
    return blocks.map((b) => new X509Certificate(b));
  } catch (err) {
    throw new SealedError("CLIENT_TLS_MATERIAL", `${what} holds a malformed certificate`, { cause: err });
  }
}

function checkValidity(cert: PeerCertificate, clock: Clock): void {
  const now = clock.now();
  if (now < Date.parse(cert.valid_from) || now > Date.parse(cert.valid_to)) {
    throw new SealedError(
      "CLIENT_CERT_EXPIRED",
      `the server certificate is not valid now (valid ${cert.valid_from} .. ${cert.valid_to})`,
    );
  }
}

function verifyError(code: string, name: string): SealedError {
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    return new SealedError("CLIENT_CERT_EXPIRED", `the server certificate chain is not valid now (${code})`);
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return new SealedError(
      "CLIENT_TLS_VERIFY",
      `the server certificate does not name '${name}' (use --server-name NAME to check another name)`,
    );
  }
  return new SealedError("CLIENT_TLS_VERIFY", `the server certificate is not trusted (${code})`);
}

/**
 * Decides whether the handshake's peer is acceptable: Node's chain + name verdict, or, when the
 * chain does not verify, an exact match with a pinned certificate that is valid now and names
 * `name`. Exported for tests.
 */
export function judgePeer(
  socket: Pick<TLSSocket, "authorized" | "authorizationError" | "getPeerCertificate">,
  trusted: readonly X509Certificate[],
  name: string,
  clock: Clock,
): Uint8Array {
  const peer = socket.getPeerCertificate(false);
  if (!peer?.raw) throw new SealedError("CLIENT_TLS_HANDSHAKE", "the server sent no certificate");
  const der = new Uint8Array(peer.raw);
  if (socket.authorized) return der;
  const code = String(socket.authorizationError ?? "UNKNOWN");
  const pinned = trusted.some((t) => Buffer.compare(t.raw, peer.raw) === 0);
  if (!pinned || code === "ERR_TLS_CERT_ALTNAME_INVALID") throw verifyError(code, name);
  checkValidity(peer, clock);
  const nameError = checkServerIdentity(name, peer);
  if (nameError) throw verifyError("ERR_TLS_CERT_ALTNAME_INVALID", name);
  return der;
}

/**
 * THE one place where the client sets up TLS (gRPC and REST both come here): handshake, chain
 * and name checks (or the pinned-certificate check), then the `verifyPeer` hook; resolves with
 * the socket only when all pass, so no request data is ever sent to an unverified peer.
 */
export function secureConnect(cfg: TlsClientConfig, target: ConnectTarget): Promise<TLSSocket> {
  const trusted = parseCertBundle(cfg.trustPem, "the trusted certificate file");
  const name = cfg.serverName ?? target.host;
  const clock = cfg.clock ?? systemClock;
  return new Promise<TLSSocket>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(err instanceof SealedError ? err : mapSocketError(err, `${target.host}:${target.port}`));
    };
    const socket = tlsConnect({
      ...(target.socket ? { socket: target.socket } : { host: target.host, port: target.port }),
      servername: isIP(name) ? undefined : name,
      ca: trusted.map((c) => c.toString()),
      cert: cfg.certPem,
      key: cfg.keyPem,
      ALPNProtocols: target.alpn ? [...target.alpn] : undefined,
      rejectUnauthorized: false, // verdict taken in judgePeer, so pinned certificates work too
      checkServerIdentity: (_host, cert) => checkServerIdentity(name, cert),
    });
    socket.once("error", fail);
    socket.once("secureConnect", () => {
      let der: Uint8Array;
      try {
        der = judgePeer(socket, trusted, name, clock);
      } catch (err) {
        fail(err);
        return;
      }
      const hook = cfg.verifyPeer ? cfg.verifyPeer(der) : Promise.resolve();
      hook.then(
        () => {
          if (settled) return;
          settled = true;
          socket.removeListener("error", fail);
          resolve(socket);
        },
        (err: unknown) =>
          fail(
            err instanceof SealedError
              ? err
              : new SealedError(
                  "CLIENT_PEER_REJECTED",
                  `peer check refused the server: ${(err as Error)?.message ?? err}`,
                  {
                    cause: err,
                  },
                ),
          ),
      );
    });
  });
}
