// Protected-files throughput against raw AES-128-GCM of node:crypto, measured in the same run
// over the same bytes in 4096-byte chunks (one cipher object and fresh key per chunk, zero IV).
// Two pairings, both printed: "reuse" (output buffer allocated once, as the raw loop does) and
// "alloc" (a fresh output buffer per run, as decryptProtectedFile/encryptProtectedFile return).
// Usage: npm run bench:pf [-- --mb 100 --runs 3]
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  decryptProtectedFile,
  decryptProtectedFileInto,
  decryptProtectedFileToPath,
  encryptPathToProtectedFile,
  encryptProtectedFile,
  encryptProtectedFileInto,
  pfUnderlyingSize,
} from "../src/pf/index.ts";

const { values } = parseArgs({
  options: { mb: { type: "string", default: "100" }, runs: { type: "string", default: "3" } },
});
const MB = Number(values.mb);
const RUNS = Number(values.runs);
const SIZE = MB * 1024 * 1024;
const CHUNK = 4096;
const IV = Buffer.alloc(12);
const PATH = "bench/model.pf";

const plain = randomBytes(SIZE);
const key = randomBytes(16);

function best(label: string, fn: () => void): number {
  fn(); // warm-up (JIT), not timed
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e9);
  }
  const mbs = MB / min;
  console.log(
    `${label.padEnd(50)} ${mbs.toFixed(1).padStart(8)} MB/s  (best of ${RUNS}: ${(min * 1000).toFixed(0)} ms)`,
  );
  return mbs;
}

const nChunks = SIZE / CHUNK;
const keys = randomBytes(16 * nChunks);
const tags = Buffer.allocUnsafe(16 * nChunks);
const rawCipher = Buffer.allocUnsafe(SIZE);
function rawEncrypt(out: Uint8Array): void {
  for (let i = 0; i < nChunks; i++) {
    const c = createCipheriv("aes-128-gcm", keys.subarray(i * 16, i * 16 + 16), IV);
    out.set(c.update(plain.subarray(i * CHUNK, (i + 1) * CHUNK)), i * CHUNK);
    c.final();
    c.getAuthTag().copy(tags, i * 16);
  }
}
function rawDecrypt(out: Uint8Array): void {
  for (let i = 0; i < nChunks; i++) {
    const d = createDecipheriv("aes-128-gcm", keys.subarray(i * 16, i * 16 + 16), IV);
    d.setAuthTag(tags.subarray(i * 16, i * 16 + 16));
    out.set(d.update(rawCipher.subarray(i * CHUNK, (i + 1) * CHUNK)), i * CHUNK);
    d.final();
  }
}

const rawOut = Buffer.allocUnsafe(SIZE);
const rawEncReuse = best("raw AES-128-GCM encrypt, reused output", () => rawEncrypt(rawCipher));
const rawDecReuse = best("raw AES-128-GCM decrypt, reused output", () => rawDecrypt(rawOut));
const rawEncAlloc = best("raw AES-128-GCM encrypt, fresh output", () => rawEncrypt(new Uint8Array(SIZE)));
const rawDecAlloc = best("raw AES-128-GCM decrypt, fresh output", () => rawDecrypt(new Uint8Array(SIZE)));

const encBuf = new Uint8Array(pfUnderlyingSize(SIZE));
const pfEncReuse = best("pf encrypt, reused output (Into)", () => {
  encryptProtectedFileInto(plain, key, PATH, encBuf);
});
const decBuf = new Uint8Array(SIZE);
const pfDecReuse = best("pf decrypt, reused output (Into)", () => {
  decryptProtectedFileInto(encBuf, key, decBuf, { expectedPath: PATH });
});
if (!Buffer.from(decBuf.buffer, decBuf.byteOffset, decBuf.byteLength).equals(plain))
  throw new Error("round trip mismatch");
let enc: Uint8Array = new Uint8Array(0);
const pfEncAlloc = best("pf encrypt, fresh output (encryptProtectedFile)", () => {
  enc = encryptProtectedFile(plain, key, PATH);
});
let dec: Uint8Array = new Uint8Array(0);
const pfDecAlloc = best("pf decrypt, fresh output (decryptProtectedFile)", () => {
  dec = decryptProtectedFile(enc, key, { expectedPath: PATH });
});
if (!Buffer.from(dec.buffer, dec.byteOffset, dec.byteLength).equals(plain)) throw new Error("round trip mismatch");

const dir = mkdtempSync(join(tmpdir(), "pf-bench-"));
let fileEnc = 0;
let fileDec = 0;
try {
  writeFileSync(join(dir, "plain"), plain);
  fileEnc = best("pf encrypt, file to file (streaming)", () => {
    encryptPathToProtectedFile(join(dir, "plain"), join(dir, "enc"), key, PATH);
  });
  fileDec = best("pf decrypt, file to file (streaming, temp+rename)", () => {
    decryptProtectedFileToPath(join(dir, "enc"), join(dir, "out"), key);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const r = (x: number) => Math.round(x * 1000) / 1000;
const ratios = {
  decrypt_ratio: r(pfDecReuse / rawDecReuse),
  encrypt_ratio: r(pfEncReuse / rawEncReuse),
  decrypt_ratio_alloc: r(pfDecAlloc / rawDecAlloc),
  encrypt_ratio_alloc: r(pfEncAlloc / rawEncAlloc),
  decrypt_ratio_alloc_vs_raw_reuse: r(pfDecAlloc / rawDecReuse),
  encrypt_ratio_alloc_vs_raw_reuse: r(pfEncAlloc / rawEncReuse),
  file_decrypt_ratio: r(fileDec / rawDecReuse),
  file_encrypt_ratio: r(fileEnc / rawEncReuse),
};
console.log(
  `decrypt ${ratios.decrypt_ratio} (alloc ${ratios.decrypt_ratio_alloc}) of raw [target >= 0.8]; ` +
    `encrypt ${ratios.encrypt_ratio} (alloc ${ratios.encrypt_ratio_alloc}) of raw [target >= 0.7]`,
);
console.log(
  JSON.stringify({
    bench: "pf",
    mb: MB,
    runs: RUNS,
    raw_gcm_encrypt_mbs: r(rawEncReuse),
    raw_gcm_decrypt_mbs: r(rawDecReuse),
    raw_gcm_encrypt_fresh_mbs: r(rawEncAlloc),
    raw_gcm_decrypt_fresh_mbs: r(rawDecAlloc),
    pf_encrypt_mbs: r(pfEncReuse),
    pf_decrypt_mbs: r(pfDecReuse),
    pf_encrypt_fresh_mbs: r(pfEncAlloc),
    pf_decrypt_fresh_mbs: r(pfDecAlloc),
    pf_file_encrypt_mbs: r(fileEnc),
    pf_file_decrypt_mbs: r(fileDec),
    ...ratios,
  }),
);
