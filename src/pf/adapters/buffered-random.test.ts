import assert from "node:assert/strict";
import { test } from "node:test";
import { bufferedSystemRandom } from "./buffered-random.ts";

test("buffered system random returns fresh, independent draws of the requested size", () => {
  const r = bufferedSystemRandom(64);
  const seen = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const k = r(16);
    assert.equal(k.length, 16);
    seen.add(Buffer.from(k).toString("hex"));
  }
  assert.equal(seen.size, 20);
  const a = r(32);
  const copy = a.slice();
  r(32);
  assert.deepEqual(a, copy, "earlier draws are not overwritten by the pool");
  assert.equal(r(100).length, 100, "draws larger than the pool");
});
