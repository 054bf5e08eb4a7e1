import { SealedError } from "../../common/errors.ts";
import type { SignatureInfo } from "../core/serving-core.ts";
import type { Tensor } from "../core/tensor.ts";
import { jsonToTensor } from "./json-to-tensor.ts";
import { DenseNumbers, isB64Object, isJsonObject, type JsonObject, type JsonValue, jsonKind } from "./json-value.ts";
import { rowSize, subTensorToJson, tensorToJson } from "./tensor-to-json.ts";

/**
 * TF Serving's REST predict body (specs/tf-serving-api.md, "Predict request/response"):
 * `{"signature_name"?: str, "instances": [...]}` (row format) or `{"inputs": ...}` (columnar).
 */
export type RequestFormat = "row" | "columnar";

export interface DecodedPredictRequest {
  readonly format: RequestFormat;
  readonly inputs: ReadonlyMap<string, Tensor>;
}

/** Reads `signature_name` ("" when absent) so the caller can look the signature up first. */
export function requestSignatureName(body: JsonValue): string {
  const obj = asBodyObject(body);
  const sig = obj.get("signature_name");
  if (sig === undefined || sig === null) return "";
  if (typeof sig !== "string") {
    throw badFormat(`'signature_name' must be a string, got ${jsonKind(sig)}`);
  }
  return sig;
}

export function decodePredictRequest(body: JsonValue, signature: SignatureInfo): DecodedPredictRequest {
  const obj = asBodyObject(body);
  const instances = obj.get("instances");
  const inputs = obj.get("inputs");
  if (instances !== undefined && inputs !== undefined) {
    throw badFormat("Not allowed to mix 'instances' (row format) and 'inputs' (columnar format) in one request");
  }
  if (instances !== undefined) return { format: "row", inputs: decodeRow(instances, signature) };
  if (inputs !== undefined) return { format: "columnar", inputs: decodeColumnar(inputs, signature) };
  throw badFormat("Missing 'inputs' or 'instances' key");
}

function asBodyObject(body: JsonValue): JsonObject {
  if (!isJsonObject(body) || isB64Object(body)) {
    throw badFormat(`The request body must be a JSON object, got ${jsonKind(body)}`);
  }
  return body;
}

function badFormat(message: string): SealedError {
  return new SealedError("SRV_REST_BAD_REQUEST_FORMAT", message);
}

function inputNames(sig: SignatureInfo): string[] {
  return Object.keys(sig.inputs);
}

function dtypeOf(sig: SignatureInfo, name: string) {
  if (!Object.hasOwn(sig.inputs, name)) {
    throw new SealedError(
      "SRV_INPUT_MISMATCH",
      `'${name}' is not an input of the signature (inputs: ${inputNames(sig).join(", ") || "none"})`,
    );
  }
  return sig.inputs[name].dtype;
}

function soleInput(sig: SignatureInfo, format: string): string {
  const names = inputNames(sig);
  if (names.length !== 1) {
    throw badFormat(
      `The signature has ${names.length} inputs (${names.join(", ")}); ${format} must name them ` +
        "(an object keyed by input name)",
    );
  }
  return names[0];
}

/** Named instance: a JSON object that is not a `{"b64": ...}` value. */
function isNamed(v: JsonValue): v is JsonObject {
  return isJsonObject(v) && !isB64Object(v);
}

function decodeRow(instances: JsonValue, sig: SignatureInfo): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  if (instances instanceof DenseNumbers) {
    const name = soleInput(sig, "instances");
    out.set(name, jsonToTensor(instances, dtypeOf(sig, name), `input '${name}'`));
    return out;
  }
  if (!Array.isArray(instances)) throw badFormat(`'instances' must be a list, got ${jsonKind(instances)}`);
  if (instances.length === 0) throw badFormat("No values in 'instances' array");
  if (!isNamed(instances[0])) {
    const name = soleInput(sig, "each instance");
    out.set(name, jsonToTensor(instances, dtypeOf(sig, name), `input '${name}'`));
    return out;
  }
  // Every instance is an object keyed by input name, all with the same keys.
  const first = instances[0];
  const names = [...first.keys()];
  for (const name of names) dtypeOf(sig, name);
  instances.forEach((inst, i) => {
    if (!isNamed(inst)) {
      throw badFormat(`instances[${i}] is ${jsonKind(inst)}; all instances must be objects keyed by input name`);
    }
    if (inst.size !== names.length || names.some((n) => !inst.has(n))) {
      throw badFormat(
        `instances[${i}] has inputs {${[...inst.keys()].join(", ")}} but instances[0] has {${names.join(", ")}}; ` +
          "every instance must name the same inputs",
      );
    }
  });
  for (const name of names) {
    const column = instances.map((inst) => (inst as JsonObject).get(name) as JsonValue);
    out.set(name, jsonToTensor(column, dtypeOf(sig, name), `input '${name}'`));
  }
  return out;
}

function decodeColumnar(inputs: JsonValue, sig: SignatureInfo): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  if (isNamed(inputs)) {
    for (const [name, value] of inputs) out.set(name, jsonToTensor(value, dtypeOf(sig, name), `input '${name}'`));
    return out;
  }
  const name = soleInput(sig, "'inputs'");
  out.set(name, jsonToTensor(inputs, dtypeOf(sig, name), `input '${name}'`));
  return out;
}

/**
 * Response body: `{"predictions": ...}` for row requests (one entry per batch row; with several
 * outputs each entry is an object keyed by output name), `{"outputs": ...}` for columnar ones.
 * A single output's name is omitted in both formats. Layout follows TF Serving's rapidjson
 * PrettyWriter (4-space indent, one row per line) except that columnar tensors are written on
 * one line instead of one number per line.
 */
export function encodePredictResponse(format: RequestFormat, outputs: ReadonlyMap<string, Tensor>): string {
  const entries = [...outputs];
  if (format === "columnar") {
    if (entries.length === 1) return `{\n    "outputs": ${tensorToJson(entries[0][1], entries[0][0])}\n}`;
    const parts = entries.map(([name, t]) => `${JSON.stringify(name)}: ${tensorToJson(t, name)}`);
    return `{\n    "outputs": {\n        ${parts.join(",\n        ")}\n    }\n}`;
  }
  let batch = -1;
  for (const [name, t] of entries) {
    if (t.shape.length === 0) {
      throw new SealedError(
        "SRV_REST_BAD_OUTPUT",
        `Tensor name: ${name} has no shape information (a scalar output cannot be split into instances; use 'inputs')`,
      );
    }
    if (batch === -1) batch = t.shape[0];
    else if (t.shape[0] !== batch) {
      throw new SealedError(
        "SRV_REST_BAD_OUTPUT",
        `Tensor name: ${name} has inconsistent batch size: ${t.shape[0]} expecting: ${batch}`,
      );
    }
  }
  const sizes = entries.map(([, t]) => rowSize(t));
  const rows: string[] = [];
  for (let i = 0; i < batch; i++) {
    if (entries.length === 1) {
      rows.push(subTensorToJson(entries[0][1], entries[0][0], 1, i * sizes[0]));
      continue;
    }
    const fields = entries.map(
      ([name, t], k) => `            ${JSON.stringify(name)}: ${subTensorToJson(t, name, 1, i * sizes[k])}`,
    );
    rows.push(`{\n${fields.join(",\n")}\n        }`);
  }
  if (rows.length === 0) return '{\n    "predictions": []\n}';
  return `{\n    "predictions": [\n        ${rows.join(",\n        ")}\n    ]\n}`;
}
