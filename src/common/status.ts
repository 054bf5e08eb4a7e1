import type { StatusName } from "./error-codes/types.ts";

/** gRPC status numbers (= `tensorflow.error.Code`). */
export const statusNumber: Readonly<Record<StatusName | "OK", number>> = Object.freeze({
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
});

/**
 * HTTP status for a status name, as TF Serving's REST API maps it
 * (specs/tf-serving-api.md, "Errors").
 */
export function httpStatusFor(status: StatusName | "OK"): number {
  switch (status) {
    case "OK":
      return 200;
    case "INVALID_ARGUMENT":
    case "FAILED_PRECONDITION":
    case "OUT_OF_RANGE":
      return 400;
    case "UNAUTHENTICATED":
      return 401;
    case "PERMISSION_DENIED":
      return 403;
    case "NOT_FOUND":
      return 404;
    case "ALREADY_EXISTS":
    case "ABORTED":
      return 409;
    case "RESOURCE_EXHAUSTED":
      return 429;
    case "CANCELLED":
      return 499;
    case "UNIMPLEMENTED":
      return 501;
    case "UNAVAILABLE":
      return 503;
    case "DEADLINE_EXCEEDED":
      return 504;
    default:
      return 500;
  }
}
