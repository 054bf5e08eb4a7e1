import { Metadata, type ServiceError, type StatusObject } from "@grpc/grpc-js";
import { SealedError } from "../../common/errors.ts";
import { statusNumber } from "../../common/status.ts";

/**
 * The one place errors become gRPC statuses: a SealedError's catalog status (the
 * tensorflow.error.Code names) gives the code and its message is sent as-is (TF Serving's texts
 * where they exist); anything else is INTERNAL with a generic text (details go to the log).
 */
export function toGrpcError(err: unknown): Partial<StatusObject> & ServiceError {
  const e = err instanceof SealedError ? err : undefined;
  const code = e ? statusNumber[e.status] : statusNumber.INTERNAL;
  const details = e ? e.message : "internal error";
  const metadata = new Metadata();
  if (e) metadata.set("sealed-error-code", e.code);
  const out = Object.assign(new Error(details), { code, details, metadata }) as ServiceError;
  return out;
}

/** The status name of an error for metrics ("OK" is never returned). */
export function statusNameOf(err: unknown): string {
  return err instanceof SealedError ? err.status : "INTERNAL";
}
