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
  SRV_REST_TIMEOUT: {
    summary: "A REST request took longer than the server's REST timeout (--rest_api_timeout_in_ms).",
    fix: "Send smaller batches, retry when the server is less loaded, or raise --rest_api_timeout_in_ms.",
    status: "DEADLINE_EXCEEDED",
  },
  // --- serving core, gRPC adapter and server (src/serving/core, grpc, server) ---
  SRV_MISSING_MODEL_SPEC: {
    summary: "The request has no model_spec (or an empty model name).",
    fix: "Set model_spec.name to a served model.",
    status: "INVALID_ARGUMENT",
  },
  SRV_MODEL_NOT_FOUND: {
    summary: "No servable matches the request: unknown model, or the requested version is not loaded.",
    fix: "Check the model name and version against GetModelStatus; the message names what was requested.",
    status: "NOT_FOUND",
  },
  SRV_LABEL_NOT_FOUND: {
    summary: "The requested version label is not defined for the model.",
    fix: "Use a label from the model's version_labels in the model config file.",
    status: "INVALID_ARGUMENT",
  },
  SRV_LABEL_UNAVAILABLE: {
    summary:
      "A model config assigns a version label to a version that is not AVAILABLE (TF Serving checks labels before it loads the config's versions).",
    fix: "Load the version first (a config without the label), then assign the label in a second reload; or start with --allow_version_labels_for_unavailable_models, which lets a new label name a version that is still loading.",
    status: "FAILED_PRECONDITION",
  },
  SRV_SIGNATURE_NOT_FOUND: {
    summary: "The model has no signature with the requested name.",
    fix: "Use `serving_default` (or leave signature_name empty); GetModelMetadata lists the signatures.",
    status: "FAILED_PRECONDITION",
  },
  SRV_INPUT_MISMATCH: {
    summary: "The request's input names do not match the signature (an unknown input, or a required one missing).",
    fix: "Send exactly the inputs listed by GetModelMetadata; the message lists extra and missing names.",
    status: "INVALID_ARGUMENT",
  },
  SRV_INPUT_DTYPE: {
    summary: "An input tensor has a different dtype than the signature expects.",
    fix: "Send the input with the dtype named in the message (e.g. DT_FLOAT).",
    status: "INVALID_ARGUMENT",
  },
  SRV_INPUT_SHAPE: {
    summary: "An input tensor has the wrong rank or a wrong static dimension.",
    fix: "Send the input with the shape named in the message (-1 = any size).",
    status: "INVALID_ARGUMENT",
  },
  SRV_TENSOR_INVALID: {
    summary:
      "A TensorProto/JSON tensor is malformed: content length or value count does not match its shape and dtype, or the dtype is unsupported.",
    fix: "Make tensor_content exactly product(shape) * sizeof(dtype) bytes, or send product(shape) typed values (or one value to broadcast).",
    status: "INVALID_ARGUMENT",
  },
  SRV_REQUEST_TOO_LARGE: {
    summary: "The request's tensors exceed the server's size limit.",
    fix: "Send a smaller batch; the message gives the limit.",
    status: "RESOURCE_EXHAUSTED",
  },
  SRV_OUTPUT_FILTER: {
    summary: "output_filter names an output the signature does not have.",
    fix: "Use output names from GetModelMetadata.",
    status: "INVALID_ARGUMENT",
  },
  SRV_METADATA_FIELD: {
    summary: "GetModelMetadata asked for no metadata field or an unsupported one (only `signature_def` exists).",
    fix: 'Set metadata_field: ["signature_def"].',
    status: "INVALID_ARGUMENT",
  },
  SRV_UNIMPLEMENTED: {
    summary: "The API is not implemented for this model (Classify, Regress and MultiInference need such a signature).",
    fix: "Use Predict; ONNX models expose only a `tensorflow/serving/predict` signature.",
    status: "UNIMPLEMENTED",
  },
  SRV_QUEUE_FULL: {
    summary: "The batch scheduling queue is full.",
    fix: "Retry later, send fewer concurrent requests, or raise max_enqueued_batches.",
    status: "UNAVAILABLE",
  },
  SRV_SHUTTING_DOWN: {
    summary: "The server is shutting down or the model is unloading.",
    fix: "Retry against another replica.",
    status: "UNAVAILABLE",
  },
  SRV_MODEL_LOAD: {
    summary: "A model version could not be loaded (file unreadable, not a valid ONNX model, or decryption failed).",
    fix: "Check the model file named in the message; GetModelStatus shows the error per version.",
    status: "FAILED_PRECONDITION",
  },
  SRV_MODEL_KEY_MISSING: {
    summary: "A model file is encrypted (protected-files format) but no wrap key was given.",
    fix: "Start the server with --wrap_key_file (16 bytes raw, or 32 hex digits).",
    status: "FAILED_PRECONDITION",
  },
  SRV_INFERENCE: {
    summary: "ONNX Runtime failed while running the model.",
    fix: "Check the input values; the message carries ONNX Runtime's error.",
    status: "INTERNAL",
  },
  SRV_BAD_FLAG: {
    summary: "A `sealed serve` flag has an invalid value or flags contradict each other.",
    fix: "Correct the flag named in the message (TF Serving spelling, e.g. --port=8500).",
    status: "INVALID_ARGUMENT",
  },
  SRV_TLS_CONFIG: {
    summary: "The SSL config (--ssl_config_file) is incomplete or its PEM text is invalid.",
    fix: "Give server_key and server_cert as PEM text; with client_verify: true also custom_ca.",
    status: "INVALID_ARGUMENT",
  },
  SRV_MODEL_CONFIG: {
    summary: "The model server config (--model_config_file or ReloadConfig) is invalid.",
    fix: "Each model needs a unique name and a base_path; labels match [a-zA-Z0-9_]+ and point to served versions.",
    status: "INVALID_ARGUMENT",
  },
  // --- synthetic models (src/serving/synth, `sealed model synth`) ---
  SRV_SYNTH_OPTIONS: {
    summary: "A synthetic-model option is invalid: unknown model kind, layout, class count or seed.",
    fix: "Use `sealed model synth resnet50|tiny -o FILE [--layout nhwc|nchw] [--classes 1..100000] [--seed 0..4294967295]`.",
    status: "INVALID_ARGUMENT",
  },
});
