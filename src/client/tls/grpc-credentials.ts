import type { Socket } from "node:net";
import { CallCredentials, ChannelCredentials } from "@grpc/grpc-js";
import type { SealedError } from "../../common/errors.ts";
import { secureConnect, type TlsClientConfig } from "./secure-connect.ts";

/** Holds the last TLS failure of a channel: grpc-js reports connection failures only as text. */
export interface TlsFailureSink {
  last?: SealedError;
}

/**
 * grpc-js channel credentials whose TLS handshake runs through `secureConnect` (so the
 * `verifyPeer` hook runs before the HTTP/2 preface is sent). grpc-js hands over the connected
 * TCP socket; we return the verified TLS socket.
 */
class HookedTlsCredentials extends ChannelCredentials {
  constructor(
    private readonly cfg: TlsClientConfig,
    private readonly host: string,
    private readonly port: number,
    private readonly sink: TlsFailureSink,
  ) {
    super();
  }

  override _isSecure(): boolean {
    return true;
  }

  override _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  override _createSecureConnector(_target: unknown, _options: unknown, callCredentials?: CallCredentials) {
    const { cfg, host, port, sink } = this;
    return {
      async connect(socket: Socket) {
        try {
          const tls = await secureConnect(cfg, { host, port, socket, alpn: ["h2"] });
          sink.last = undefined;
          return { socket: tls as unknown as Socket, secure: true };
        } catch (err) {
          sink.last = err as SealedError;
          throw err;
        }
      },
      waitForReady: () => Promise.resolve(),
      getCallCredentials: () => callCredentials ?? CallCredentials.createEmpty(),
      destroy() {},
    };
  }
}

export function createTlsChannelCredentials(
  cfg: TlsClientConfig,
  host: string,
  port: number,
  sink: TlsFailureSink,
): ChannelCredentials {
  return new HookedTlsCredentials(cfg, host, port, sink);
}
