import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { GRPC_PATHS, protoType, SIGNATURE_DEF_MAP_TYPE_URL } from "../../proto/index.ts";

/**
 * A tiny TF Serving stand-in for the client's tests (not the product server): model `name`,
 * input `input` float [-1,H,W,3], output `scores` float [-1,3] = per-channel means / 255.
 */
export interface FakeServerOptions {
  readonly model?: string;
  readonly height?: number;
  readonly width?: number;
  readonly tls?: { keyPem: string; certPem: string; clientCaPem?: string };
  /** Fail this many Predict calls with UNAVAILABLE first. */
  readonly failFirst?: number;
}

export interface FakeServer {
  readonly port: number;
  readonly predictCount: () => number;
  close(): Promise<void>;
}

const TO_OBJECT = { longs: Number, enums: String, bytes: Buffer, defaults: false, arrays: true } as const;

function enc(type: string, obj: Record<string, unknown>): Buffer {
  const t = protoType(type);
  return Buffer.from(t.encode(t.fromObject(obj)).finish());
}

function scoresOf(data: Float32Array, batch: number): number[] {
  const per = data.length / batch;
  const out: number[] = [];
  for (let b = 0; b < batch; b++) {
    const sums = [0, 0, 0];
    for (let i = 0; i < per; i++) sums[i % 3] += data[b * per + i];
    for (const s of sums) out.push(s / (per / 3) / 255);
  }
  return out;
}

function signature(h: number, w: number) {
  const info = (name: string, dims: number[]) => ({
    name,
    dtype: "DT_FLOAT",
    tensor_shape: { dim: dims.map((size) => ({ size })) },
  });
  return {
    inputs: { input: info("input:0", [-1, h, w, 3]) },
    outputs: { scores: info("scores:0", [-1, 3]) },
    method_name: "tensorflow/serving/predict",
  };
}

export async function startFakeGrpcServer(o: FakeServerOptions = {}): Promise<FakeServer> {
  const model = o.model ?? "resnet50-v15-fp32";
  const h = o.height ?? 8;
  const w = o.width ?? 8;
  let predicts = 0;
  let failLeft = o.failFirst ?? 0;
  const server = new grpc.Server();
  const raw = (b: Buffer) => b;
  const notFound = (name: string) => ({
    code: grpc.status.NOT_FOUND,
    details: `Servable not found for request: Latest(${name})`,
  });
  server.register(
    GRPC_PATHS.predict,
    (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
      predicts++;
      if (failLeft > 0) {
        failLeft--;
        cb({ code: grpc.status.UNAVAILABLE, details: "replica going away" });
        return;
      }
      const t = protoType("tensorflow.serving.PredictRequest");
      const req = t.toObject(t.decode(call.request), TO_OBJECT) as {
        model_spec?: { name?: string };
        inputs?: Record<string, { tensor_content?: Buffer; tensor_shape?: { dim?: { size?: number }[] } }>;
      };
      if (req.model_spec?.name !== model) return cb(notFound(req.model_spec?.name ?? ""));
      const input = req.inputs?.input;
      const dims = (input?.tensor_shape?.dim ?? []).map((d) => Number(d.size));
      const content = input?.tensor_content ?? Buffer.alloc(0);
      if (dims.length !== 4 || content.length !== dims.reduce((a, b) => a * b, 1) * 4) {
        return cb({ code: grpc.status.INVALID_ARGUMENT, details: "input must be float [N,H,W,3] in tensor_content" });
      }
      const data = new Float32Array(Uint8Array.from(content).buffer);
      cb(
        null,
        enc("tensorflow.serving.PredictResponse", {
          outputs: {
            scores: {
              dtype: "DT_FLOAT",
              tensor_shape: { dim: [{ size: dims[0] }, { size: 3 }] },
              float_val: scoresOf(data, dims[0]),
            },
          },
          model_spec: { name: model, version: { value: 1 }, signature_name: "serving_default" },
        }),
      );
    },
    raw,
    raw,
    "unary",
  );
  server.register(
    GRPC_PATHS.getModelMetadata,
    (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
      const t = protoType("tensorflow.serving.GetModelMetadataRequest");
      const req = t.toObject(t.decode(call.request), TO_OBJECT) as { model_spec?: { name?: string } };
      if (req.model_spec?.name !== model) return cb(notFound(req.model_spec?.name ?? ""));
      const map = enc("tensorflow.serving.SignatureDefMap", { signature_def: { serving_default: signature(h, w) } });
      cb(
        null,
        enc("tensorflow.serving.GetModelMetadataResponse", {
          model_spec: { name: model, version: { value: 1 } },
          metadata: { signature_def: { type_url: SIGNATURE_DEF_MAP_TYPE_URL, value: map } },
        }),
      );
    },
    raw,
    raw,
    "unary",
  );
  const creds = o.tls
    ? grpc.ServerCredentials.createSsl(
        o.tls.clientCaPem ? Buffer.from(o.tls.clientCaPem) : null,
        [{ private_key: Buffer.from(o.tls.keyPem), cert_chain: Buffer.from(o.tls.certPem) }],
        o.tls.clientCaPem !== undefined,
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", creds, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port,
    predictCount: () => predicts,
    close: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}

/** The REST side of the same fake (`/v1/models/NAME/metadata`, `/v1/models/NAME:predict`), optionally over TLS. */
export async function startFakeRestServer(o: FakeServerOptions = {}): Promise<FakeServer> {
  const model = o.model ?? "resnet50-v15-fp32";
  const h = o.height ?? 8;
  const w = o.width ?? 8;
  let predicts = 0;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const m = /^\/v1\/models\/([^/:]+)(\/metadata|:predict)$/.exec(req.url ?? "");
      if (!m) return send(400, { error: `Malformed request: ${req.method} ${req.url}` });
      if (decodeURIComponent(m[1]) !== model)
        return send(404, { error: `Servable not found for request: Latest(${m[1]})` });
      if (m[2] === "/metadata") {
        return send(200, {
          model_spec: { name: model, signature_name: "", version: "1" },
          metadata: { signature_def: { signature_def: { serving_default: signature(h, w) } } },
        });
      }
      predicts++;
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { inputs?: { input?: number[][][][] } };
      const images = body.inputs?.input;
      if (!Array.isArray(images)) return send(400, { error: "missing inputs.input" });
      const flat = Float32Array.from(images.flat(3) as number[]);
      const s = scoresOf(flat, images.length);
      return send(200, { outputs: images.map((_, b) => s.slice(b * 3, b * 3 + 3)) });
    });
  };
  const server: Server = o.tls
    ? createHttpsServer(
        {
          key: o.tls.keyPem,
          cert: o.tls.certPem,
          ca: o.tls.clientCaPem,
          requestCert: o.tls.clientCaPem !== undefined,
          rejectUnauthorized: o.tls.clientCaPem !== undefined,
        },
        handler,
      )
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    predictCount: () => predicts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
