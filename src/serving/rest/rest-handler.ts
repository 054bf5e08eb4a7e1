import type { IncomingMessage, ServerResponse } from "node:http";
import { SealedError } from "../../common/errors.ts";
import type { ServingCore, SignatureInfo } from "../core/serving-core.ts";
import type { ModelSpecRef } from "../core/tensor.ts";
import type { ServingMetrics } from "../metrics/serving-metrics.ts";
import { DEFAULT_MAX_BODY_BYTES, readBody } from "./body-reader.ts";
import { sendError, sendJson } from "./error-response.ts";
import { type JsonParseOptions, parseJson } from "./json-parser.ts";
import { metadataJson, statusJson } from "./model-json.ts";
import { type Route, routeRequest } from "./path-router.ts";
import { decodePredictRequest, encodePredictResponse, requestSignatureName } from "./predict-codec.ts";

export interface RestHandlerOptions {
  /** Largest accepted request body (default 64 MiB); larger -> 429 SRV_REST_BODY_TOO_LARGE. */
  readonly maxBodyBytes?: number;
  /** Add CORS headers and answer OPTIONS preflights (`--rest_api_enable_cors_support`). */
  readonly enableCors?: boolean;
  /** Prometheus path from `--monitoring_config_file`; undefined = no metrics endpoint. */
  readonly monitoringPath?: string | undefined;
  /** gRPC-only option (`--enable_serialization_as_tensor_content`); REST always writes JSON. */
  readonly serializeAsTensorContent?: boolean;
  /** Maximum JSON nesting depth (default 64). */
  readonly maxJsonDepth?: number;
  /** Monotonic milliseconds for latency metrics (default `performance.now`). */
  readonly nowMs?: () => number;
}

export type RestListener = (req: IncomingMessage, res: ServerResponse) => void;

const API_NAMES = {
  predict: "predict",
  classify: "classify",
  regress: "regress",
  status: "GetModelStatus",
  metadata: "GetModelMetadata",
} as const;

/**
 * TF Serving's REST API (port 8501) as a node:http listener over the protocol-independent
 * ServingCore. Never throws: every failure becomes `{"error": ...}` with the mapped status.
 */
export function createRestHandler(
  core: ServingCore,
  metrics: ServingMetrics,
  opts: RestHandlerOptions = {},
): RestListener {
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const parseOpts: JsonParseOptions = { maxDepth: opts.maxJsonDepth };
  const now = opts.nowMs ?? (() => performance.now());
  const routeOpts = { monitoringPath: opts.monitoringPath, enableCors: opts.enableCors === true };

  const serveModelApi = async (req: IncomingMessage, res: ServerResponse, route: Route & { spec: ModelSpecRef }) => {
    switch (route.kind) {
      case "status":
        return sendJson(res, 200, statusJson(core.getModelStatus(route.spec)));
      case "metadata":
        return sendJson(res, 200, metadataJson(core.getModelMetadata(route.spec)));
      case "classify":
      case "regress":
        throw new SealedError(
          "SRV_UNIMPLEMENTED",
          `:${route.kind} is not implemented by this server (ONNX models serve predict signatures); use :predict`,
        );
      case "predict": {
        let raw: Buffer;
        try {
          raw = await readBody(req, maxBody);
        } catch (err) {
          sendError(res, err, true);
          throw new AlreadySent(err);
        }
        const body = parseJson(raw.toString("utf8"), parseOpts);
        const signatureName = requestSignatureName(body);
        const signature = findSignature(core, route.spec, signatureName);
        const decoded = decodePredictRequest(body, signature);
        const spec: ModelSpecRef = signatureName === "" ? route.spec : { ...route.spec, signatureName };
        const result = await core.predict(spec, decoded.inputs);
        return sendJson(res, 200, encodePredictResponse(decoded.format, result.outputs));
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const t0 = now();
    if (routeOpts.enableCors) {
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
    }
    const method = req.method ?? "GET";
    const route = routeRequest(method, req.url ?? "/", routeOpts);
    switch (route.kind) {
      case "preflight":
        res.statusCode = 204;
        res.setHeader("Access-Control-Max-Age", "600");
        res.end();
        return;
      case "ready": {
        const ready = core.isReady();
        return sendJson(res, ready ? 200 : 503, JSON.stringify({ status: ready ? "ready" : "not ready" }));
      }
      case "live":
        return sendJson(res, 200, JSON.stringify({ status: "live" }));
      case "metrics": {
        const text = metrics.render();
        res.statusCode = 200;
        res.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        res.setHeader("Content-Length", Buffer.byteLength(text));
        res.end(text);
        return;
      }
    }
    let status = "OK";
    try {
      await serveModelApi(req, res, route);
    } catch (err) {
      status = err instanceof AlreadySent ? SealedError.from(err.inner).status : sendError(res, err).status;
    } finally {
      metrics.recordRequest({
        modelName: route.spec.name,
        api: API_NAMES[route.kind],
        entrypoint: "REST",
        status,
        latencyMicros: Math.max(0, Math.round((now() - t0) * 1000)),
      });
    }
  };

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      try {
        sendError(res, err);
      } catch {
        res.destroy();
      }
    });
  };
}

/** Marks an error whose response was already written (body too large: sent with Connection: close). */
class AlreadySent extends Error {
  constructor(readonly inner: unknown) {
    super("response already sent");
  }
}

function findSignature(core: ServingCore, spec: ModelSpecRef, signatureName: string): SignatureInfo {
  const key = signatureName === "" ? "serving_default" : signatureName;
  const meta = core.getModelMetadata(spec);
  if (!Object.hasOwn(meta.signatureDefs, key)) {
    throw new SealedError("SRV_SIGNATURE_NOT_FOUND", `Serving signature key "${key}" not found.`);
  }
  return meta.signatureDefs[key];
}
