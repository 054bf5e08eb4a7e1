import { Agent, type AgentOptions, type ClientRequestArgs, type IncomingMessage, request } from "node:http";
import type { Duplex } from "node:stream";
import { SealedError } from "../../common/errors.ts";
import { httpStatusFor } from "../../common/status.ts";
import { rpcStatusError, STATUS_NAMES } from "../rpc-errors.ts";
import { formatTarget } from "../target.ts";
import { secureConnect, type TlsClientConfig } from "../tls/secure-connect.ts";
import { mapSocketError } from "../tls/socket-errors.ts";
import {
  type ClientOptions,
  DEFAULT_SIGNATURE,
  DEFAULT_TIMEOUT_MS,
  type ModelRef,
  type OutputTensor,
  type PredictCall,
  type PreparedPredict,
  type SignatureLite,
  type TfServingClient,
} from "../types.ts";
import { parseMetadataResponse, parsePredictResponse, parseTfJson, predictBody } from "./rest-json.ts";

/** A keep-alive agent whose connections are made by `secureConnect` (TLS, checks, verifyPeer hook). */
class TlsAgent extends Agent {
  constructor(
    private readonly tls: TlsClientConfig,
    options: AgentOptions,
  ) {
    super(options);
  }

  // Node calls createConnection(options, callback) and accepts the socket through the callback.
  override createConnection(
    options: ClientRequestArgs,
    callback?: (err: Error | null, socket: Duplex) => void,
  ): Duplex | undefined {
    secureConnect(this.tls, { host: String(options.host), port: Number(options.port), alpn: ["http/1.1"] }).then(
      (socket) => callback?.(null, socket),
      (err: Error) => callback?.(err, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/** HTTP status -> status name (the inverse of TF Serving's mapping, first match). */
function statusForHttp(code: number): string {
  return STATUS_NAMES.find((s) => s !== "OK" && httpStatusFor(s as never) === code) ?? "UNKNOWN";
}

function modelPath(m: ModelRef): string {
  const v = m.version !== undefined ? `/versions/${encodeURIComponent(m.version)}` : "";
  return `/v1/models/${encodeURIComponent(m.name)}${v}`;
}

/** TF Serving REST client (one keep-alive connection per instance). */
class RestTfServingClient implements TfServingClient {
  readonly protocol = "rest";
  readonly secure: boolean;
  private readonly agent: Agent;
  private readonly where: string;
  private readonly timeoutMs: number;

  constructor(private readonly opts: ClientOptions) {
    this.secure = opts.tls !== undefined;
    this.where = formatTarget(opts);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const agentOpts = { keepAlive: true, maxSockets: 1 };
    this.agent = opts.tls ? new TlsAgent(opts.tls, agentOpts) : new Agent(agentOpts);
  }

  private send(method: "GET" | "POST", path: string, what: string, body?: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.opts.host,
          port: this.opts.port,
          method,
          path,
          agent: this.agent,
          timeout: this.timeoutMs,
          headers:
            body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (err) => reject(mapSocketError(err, this.where, this.secure)));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            if (status === 200) {
              try {
                resolve(parseTfJson(text, what));
              } catch (err) {
                reject(err);
              }
              return;
            }
            let message = text.trim().slice(0, 500);
            try {
              const e = JSON.parse(text) as { error?: unknown };
              if (typeof e.error === "string") message = e.error;
            } catch {}
            reject(rpcStatusError(what, statusForHttp(status), `HTTP ${status}: ${message}`));
          });
        },
      );
      req.on("timeout", () =>
        req.destroy(
          new SealedError("CLIENT_RPC_FAILED", `${what}: no answer within ${this.timeoutMs} ms`, {
            details: { grpcStatus: "DEADLINE_EXCEEDED" },
          }),
        ),
      );
      req.on("error", (err) => reject(mapSocketError(err, this.where, this.secure)));
      req.end(body);
    });
  }

  async getModelMetadata(model: ModelRef): Promise<Record<string, SignatureLite>> {
    return parseMetadataResponse(await this.send("GET", `${modelPath(model)}/metadata`, "GetModelMetadata"));
  }

  async predict(call: PredictCall): Promise<Record<string, OutputTensor>> {
    const body = predictBody(call.signature ?? DEFAULT_SIGNATURE, call.inputs);
    return parsePredictResponse(await this.send("POST", `${modelPath(call)}:predict`, "Predict", body));
  }

  prepare(call: PredictCall): PreparedPredict {
    const body = predictBody(call.signature ?? DEFAULT_SIGNATURE, call.inputs);
    const path = `${modelPath(call)}:predict`;
    return {
      send: async () => parsePredictResponse(await this.send("POST", path, "Predict", body)),
    };
  }

  close(): void {
    this.agent.destroy();
  }
}

export function createRestClient(opts: ClientOptions): TfServingClient {
  return new RestTfServingClient(opts);
}
