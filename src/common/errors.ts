import { type ErrorCode, errorCatalog } from "./error-catalog.ts";
import type { StatusName } from "./error-codes/types.ts";

export type { ErrorCode } from "./error-catalog.ts";

export interface SealedErrorOptions {
  cause?: unknown;
  /** Structured, non-secret facts for logs and `--json` output. Never put key material here. */
  details?: Readonly<Record<string, unknown>>;
}

/**
 * The one error class of Sealed. `code` is stable (documented in docs/errors.md); `message` is
 * for humans and may change. Anything that is not a SealedError reaching the CLI is a bug.
 */
export class SealedError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message?: string, options: SealedErrorOptions = {}) {
    super(message ?? errorCatalog[code].summary, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SealedError";
    this.code = code;
    this.details = options.details;
  }

  /** The protocol status for this code (gRPC name); HTTP is derived in `status.ts`. */
  get status(): StatusName {
    return errorCatalog[this.code].status;
  }

  /** Wraps anything thrown into a SealedError, keeping SealedErrors as they are. */
  static from(err: unknown, fallback: ErrorCode = "INTERNAL"): SealedError {
    if (err instanceof SealedError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new SealedError(fallback, message, { cause: err });
  }
}

/** True when `err` is a SealedError, optionally with the given code. */
export function isSealedError(err: unknown, code?: ErrorCode): err is SealedError {
  return err instanceof SealedError && (code === undefined || err.code === code);
}
