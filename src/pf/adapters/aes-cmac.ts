import { createCipheriv } from "node:crypto";

const BLOCK = 16;
const RB = 0x87;

/** Doubling in GF(2^128) (RFC 4493 section 2.3, subkey generation). */
function dbl(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(BLOCK);
  let carry = 0;
  for (let i = BLOCK - 1; i >= 0; i--) {
    const v = b[i]!;
    out[i] = ((v << 1) | carry) & 0xff;
    carry = v >>> 7;
  }
  if (carry) out[BLOCK - 1]! ^= RB;
  return out;
}

/**
 * AES-CMAC (RFC 4493) built on node's aes-128-ecb (Node has no CMAC). Used only for the metadata
 * key derivation, so it favours clarity over speed.
 */
export function aesCmac(key: Uint8Array, message: Uint8Array): Uint8Array {
  const ecb = createCipheriv("aes-128-ecb", key, null);
  ecb.setAutoPadding(false);
  const enc = (block: Uint8Array): Uint8Array => new Uint8Array(ecb.update(block));
  const l = enc(new Uint8Array(BLOCK));
  const k1 = dbl(l);
  const k2 = dbl(k1);
  const n = Math.max(1, Math.ceil(message.length / BLOCK));
  const complete = message.length > 0 && message.length % BLOCK === 0;
  const last = new Uint8Array(BLOCK);
  const tailStart = (n - 1) * BLOCK;
  const tail = message.subarray(tailStart);
  last.set(tail);
  if (complete) {
    for (let i = 0; i < BLOCK; i++) last[i]! ^= k1[i]!;
  } else {
    last[tail.length] = 0x80;
    for (let i = 0; i < BLOCK; i++) last[i]! ^= k2[i]!;
  }
  let x: Uint8Array = new Uint8Array(BLOCK);
  const y = new Uint8Array(BLOCK);
  for (let b = 0; b < n - 1; b++) {
    for (let i = 0; i < BLOCK; i++) y[i] = x[i]! ^ message[b * BLOCK + i]!;
    x = enc(y);
  }
  for (let i = 0; i < BLOCK; i++) y[i] = x[i]! ^ last[i]!;
  const tag = enc(y);
  ecb.final();
  return tag;
}
