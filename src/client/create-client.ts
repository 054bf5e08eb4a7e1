import { createGrpcClient } from "./grpc/grpc-client.ts";
import { createRestClient } from "./rest/rest-client.ts";
import type { ClientOptions, TfServingClient } from "./types.ts";

/** A TF Serving client over gRPC (default) or the REST API. */
export function createClient(opts: ClientOptions & { readonly protocol?: "grpc" | "rest" }): TfServingClient {
  return opts.protocol === "rest" ? createRestClient(opts) : createGrpcClient(opts);
}
