import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { SealedError } from "../../common/errors.ts";

/** Where model versions live: `BASE/<version>/model.onnx` (specs/tf-serving-api.md, "Layout"). */
export interface ModelSource {
  /** Numeric version directories under `basePath` (others are ignored). */
  listVersions(basePath: string): Promise<bigint[]>;
  /** The model file bytes of one version (possibly a protected file). */
  readModel(basePath: string, version: bigint): Promise<Uint8Array>;
}

/** File name of a model inside a version directory. */
export const MODEL_FILE = "model.onnx";

const VERSION_DIR = /^\d{1,18}$/;

/** The relative path stored in (and optionally checked against) a protected model file. */
export function modelRelPath(modelName: string, version: bigint): string {
  return `${modelName}/${version}/${MODEL_FILE}`;
}

/** ModelSource over the local file system. */
export function fsModelSource(): ModelSource {
  return {
    async listVersions(basePath) {
      let names: string[];
      try {
        names = await readdir(basePath);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new SealedError(
          code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_ACCESS",
          `model base path ${basePath}: ${(err as Error).message}`,
          { cause: err },
        );
      }
      const out: bigint[] = [];
      for (const n of names) {
        if (!VERSION_DIR.test(n)) continue;
        try {
          if ((await stat(join(basePath, n))).isDirectory()) out.push(BigInt(n));
        } catch {
          // vanished between readdir and stat: not a version
        }
      }
      return out;
    },
    async readModel(basePath, version) {
      const file = join(basePath, String(version), MODEL_FILE);
      try {
        return await readFile(file);
      } catch (err) {
        throw new SealedError("SRV_MODEL_LOAD", `cannot read ${file}: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}
