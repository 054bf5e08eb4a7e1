import assert from "node:assert/strict";
import { test } from "node:test";
import { parseLabels, rows, topK } from "./top-k.ts";

test("topK orders by score, ties by index, and attaches labels", () => {
  const labels = parseLabels("background\ncat\ndog\nfish\n\n");
  assert.deepEqual(labels, ["background", "cat", "dog", "fish"]);
  assert.deepEqual(topK([0.1, 0.5, 0.5, 0.2], 3, labels), [
    { index: 1, score: 0.5, label: "cat" },
    { index: 2, score: 0.5, label: "dog" },
    { index: 3, score: 0.2, label: "fish" },
  ]);
  assert.deepEqual(
    topK([1, 2], 5).map((r) => r.index),
    [1, 0],
  );
});

test("rows splits a [batch, classes] output", () => {
  assert.deepEqual(rows(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(rows([7, 8], [2]), [[7, 8]]);
});
