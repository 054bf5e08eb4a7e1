import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_POLICY, selectVersions } from "./version-policy.ts";

test("latest N, all and specific select from the versions on disk", () => {
  const disk = [3n, 1n, 10n, 2n];
  assert.deepEqual(selectVersions(DEFAULT_POLICY, disk), [10n]);
  assert.deepEqual(selectVersions({ kind: "latest", numVersions: 2 }, disk), [3n, 10n]);
  assert.deepEqual(selectVersions({ kind: "latest", numVersions: 9 }, disk), [1n, 2n, 3n, 10n]);
  assert.deepEqual(selectVersions({ kind: "all" }, disk), [1n, 2n, 3n, 10n]);
  assert.deepEqual(selectVersions({ kind: "specific", versions: [2n, 4n] }, disk), [2n]);
  assert.deepEqual(selectVersions(DEFAULT_POLICY, []), []);
});
