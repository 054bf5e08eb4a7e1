import type * as grpc from "@grpc/grpc-js";
import { statusNumber } from "../../common/status.ts";
import type { ServingCore } from "../core/serving-core.ts";

/** Services the health protocol knows (the empty name = the whole server). */
export const HEALTH_SERVICES: ReadonlySet<string> = new Set([
  "",
  "tensorflow.serving.PredictionService",
  "tensorflow.serving.ModelService",
]);

/** grpc.health.v1 ServingStatus values. */
const SERVING = 1;
const NOT_SERVING = 2;
const SERVICE_UNKNOWN = 3;

const current = (core: ServingCore) => (core.isReady() ? SERVING : NOT_SERVING);

/** grpc.health.v1.Health/Check: SERVING once every model has an available version. */
export function healthCheck(core: ServingCore) {
  return (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>): void => {
    const service = (call.request as { service?: string }).service ?? "";
    if (!HEALTH_SERVICES.has(service)) {
      cb({ code: statusNumber.NOT_FOUND, details: `unknown service ${service}` } as grpc.ServiceError);
      return;
    }
    cb(null, { status: current(core) });
  };
}

/** grpc.health.v1.Health/Watch: the current status, then every change (checked each `everyMs`). */
export function healthWatch(core: ServingCore, everyMs = 1000) {
  return (call: grpc.ServerWritableStream<unknown, unknown>): void => {
    const service = (call.request as { service?: string }).service ?? "";
    let last = HEALTH_SERVICES.has(service) ? current(core) : SERVICE_UNKNOWN;
    call.write({ status: last });
    if (last === SERVICE_UNKNOWN) return; // stays unknown; the client may keep watching
    const timer = setInterval(() => {
      const now = current(core);
      if (now !== last) {
        last = now;
        call.write({ status: now });
      }
    }, everyMs);
    timer.unref();
    const stop = () => clearInterval(timer);
    call.on("cancelled", stop);
    call.on("close", stop);
  };
}
