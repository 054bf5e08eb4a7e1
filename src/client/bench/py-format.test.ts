import assert from "node:assert/strict";
import { test } from "node:test";
import { pyFloat } from "./py-format.ts";

test("pyFloat matches Python str(float)", () => {
  const cases: [number, string][] = [
    [7, "7.0"],
    [0.7239549160003662, "0.7239549160003662"],
    [144.24099922180176, "144.24099922180176"],
    [6.9065074212404, "6.9065074212404"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [0.000012345, "1.2345e-05"],
    [1e16, "1e+16"],
    [1234567890123456.8, "1234567890123456.8"],
    [123456789012345680000, "1.2345678901234568e+20"],
    [0.1 + 0.2, "0.30000000000000004"],
    [-2.5, "-2.5"],
    [0, "0.0"],
    [100, "100.0"],
  ];
  for (const [x, want] of cases) assert.equal(pyFloat(x), want, String(x));
});
