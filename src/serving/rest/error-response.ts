import type { ServerResponse } from "node:http";
import { SealedError } from "../../common/errors.ts";
import { httpStatusFor } from "../../common/status.ts";

/**
 * The one place REST errors become HTTP responses: the SealedError's catalog status gives the
 * HTTP status (`httpStatusFor`, TF Serving's mapping), the body is TF Serving's pretty-printed
 * `{"error": "<message>"}` with Content-Type application/json.
 */
export function errorBody(message: string): string {
  return `{\n    "error": ${JSON.stringify(message)}\n}`;
}

/** HTTP status and body for anything thrown while serving a request. */
export function errorResponse(err: unknown): {
  readonly status: number;
  readonly body: string;
  readonly sealed: SealedError;
} {
  const sealed = SealedError.from(err);
  return { status: httpStatusFor(sealed.status), body: errorBody(sealed.message), sealed };
}

/** Writes the error response; `close` asks the client to drop the connection (body not read). */
export function sendError(res: ServerResponse, err: unknown, close = false): SealedError {
  const { status, body, sealed } = errorResponse(err);
  sendJson(res, status, body, close);
  return sealed;
}

export function sendJson(res: ServerResponse, status: number, body: string, close = false): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  if (close) res.setHeader("Connection", "close");
  res.end(body);
}
