import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Access to the shared upstream vectors (../shared/vectors by default, or $SEALED_VECTORS).
 * Tests read them in place and never copy them. When a vector is missing, tests skip with one
 * clear line, unless SEALED_REQUIRE_VECTORS=1 (set by .ci/run), where a missing vector fails.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const vectorsRoot = resolve(process.env.SEALED_VECTORS ?? join(repoRoot, "../shared/vectors"));
const required = process.env.SEALED_REQUIRE_VECTORS === "1";

/** Absolute path of a vector (relative to the vectors root). */
export function vectorPath(rel: string): string {
  return join(vectorsRoot, rel);
}

/**
 * `skip` option for node:test: `false` when every listed vector exists; otherwise a one-line
 * reason. With SEALED_REQUIRE_VECTORS=1 a missing vector throws instead (the test file fails).
 */
export function vectorsSkip(...rels: string[]): false | string {
  const missing = rels.filter((r) => !existsSync(vectorPath(r)));
  if (missing.length === 0) return false;
  const msg = `shared vectors not found (${missing.join(", ")} under ${vectorsRoot}); set SEALED_VECTORS`;
  if (required) throw new Error(`SEALED_REQUIRE_VECTORS=1 but ${msg}`);
  return msg;
}

export function readVector(rel: string): Buffer {
  return readFileSync(vectorPath(rel));
}
