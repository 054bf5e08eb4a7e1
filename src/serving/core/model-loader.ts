import { SealedError } from "../../common/errors.ts";
import { type ModelSource, modelRelPath } from "./model-source.ts";
import type { ModelRunner, RunnerOptions } from "./ort-runner.ts";
import { createWorkerOrtRunner } from "./ort-worker-runner.ts";

/** Gramine protected-files magic at offset 0: "GRAFS_PF" (specs/protected-files.md). */
const PF_MAGIC = Uint8Array.from([0x47, 0x52, 0x41, 0x46, 0x53, 0x5f, 0x50, 0x46]);

/** True when `bytes` start with the protected-files magic. */
export function isProtectedFile(bytes: Uint8Array): boolean {
  if (bytes.byteLength < PF_MAGIC.length) return false;
  for (let i = 0; i < PF_MAGIC.length; i++) if (bytes[i] !== PF_MAGIC[i]) return false;
  return true;
}

/** The PF codec's in-memory decryption (src/pf: decryptProtectedFile). */
export type PfDecrypt = (file: Uint8Array, key: Uint8Array, opts?: { expectedPath?: string }) => Uint8Array;

export interface ModelLoaderOptions {
  readonly source: ModelSource;
  readonly runner: RunnerOptions;
  /** 16-byte wrap key for protected model files; undefined = encrypted models fail to load. */
  readonly wrapKey?: Uint8Array;
  readonly decrypt?: PfDecrypt;
  /**
   * When true, a protected model's stored path must be `<model name>/<version>/model.onnx`;
   * by default the stored path is not checked (the seed stores its own layout's path).
   */
  readonly checkPfPath?: boolean;
  /** Replaceable (default: ONNX Runtime in a worker thread per model version). */
  readonly createRunner?: (bytes: Uint8Array, opts: RunnerOptions) => Promise<ModelRunner>;
}

/** Loads one version: reads the file, decrypts a protected file in memory, creates the session. */
export type ModelLoader = (modelName: string, basePath: string, version: bigint) => Promise<ModelRunner>;

export function createModelLoader(opts: ModelLoaderOptions): ModelLoader {
  const create = opts.createRunner ?? createWorkerOrtRunner;
  return async (modelName, basePath, version) => {
    let bytes = await opts.source.readModel(basePath, version);
    let decrypted = false;
    if (isProtectedFile(bytes)) {
      if (!opts.wrapKey) {
        throw new SealedError(
          "SRV_MODEL_KEY_MISSING",
          `model ${modelName} version ${version} is encrypted (protected file) but no --wrap_key_file was given`,
        );
      }
      if (!opts.decrypt) throw new SealedError("INTERNAL", "no protected-files codec wired into the model loader");
      const file = bytes;
      try {
        bytes = opts.decrypt(
          file,
          opts.wrapKey,
          opts.checkPfPath ? { expectedPath: modelRelPath(modelName, version) } : undefined,
        );
        decrypted = true;
      } catch (err) {
        throw new SealedError(
          "SRV_MODEL_LOAD",
          `model ${modelName} version ${version}: decryption failed: ${err instanceof SealedError ? `${err.code}: ` : ""}${(err as Error).message}`,
          { cause: err },
        );
      }
    }
    try {
      return await create(bytes, opts.runner);
    } finally {
      // Plaintext lives only in memory; wipe our copy once ORT has parsed it into its own.
      if (decrypted && bytes.byteLength > 0) bytes.fill(0); // (0 when transferred to a worker)
    }
  };
}
