import assert from "node:assert/strict";
import { test } from "node:test";
import { readVector, vectorsSkip } from "../testing/vectors.ts";
import { SGX_QUOTE, TDX_QUOTE } from "./dcap/testing/vectors.ts";
import { detectTee } from "./detect.ts";
import { createVerifier } from "./registry.ts";

test("registry: DCAP verifiers need a collateral source; unknown kinds are ATT_TEE_UNSUPPORTED", () => {
  assert.throws(() => createVerifier("sgx", {}), { code: "ATT_COLLATERAL_UNAVAILABLE" });
  assert.throws(() => createVerifier("nope" as never, {}), { code: "ATT_TEE_UNSUPPORTED" });
  const v = createVerifier("tdx", { collateral: { get: async () => Promise.reject(new Error("unused")) } });
  assert.equal(v.tee, "tdx");
});

test("detectTee recognises DCAP headers and the SNP report size", { skip: vectorsSkip(SGX_QUOTE, TDX_QUOTE) }, () => {
  assert.equal(detectTee(readVector(SGX_QUOTE)), "sgx");
  assert.equal(detectTee(readVector(TDX_QUOTE)), "tdx");
  const snp = new Uint8Array(0x4a0);
  snp[0] = 2;
  assert.equal(detectTee(snp), "snp");
  assert.throws(() => detectTee(new Uint8Array(10)), { code: "ATT_QUOTE_MALFORMED" });
});
