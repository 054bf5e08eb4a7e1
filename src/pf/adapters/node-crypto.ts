import { createCipheriv, createDecipheriv } from "node:crypto";
import type { PfCrypto } from "../crypto.ts";
import { IV_SIZE } from "../format.ts";
import { aesCmac } from "./aes-cmac.ts";

const ZERO_IV = new Uint8Array(IV_SIZE);

/**
 * PfCrypto on node:crypto. One cipher object per node is unavoidable (a fresh key per node);
 * everything else writes into caller-provided buffers.
 */
export const nodePfCrypto: PfCrypto = {
  gcmEncrypt(key, plaintext, out, tag) {
    const c = createCipheriv("aes-128-gcm", key, ZERO_IV);
    out.set(c.update(plaintext));
    c.final();
    tag.set(c.getAuthTag());
  },
  gcmDecrypt(key, ciphertext, tag, out) {
    const d = createDecipheriv("aes-128-gcm", key, ZERO_IV);
    d.setAuthTag(tag);
    out.set(d.update(ciphertext));
    try {
      d.final();
      return true;
    } catch {
      return false;
    }
  },
  cmac: aesCmac,
};
