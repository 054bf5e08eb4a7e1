import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temporary directory removed by `cleanup()`. */
export interface TempDir {
  readonly path: string;
  cleanup(): void;
}

export function tempDir(prefix = "sealed-serving-"): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes BASE/<version>/model.onnx and returns its path. */
export function writeModelVersion(base: string, version: number | bigint, bytes: Uint8Array): string {
  const dir = join(base, String(version));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "model.onnx");
  writeFileSync(file, bytes);
  return file;
}
