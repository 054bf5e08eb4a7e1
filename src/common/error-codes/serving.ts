import { defineCodes } from "./types.ts";

/** Model server (`src/serving`, `sealed serve`, `sealed model`). Codes start with `SRV_`. */
export const servingCodes = defineCodes({
  // --- REST adapter (src/serving/rest) ---
  SRV_REST_MALFORMED_REQUEST: {
    summary:
      "The REST request line does not match TF Serving's API: unknown method or path under /v1/, or both a version and a label.",
    fix: "Use GET /v1/models/NAME[/versions/N|/labels/L][/metadata] or POST /v1/models/NAME[/versions/N|/labels/L]:predict.",
    status: "INVALID_ARGUMENT",
  },
  SRV_REST_NOT_FOUND: {
    summary:
      "No REST endpoint exists at this path (only /v1/..., the health paths and the monitoring path are served).",
    fix: "Check the URL; model endpoints start with /v1/models/, health with /v1/health or /v2/health/ready.",
    status: "NOT_FOUND",
  },
  SRV_REST_BODY_TOO_LARGE: {
    summary: "The REST request body is larger than the server's limit.",
    fix: "Send fewer instances per request (split the batch), use gRPC with tensor_content, or raise the body limit.",
    status: "RESOURCE_EXHAUSTED",
  },
  SRV_REST_JSON_SYNTAX: {
    summary: "The REST request body is not valid JSON (NaN, Infinity and -Infinity number tokens are accepted).",
    fix: "Fix the JSON at the offset given in the message.",
    status: "INVALID_ARGUMENT",
  },
  SRV_REST_JSON_TOO_DEEP: {
    summary: "The REST request body nests arrays or objects deeper than the server allows.",
    fix: "Send tensors of lower rank; the limit is given in the message.",
    status: "INVALID_ARGUMENT",
  },
  SRV_REST_BAD_REQUEST_FORMAT: {
    summary:
      "The predict request body is not in TF Serving's format: missing or both 'instances' and 'inputs', instances not keyed by input name, or an unknown input name.",
    fix: 'Send {"instances": [...]} (row format) or {"inputs": ...} (columnar format) as described in docs for the REST API.',
    status: "INVALID_ARGUMENT",
  },
  SRV_REST_BAD_TENSOR_VALUE: {
    summary:
      "A JSON tensor in the request is ragged, has values that do not fit the input's dtype, or uses invalid base64.",
    fix: 'Send rectangular nested arrays of values of the input\'s dtype; binary strings as {"b64": "..."}.',
    status: "INVALID_ARGUMENT",
  },
  SRV_REST_BAD_OUTPUT: {
    summary:
      "The model's outputs cannot be written in the requested REST format (e.g. row format with scalar outputs).",
    fix: 'Use the columnar format ({"inputs": ...}), which returns outputs of any shape.',
    status: "INVALID_ARGUMENT",
  },
  SRV_REST_UNIMPLEMENTED: {
    summary: "The REST API method (classify or regress) is not implemented by this server.",
    fix: "Use :predict with a predict signature.",
    status: "UNIMPLEMENTED",
  },
  SRV_REST_SIGNATURE_NOT_FOUND: {
    summary: "The requested signature name is not in the model's SignatureDefs.",
    fix: "Use a signature listed by GET /v1/models/NAME/metadata (the default is serving_default).",
    status: "FAILED_PRECONDITION",
  },
});
