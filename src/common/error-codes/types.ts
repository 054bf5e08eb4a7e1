/**
 * Shape of one entry in the error catalog.
 *
 * `status` is the canonical status name (the gRPC / `tensorflow.error.Code` names); the HTTP
 * mapping is derived from it in exactly one place (`src/common/status.ts`).
 */
export type StatusName =
  | "CANCELLED"
  | "UNKNOWN"
  | "INVALID_ARGUMENT"
  | "DEADLINE_EXCEEDED"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "PERMISSION_DENIED"
  | "RESOURCE_EXHAUSTED"
  | "FAILED_PRECONDITION"
  | "ABORTED"
  | "OUT_OF_RANGE"
  | "UNIMPLEMENTED"
  | "INTERNAL"
  | "UNAVAILABLE"
  | "DATA_LOSS"
  | "UNAUTHENTICATED";

export interface ErrorSpec {
  /** One sentence: what went wrong. */
  readonly summary: string;
  /** One or two sentences: how a user fixes it. */
  readonly fix: string;
  /** Status reported over gRPC/REST when this error reaches a protocol adapter. */
  readonly status: StatusName;
}

/** Identity helper that keeps literal code names while checking the entry shape. */
export function defineCodes<const T extends Record<string, ErrorSpec>>(codes: T): T {
  return codes;
}
