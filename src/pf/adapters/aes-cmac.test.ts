import assert from "node:assert/strict";
import { test } from "node:test";
import { deriveMetadataKey } from "../crypto.ts";
import { aesCmac } from "./aes-cmac.ts";
import { nodePfCrypto } from "./node-crypto.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");

// RFC 4493 section 4 test vectors.
const K = hex("2b7e1516 28aed2a6 abf71588 09cf4f3c");
const M = hex(`6bc1bee2 2e409f96 e93d7e11 7393172a ae2d8a57 1e03ac9c 9eb76fac 45af8e51
  30c81c46 a35ce411 e5fbc119 1a0a52ef f69f2445 df4f9b17 ad2b417b e66c3710`);

test("AES-CMAC matches the RFC 4493 examples", () => {
  assert.equal(toHex(aesCmac(K, M.subarray(0, 0))), "bb1d6929e95937287fa37d129b756746");
  assert.equal(toHex(aesCmac(K, M.subarray(0, 16))), "070a16b46b4d4144f79bdd9dd04a287c");
  assert.equal(toHex(aesCmac(K, M.subarray(0, 40))), "dfa66747de9ae63030ca32611497c827");
  assert.equal(toHex(aesCmac(K, M.subarray(0, 64))), "51f0bebf7e3b9d92fc49741779363cfe");
});

test("metadata key derivation matches the spec's Gramine vector", () => {
  const wrap = hex("000102030405060708090a0b0c0d0e0f");
  const nonce = Uint8Array.from({ length: 32 }, (_, i) => 0x20 + i);
  assert.equal(toHex(deriveMetadataKey(nodePfCrypto, wrap, nonce)), "70ed96c7236900467f5461579ab272f8");
});

test("GCM adapter reports a wrong tag as false", () => {
  const key = new Uint8Array(16).fill(7);
  const pt = new Uint8Array(4096).fill(1);
  const ct = new Uint8Array(4096);
  const tag = new Uint8Array(16);
  nodePfCrypto.gcmEncrypt(key, pt, ct, tag);
  const out = new Uint8Array(4096);
  assert.equal(nodePfCrypto.gcmDecrypt(key, ct, tag, out), true);
  assert.deepEqual(out, pt);
  tag[0]! ^= 1;
  assert.equal(nodePfCrypto.gcmDecrypt(key, ct, tag, out), false);
});
