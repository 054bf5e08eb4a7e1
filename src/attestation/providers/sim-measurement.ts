import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { SealedError } from "../../common/errors.ts";
import { type MeasuredFile, measureFiles } from "../sim/measure.ts";

/** Root of the Sealed package (holds package.json and src/). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function walk(abs: string, rel: string, out: MeasuredFile[]): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(abs);
  } catch (err) {
    throw new SealedError("FILE_NOT_FOUND", `cannot measure ${abs}: ${(err as NodeJS.ErrnoException).code}`, {
      cause: err,
    });
  }
  if (st.isDirectory()) {
    for (const name of readdirSync(abs).sort()) walk(join(abs, name), rel ? `${rel}/${name}` : name, out);
  } else if (st.isFile()) {
    out.push({ path: rel, bytes: new Uint8Array(readFileSync(abs)) });
  }
}

/**
 * Files of a measurement. Default: the Sealed package's src/**, package.json and
 * package-lock.json, paths relative to the package root. With `paths`, those files/directories,
 * paths relative to `cwd`. `config` adds one file as `config/<basename>`.
 */
export function collectMeasuredFiles(cwd: string, paths: readonly string[], config?: string): MeasuredFile[] {
  const out: MeasuredFile[] = [];
  if (paths.length === 0) {
    walk(join(PACKAGE_ROOT, "src"), "src", out);
    for (const f of ["package.json", "package-lock.json"]) walk(join(PACKAGE_ROOT, f), f, out);
  } else {
    for (const p of paths) {
      const abs = resolve(cwd, p);
      walk(abs, relative(cwd, abs).split(sep).join("/") || ".", out);
    }
  }
  if (config) {
    const abs = resolve(cwd, config);
    const before = out.length;
    walk(abs, `config/${basename(abs)}`, out);
    if (out.length === before) throw new SealedError("FILE_NOT_FOUND", `config ${config} is not a file`);
  }
  return out;
}

/** MRENCLAVE-style SHA-256 (or MRTD-style SHA-384 with `tdx`) of the collected files. */
export function measure(cwd: string, paths: readonly string[], config: string | undefined, tdx: boolean): Uint8Array {
  return measureFiles(collectMeasuredFiles(cwd, paths, config), tdx ? "sha384" : "sha256");
}

/** The simulated enclave measurement of this Sealed package (what `sealed measure [--tdx]` prints). */
export function measurePackage(tdx = false, config?: string, cwd = PACKAGE_ROOT): Uint8Array {
  return measure(cwd, [], config, tdx);
}
