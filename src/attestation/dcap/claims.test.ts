import assert from "node:assert/strict";
import { test } from "node:test";
import { readVector, vectorsSkip } from "../../testing/vectors.ts";
import { isDebug, quoteClaims } from "./claims.ts";
import { parseDcapQuote } from "./quote.ts";
import { SGX_QUOTE, TDX_QUOTE } from "./testing/vectors.ts";

const PARSE_ONLY = "attestation/parse-only/tdx_quote_4.dat";

test("debug detection: SGX ATTRIBUTES.DEBUG and TD_ATTRIBUTES.DEBUG", {
  skip: vectorsSkip(SGX_QUOTE, TDX_QUOTE, PARSE_ONLY),
}, () => {
  const sgx = Buffer.from(readVector(SGX_QUOTE));
  assert.equal(isDebug(parseDcapQuote(sgx)), false);
  sgx.writeUInt8(sgx[96]! | 0x02, 96); // body offset 48: ATTRIBUTES.FLAGS bit 1
  assert.equal(isDebug(parseDcapQuote(sgx)), true);
  const tdx = Buffer.from(readVector(TDX_QUOTE));
  assert.equal(isDebug(parseDcapQuote(tdx)), false);
  tdx.writeUInt8(tdx[168]! | 0x01, 168); // TD_ATTRIBUTES bit 0
  assert.equal(isDebug(parseDcapQuote(tdx)), true);
  // trustee's sample TD runs with DEBUG set (its expected claims say debug: true).
  assert.equal(isDebug(parseDcapQuote(readVector(PARSE_ONLY))), true);
});

test("quote claims name SGX and TDX measurements as VerifiedClaims documents", {
  skip: vectorsSkip(SGX_QUOTE, TDX_QUOTE),
}, () => {
  const s = quoteClaims(parseDcapQuote(readVector(SGX_QUOTE)));
  for (const k of ["mrenclave", "mrsigner", "isvprodid", "isvsvn", "attributes", "quote_version"]) assert.ok(k in s, k);
  assert.equal(s.quote_version, "3");
  const t = quoteClaims(parseDcapQuote(readVector(TDX_QUOTE)));
  for (const k of ["mrtd", "rtmr0", "rtmr1", "rtmr2", "rtmr3", "td_attributes", "xfam", "mrconfigid", "tee_tcb_svn"]) {
    assert.ok(k in t, k);
  }
  assert.equal(t.mrtd!.length, 96);
  assert.equal(t.tee_tcb_svn2, undefined);
});
