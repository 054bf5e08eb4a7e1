import assert from "node:assert/strict";
import { test } from "node:test";
import { isSealedError } from "../common/errors.ts";
import { encodeStoredPath, normalizePfPath } from "./path.ts";

test("normalizePfPath follows Gramine get_norm_path", () => {
  const cases: Array<[string, string]> = [
    ["./a//b/../c", "a/c"],
    ["./n/b/x.txt", "n/b/x.txt"],
    ["n//b/./x.txt", "n/b/x.txt"],
    ["n/a/../b/x.txt", "n/b/x.txt"],
    ["/abs/./x/../y", "/abs/y"],
    ["/..", "/"],
    ["/../a", "/a"],
    ["../a", "../a"],
    ["a/../../b", "../b"],
    ["../a/..", ".."],
    ["../a/../c", "../c"],
    ["a/b/", "a/b"],
    ["enc_files/input.txt", "enc_files/input.txt"],
    [".", ""],
  ];
  for (const [input, want] of cases) assert.equal(normalizePfPath(input), want, input);
});

test("stored paths: at most 771 bytes, non-empty, no NUL", () => {
  assert.equal(encodeStoredPath("a".repeat(771)).length, 771);
  assert.throws(
    () => encodeStoredPath("a".repeat(772)),
    (e) => isSealedError(e, "PF_PATH_TOO_LONG"),
  );
  assert.throws(
    () => encodeStoredPath("é".repeat(386)),
    (e) => isSealedError(e, "PF_PATH_TOO_LONG"),
  );
  assert.throws(
    () => encodeStoredPath(""),
    (e) => isSealedError(e, "PF_PATH_INVALID"),
  );
  assert.throws(
    () => encodeStoredPath("a\0b"),
    (e) => isSealedError(e, "PF_PATH_INVALID"),
  );
});
