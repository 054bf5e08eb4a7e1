#!/usr/bin/env node
// Runs every *.test.ts under src/ (and test/ when present) with node's test runner and tsx.
// Usage: node scripts/run-tests.mjs [path-filter ...]
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = ["src", "test"]
  .filter((d) => existsSync(d))
  .flatMap((d) => walk(d, []))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
const vectors = resolve(process.env.SEALED_VECTORS ?? "../shared/vectors");
if (!existsSync(vectors) && process.env.SEALED_REQUIRE_VECTORS !== "1") {
  console.log(
    `note: shared vectors not found at ${vectors}: the tests that read them are skipped (set SEALED_VECTORS)`,
  );
}
const res = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  { stdio: "inherit", env: { ...process.env, NODE_NO_WARNINGS: "1" } },
);
process.exit(res.status ?? 1);
