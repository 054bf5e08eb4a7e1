import { SealedError } from "../../common/errors.ts";
import type { ModelSpecRef } from "../core/tensor.ts";

/**
 * REST request routing with TF Serving's path grammar (`http_rest_api_util.cc`; specs/
 * tf-serving-api.md, "REST API"), plus the health paths and the monitoring path.
 * Matching is case-insensitive; model names and labels are URL-decoded; the query string is
 * ignored. Anything else under /v1/ is `Malformed request: METHOD PATH` (400). Health (filling
 * TF Serving's gap): `/v1/health`, `/v2/health/ready`, `/v2/health/live` and the per-model
 * `/v2/models/{name}[/versions/{v}]/ready` of KServe v2 / Triton.
 */
export type Route =
  | { readonly kind: "predict" | "classify" | "regress"; readonly spec: ModelSpecRef }
  | { readonly kind: "status" | "metadata"; readonly spec: ModelSpecRef }
  | { readonly kind: "ready" | "live" | "metrics" | "preflight" }
  /** KServe v2 / Triton per-model readiness: `/v2/models/{name}[/versions/{v}]/ready`. */
  | { readonly kind: "model-ready"; readonly model: ModelSpecRef };

export interface RouteOptions {
  /** Serve Prometheus text here (GET); undefined = monitoring off. */
  readonly monitoringPath?: string | undefined;
  /** Answer OPTIONS preflights (CORS). */
  readonly enableCors?: boolean;
}

const POST_RE = /^\/v1\/models\/([^/:]+)(?:(?:\/versions\/(\d+))|(?:\/labels\/([^/:]+)))?:(classify|regress|predict)$/i;
const GET_RE = /^\/v1\/models(?:\/([^/:]+))?(?:(?:\/versions\/(\d+))|(?:\/labels\/([^/:]+)))?(?:\/(metadata))?$/i;
const VERSION_AND_LABEL_RE =
  /^\/v1\/models\/[^/:]+\/(?:versions\/(\d+)\/labels\/([^/:]+)|labels\/([^/:]+)\/versions\/(\d+))(?:[:/]|$)/i;
const MODEL_READY_RE = /^\/v2\/models\/([^/]+)(?:\/versions\/(\d+))?\/ready$/i;
const MAX_INT64 = 2n ** 63n - 1n;

export function routeRequest(method: string, url: string, opts: RouteOptions = {}): Route {
  const path = pathOf(url);
  if (method === "OPTIONS" && opts.enableCors) return { kind: "preflight" };
  if (method === "GET") {
    if (opts.monitoringPath !== undefined && path === opts.monitoringPath) return { kind: "metrics" };
    const lower = path.toLowerCase();
    if (lower === "/v1/health" || lower === "/v2/health/ready") return { kind: "ready" };
    if (lower === "/v2/health/live") return { kind: "live" };
    const ready = MODEL_READY_RE.exec(path);
    if (ready !== null) return { kind: "model-ready", model: specOf(ready[1], ready[2], undefined, method, path) };
  }
  if (!/^\/v1\//i.test(path)) {
    throw new SealedError("SRV_REST_NOT_FOUND", `Not found: ${method} ${path}`);
  }
  const malformed = () => new SealedError("SRV_REST_MALFORMED_REQUEST", `Malformed request: ${method} ${path}`);
  const both = method === "GET" || method === "POST" ? VERSION_AND_LABEL_RE.exec(path) : null;
  if (both !== null) {
    const version = both[1] ?? both[4];
    const label = both[2] ?? both[3];
    throw new SealedError(
      "SRV_REST_MALFORMED_REQUEST",
      `Both model version (${version}) and model version label (${label}) cannot be supplied.`,
    );
  }
  if (method === "POST") {
    const m = POST_RE.exec(path);
    if (m === null) throw malformed();
    const kind = m[4].toLowerCase() as "classify" | "regress" | "predict";
    return { kind, spec: specOf(m[1], m[2], m[3], method, path) };
  }
  if (method === "GET") {
    const m = GET_RE.exec(path);
    if (m === null) throw malformed();
    if (m[1] === undefined) throw new SealedError("SRV_REST_MALFORMED_REQUEST", "Missing model name in request.");
    return { kind: m[4] === undefined ? "status" : "metadata", spec: specOf(m[1], m[2], m[3], method, path) };
  }
  throw malformed();
}

function pathOf(url: string): string {
  const q = url.search(/[?#]/);
  return q === -1 ? url : url.slice(0, q);
}

function specOf(
  rawName: string,
  version: string | undefined,
  rawLabel: string | undefined,
  method: string,
  path: string,
): ModelSpecRef {
  const name = urlDecode(rawName, method, path);
  if (version !== undefined) {
    const v = BigInt(version);
    if (v > MAX_INT64) {
      throw new SealedError("SRV_REST_MALFORMED_REQUEST", `Failed to convert version: ${version} to numeric.`);
    }
    return { name, version: v };
  }
  if (rawLabel !== undefined) return { name, versionLabel: urlDecode(rawLabel, method, path) };
  return { name };
}

function urlDecode(s: string, method: string, path: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new SealedError(
      "SRV_REST_MALFORMED_REQUEST",
      `Malformed request: ${method} ${path}: invalid percent-encoding in ${JSON.stringify(s)}`,
    );
  }
}
