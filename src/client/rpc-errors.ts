import { SealedError } from "../common/errors.ts";

/** gRPC status names by code (same numbers as tensorflow.error.Code). */
export const STATUS_NAMES: readonly string[] = Object.freeze([
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
]);

/**
 * The status an error stands for (gRPC name): the server's status for CLIENT_RPC_FAILED and
 * CLIENT_MODEL_NOT_FOUND, the client code's status otherwise. Used to count errors by status.
 */
export function statusOf(err: SealedError): string {
  const s = err.details?.grpcStatus;
  return typeof s === "string" ? s : err.status;
}

/** A server-reported error status becomes CLIENT_MODEL_NOT_FOUND (NOT_FOUND) or CLIENT_RPC_FAILED. */
export function rpcStatusError(method: string, status: string, message: string, cause?: unknown): SealedError {
  const details = { grpcStatus: status, method };
  if (status === "NOT_FOUND") {
    return new SealedError("CLIENT_MODEL_NOT_FOUND", `${method}: NOT_FOUND: ${message}`, { details, cause });
  }
  return new SealedError("CLIENT_RPC_FAILED", `${method} failed: ${status}: ${message}`, { details, cause });
}
