import { type ClientHttp2Session, connect, constants } from "node:http2";

/**
 * A minimal gRPC unary client straight on node:http2 (length-prefixed messages, grpc-status in
 * trailers): the framing of any gRPC client without grpc-js's per-call machinery. The bench uses
 * it next to grpc-js to show how much of the served overhead is the load generator's.
 */
export class H2GrpcClient {
  private readonly session: ClientHttp2Session;

  constructor(authority: string, tls?: { ca: string; servername?: string }) {
    this.session = connect(authority, {
      ...(tls ? { ca: tls.ca, servername: tls.servername } : {}),
      settings: { initialWindowSize: 16 * 1024 * 1024 },
    });
    this.session.on("error", () => {});
  }

  /** A request message framed once (5-byte gRPC prefix), reusable for many calls. */
  static frame(message: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(5 + message.byteLength);
    out[0] = 0;
    out.writeUInt32BE(message.byteLength, 1);
    out.set(message, 5);
    return out;
  }

  /** Sends a framed request to `path`; resolves the response message bytes. */
  call(path: string, framed: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const req = this.session.request({
        [constants.HTTP2_HEADER_METHOD]: "POST",
        [constants.HTTP2_HEADER_PATH]: path,
        "content-type": "application/grpc",
        te: "trailers",
      });
      const chunks: Buffer[] = [];
      let status: string | undefined;
      let message = "";
      req.on("response", (h) => {
        // trailers-only responses carry the status in the headers
        if (h["grpc-status"] !== undefined) {
          status = String(h["grpc-status"]);
          message = String(h["grpc-message"] ?? "");
        }
      });
      req.on("trailers", (t) => {
        status = String(t["grpc-status"]);
        message = String(t["grpc-message"] ?? "");
      });
      req.on("data", (d: Buffer) => chunks.push(d));
      req.on("error", reject);
      req.on("end", () => {
        if (status !== "0") {
          reject(new Error(`gRPC status ${status}: ${decodeURIComponent(message)}`));
          return;
        }
        const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        if (body.length < 5 || body[0] !== 0) {
          reject(new Error("malformed gRPC response"));
          return;
        }
        resolve(body.subarray(5, 5 + body.readUInt32BE(1)));
      });
      req.end(framed);
    });
  }

  close(): void {
    this.session.close();
  }
}
