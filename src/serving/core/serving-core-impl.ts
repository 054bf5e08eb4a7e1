import { SealedError } from "../../common/errors.ts";
import type { ModelRegistry } from "./model-registry.ts";
import { DEFAULT_SIGNATURE } from "./ort-runner.ts";
import type { ModelMetadata, ModelVersionStatus, PredictResult, ServingCore } from "./serving-core.ts";
import type { ModelSpecRef, Tensor } from "./tensor.ts";
import { selectOutputs, validateInputs } from "./validate-inputs.ts";

export interface ServingCoreOptions {
  /** Largest decoded request (sum of input tensor bytes) accepted; larger gets RESOURCE_EXHAUSTED. */
  readonly maxRequestBytes: number;
}

function checkSpec(spec: ModelSpecRef): void {
  if (!spec?.name) throw new SealedError("SRV_MISSING_MODEL_SPEC", "Missing ModelSpec");
}

function checkSignature(spec: ModelSpecRef): string {
  const sig = spec.signatureName || DEFAULT_SIGNATURE;
  if (sig !== DEFAULT_SIGNATURE) {
    throw new SealedError("SRV_SIGNATURE_NOT_FOUND", `Serving signature key "${sig}" not found.`);
  }
  return sig;
}

/** The protocol-independent ServingCore over a model registry (validation before inference). */
export function createServingCore(registry: ModelRegistry, opts: ServingCoreOptions): ServingCore {
  return {
    async predict(spec, inputs, outputFilter): Promise<PredictResult> {
      checkSpec(spec);
      const h = registry.acquire(spec);
      try {
        const signatureName = checkSignature(spec);
        const sig = h.runner.signature;
        validateInputs(sig, inputs, opts.maxRequestBytes);
        const names = selectOutputs(sig, outputFilter);
        const outputs: Map<string, Tensor> = await h.run(inputs, names);
        return { modelSpec: { name: h.name, version: h.version, signatureName }, outputs };
      } finally {
        h.release();
      }
    },
    getModelMetadata(spec): ModelMetadata {
      checkSpec(spec);
      const h = registry.acquire(spec);
      try {
        return {
          modelSpec: { name: h.name, version: h.version, signatureName: spec.signatureName ?? "" },
          signatureDefs: { [DEFAULT_SIGNATURE]: h.runner.signature },
        };
      } finally {
        h.release();
      }
    },
    getModelStatus(spec): readonly ModelVersionStatus[] {
      checkSpec(spec);
      return registry.status(spec.name, spec.version, spec.versionLabel);
    },
    isReady() {
      return registry.isReady();
    },
  };
}
