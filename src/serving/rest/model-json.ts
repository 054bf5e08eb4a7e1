import type { ModelMetadata, ModelVersionStatus, SignatureInfo } from "../core/serving-core.ts";
import type { TensorSpec } from "../core/tensor.ts";

/**
 * GetModelStatus / GetModelMetadata responses as TF Serving's REST API prints them
 * (specs/tf-serving-api.md, "Status response", "Metadata response"): proto field spelling,
 * int64 as JSON strings, enums by name (`"DT_FLOAT"`, `"AVAILABLE"`), every field printed,
 * one-space indentation like protobuf's JSON printer.
 */
export function statusJson(statuses: readonly ModelVersionStatus[]): string {
  const model_version_status = statuses.map((s) => ({
    version: s.version.toString(),
    state: s.state,
    status: { error_code: s.errorCode, error_message: s.errorMessage },
  }));
  return JSON.stringify({ model_version_status }, null, 1);
}

export function metadataJson(meta: ModelMetadata): string {
  const signature_def: Record<string, unknown> = {};
  for (const [key, sig] of Object.entries(meta.signatureDefs)) signature_def[key] = signatureJson(sig);
  return JSON.stringify(
    {
      model_spec: { name: meta.modelSpec.name, signature_name: "", version: meta.modelSpec.version.toString() },
      metadata: { signature_def: { signature_def } },
    },
    null,
    1,
  );
}

function signatureJson(sig: SignatureInfo): Record<string, unknown> {
  return { inputs: tensorInfoMap(sig.inputs), outputs: tensorInfoMap(sig.outputs), method_name: sig.methodName };
}

function tensorInfoMap(specs: Readonly<Record<string, TensorSpec>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) out[key] = tensorInfoJson(spec);
  return out;
}

function tensorInfoJson(spec: TensorSpec): Record<string, unknown> {
  const tensor_shape =
    spec.shape === undefined
      ? { dim: [], unknown_rank: true }
      : { dim: spec.shape.map((d) => ({ size: String(d), name: "" })), unknown_rank: false };
  return { dtype: `DT_${spec.dtype}`, tensor_shape, name: spec.name };
}
