import assert from "node:assert/strict";
import { test } from "node:test";
import * as L from "./layout.ts";

test("SNP report layout matches the ABI spec offsets and size", () => {
  assert.equal(L.REPORT_DATA, 0x50);
  assert.equal(L.MEASUREMENT, 0x90);
  assert.equal(L.REPORTED_TCB, 0x180);
  assert.equal(L.CHIP_ID, 0x1a0);
  assert.equal(L.LAUNCH_TCB, 0x1f0);
  assert.equal(L.SIGNATURE, 0x2a0);
  assert.equal(L.REPORT_SIZE, 0x4a0);
  assert.equal(L.REPORT_SIZE, 1184);
});
