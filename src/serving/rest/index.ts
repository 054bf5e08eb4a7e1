/** TF Serving-compatible REST API over the ServingCore (specs/tf-serving-api.md, "REST API"). */
export { DEFAULT_MAX_BODY_BYTES, MAX_JSON_BODY_BYTES } from "./body-reader.ts";
export { errorBody, errorResponse } from "./error-response.ts";
export { parseJson } from "./json-parser.ts";
export { type Route, routeRequest } from "./path-router.ts";
export { createRestHandler, type RestHandlerOptions, type RestListener } from "./rest-handler.ts";
