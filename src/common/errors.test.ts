import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { errorCatalog, errorSections, isErrorCode } from "./error-catalog.ts";
import { isSealedError, SealedError } from "./errors.ts";
import { renderErrorsDoc } from "./errors-doc.ts";

const doc = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
const documented = new Set([...doc.matchAll(/^### ([A-Z0-9_]+)$/gm)].map((m) => m[1]));

test("every catalog code is documented in docs/errors.md", () => {
  const missing = Object.keys(errorCatalog).filter((c) => !documented.has(c));
  assert.deepEqual(missing, [], "run `npm run docs:errors`");
});

test("docs/errors.md lists no code that the catalog lacks", () => {
  const stale = [...documented].filter((c) => !isErrorCode(c));
  assert.deepEqual(stale, []);
});

test("docs/errors.md is the rendering of the current catalog", () => {
  assert.equal(doc, renderErrorsDoc(), "run `npm run docs:errors`");
});

test("codes are unique across sections and carry their section prefix", () => {
  const seen = new Set<string>();
  for (const s of errorSections) {
    for (const code of Object.keys(s.codes)) {
      assert.ok(!seen.has(code), `duplicate code ${code}`);
      seen.add(code);
      assert.ok(code.startsWith(s.prefix), `${code} lacks prefix ${s.prefix}`);
      assert.match(code, /^[A-Z][A-Z0-9_]+$/);
    }
  }
  assert.equal(seen.size, Object.keys(errorCatalog).length);
});

test("SealedError keeps code, cause and status; from() wraps foreign errors", () => {
  const cause = new Error("disk");
  const e = new SealedError("FILE_ACCESS", "cannot read x", { cause });
  assert.equal(e.code, "FILE_ACCESS");
  assert.equal(e.status, "FAILED_PRECONDITION");
  assert.equal(e.cause, cause);
  assert.ok(isSealedError(e, "FILE_ACCESS"));
  assert.ok(!isSealedError(e, "USAGE"));
  const w = SealedError.from(new TypeError("boom"));
  assert.equal(w.code, "INTERNAL");
  assert.equal(SealedError.from(e), e);
});
