import type { IncomingMessage, ServerResponse } from "node:http";
import { isSealedError, SealedError } from "../../common/errors.ts";
import type { ServingCore, SignatureInfo } from "../core/serving-core.ts";
import type { ModelSpecRef } from "../core/tensor.ts";
import type { ServingMetrics } from "../metrics/serving-metrics.ts";
import { DEFAULT_MAX_BODY_BYTES, MAX_JSON_BODY_BYTES, readBody } from "./body-reader.ts";
import { sendError, sendJson } from "./error-response.ts";
import { type JsonParseOptions, parseJson } from "./json-parser.ts";
import { metadataJson, statusJson } from "./model-json.ts";
import { type Route, routeRequest } from "./path-router.ts";
import { decodePredictRequest, encodePredictResponse, requestSignatureName } from "./predict-codec.ts";

export interface RestHandlerOptions {
  /** Largest accepted request body (default 64 MiB, at most 2^29-24); larger -> 429 SRV_REST_BODY_TOO_LARGE. */
  readonly maxBodyBytes?: number;
  /** Add CORS headers and answer OPTIONS preflights (`--rest_api_enable_cors_support`). */
  readonly enableCors?: boolean;
  /** Prometheus path from `--monitoring_config_file`; undefined = no metrics endpoint. */
  readonly monitoringPath?: string | undefined;
  /** gRPC-only option (`--enable_serialization_as_tensor_content`); REST always writes JSON. */
  readonly serializeAsTensorContent?: boolean;
  /** Maximum JSON nesting depth (default 64). */
  readonly maxJsonDepth?: number;
  /** `--rest_api_timeout_in_ms`: model API calls answer 504 SRV_REST_TIMEOUT after this (0/undefined = none). */
  readonly timeoutMs?: number;
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
  const maxBody = Math.min(opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, MAX_JSON_BODY_BYTES);
  const parseOpts: JsonParseOptions = { maxDepth: opts.maxJsonDepth };
  const now = opts.nowMs ?? (() => performance.now());
  const timeoutMs = opts.timeoutMs;
  const routeOpts = { monitoringPath: opts.monitoringPath, enableCors: opts.enableCors === true };

  /** Runs one model API call and returns the JSON body (errors are thrown). */
  const serveModelApi = async (req: IncomingMessage, route: ModelRoute): Promise<string> => {
    switch (route.kind) {
      case "status":
        return statusJson(core.getModelStatus(route.spec));
      case "metadata":
        return metadataJson(core.getModelMetadata(route.spec));
      case "classify":
      case "regress":
        throw new SealedError(
          "SRV_UNIMPLEMENTED",
          `:${route.kind} is not implemented by this server (ONNX models serve predict signatures); use :predict`,
        );
      case "predict": {
        const raw = await readBody(req, maxBody);
        const body = parseJson(raw.toString("utf8"), parseOpts, raw);
        const signatureName = requestSignatureName(body);
        const signature = findSignature(core, route.spec, signatureName);
        const decoded = decodePredictRequest(body, signature);
        const spec: ModelSpecRef = signatureName === "" ? route.spec : { ...route.spec, signatureName };
        const result = await core.predict(spec, decoded.inputs);
        return encodePredictResponse(decoded.format, result.outputs);
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const t0 = now();
    if (routeOpts.enableCors) {
      res.setHeader("Access-Control-Allow-Origin", "*");
      // TF Serving's CORS headers (http_rest_api_util.cc AddCORSHeaders).
      res.setHeader("Access-Control-Allow-Methods", "POST, GET");
      res.setHeader("Access-Control-Allow-Headers", "Content-Type");
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
      case "model-ready": {
        // Not a TF Serving API: answered without request metrics (probes would flood them).
        const ready = core.getModelStatus(route.model).some((s) => s.state === "AVAILABLE");
        return sendJson(res, ready ? 200 : 503, JSON.stringify({ status: ready ? "ready" : "not ready" }));
      }
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
      sendJson(res, 200, await withTimeout(serveModelApi(req, route), timeoutMs));
    } catch (err) {
      // An oversized body is left unread: answer and drop the connection.
      status = sendError(res, err, isSealedError(err, "SRV_REST_BODY_TOO_LARGE")).status;
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

type ModelRoute = Extract<Route, { spec: ModelSpecRef }>;

/** Rejects with SRV_REST_TIMEOUT when `work` takes longer than `ms` (0/undefined = no limit). */
function withTimeout<T>(work: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined || ms <= 0) return work;
  work.catch(() => {}); // a late failure after the timeout has nobody to report to
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SealedError("SRV_REST_TIMEOUT", `Request did not complete within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function findSignature(core: ServingCore, spec: ModelSpecRef, signatureName: string): SignatureInfo {
  const key = signatureName === "" ? "serving_default" : signatureName;
  const meta = core.getModelMetadata(spec);
  if (!Object.hasOwn(meta.signatureDefs, key)) {
    throw new SealedError("SRV_SIGNATURE_NOT_FOUND", `Serving signature name: "${key}" not found in signature def`);
  }
  return meta.signatureDefs[key];
}
