import type { IncomingMessage } from "node:http";
import { SealedError } from "../../common/errors.ts";

/** Default REST body limit: 64 MiB (a batch of ~100 224x224x3 images as integer-pixel JSON). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Hard cap whatever the configured limit: a JSON body is decoded into one JS string, and V8
 * strings hold at most 2^29 - 24 characters; larger bodies are rejected as too large instead
 * of failing inside the decoder.
 */
export const MAX_JSON_BODY_BYTES = 2 ** 29 - 24;

/**
 * Reads a request body, rejecting it with SRV_REST_BODY_TOO_LARGE (RESOURCE_EXHAUSTED -> 429,
 * the status TF Serving and gRPC use for oversized messages) as soon as the declared
 * Content-Length or the bytes received exceed `maxBytes`. After a rejection the caller answers
 * with `Connection: close`, so the rest of the body is never read.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = (n: string) =>
    new SealedError(
      "SRV_REST_BODY_TOO_LARGE",
      `Request body of ${n} bytes exceeds the limit of ${maxBytes} bytes; send fewer instances per request`,
    );
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.reject(tooLarge(declared));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (err: Error | undefined) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
      if (err !== undefined) reject(err);
      else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        req.pause();
        finish(tooLarge(`more than ${maxBytes}`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(undefined);
    const onError = (e: Error) =>
      finish(new SealedError("SRV_REST_BAD_REQUEST_FORMAT", `Request body could not be read: ${e.message}`));
    const onAborted = () => onError(new Error("client aborted"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}
