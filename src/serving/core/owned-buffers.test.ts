import assert from "node:assert/strict";
import { test } from "node:test";
import { markOwned, transferable } from "./owned-buffers.ts";

test("owned whole buffers transfer as they are; views and unmarked arrays are copied first", () => {
  const own = markOwned(new Float32Array([1, 2, 3]));
  const a = transferable(own);
  assert.equal(a.view, own);
  assert.equal(a.buffer, own.buffer);
  // the mark is single-use: a second transfer must copy
  assert.notEqual(transferable(own).view, own);

  const caller = new Float32Array([4, 5]);
  const b = transferable(caller);
  assert.notEqual(b.buffer, caller.buffer);
  assert.deepEqual([...b.view], [4, 5]);

  const backing = new Float32Array(8);
  const view = markOwned(backing.subarray(2, 4)); // not the whole buffer: never marked
  const c = transferable(view);
  assert.notEqual(c.buffer, backing.buffer);
  assert.equal(c.view.length, 2);
});
