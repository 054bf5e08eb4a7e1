import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { encryptProtectedFile } from "../api.ts";
import { ATTACHED_DATA_NODES_COUNT as D, FORMATS, MD_USER_DATA_SIZE as MD } from "../format.ts";
import { underlyingSize } from "../node-math.ts";
import {
  decryptProtectedFileFromPath,
  decryptProtectedFileToPath,
  encryptBufferToProtectedFile,
  encryptPathToProtectedFile,
  inspectProtectedFilePath,
} from "./node-fs.ts";

const N = 4096;
const key = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const plaintext = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);

test("file-based encrypt and decrypt stream through temp files", () => {
  const dir = mkdtempSync(join(tmpdir(), "pf-rt-"));
  try {
    for (const n of [0, 10, MD + 1, MD + (D + 3) * N + 5]) {
      const plain = plaintext(n, n);
      writeFileSync(join(dir, "in"), plain);
      for (const format of FORMATS) {
        const res = encryptPathToProtectedFile(join(dir, "in"), join(dir, "enc"), key, "enc/in", { format });
        assert.equal(res.underlyingSize, underlyingSize(n));
        const encBytes = readFileSync(join(dir, "enc"));
        assert.equal(encBytes.length, underlyingSize(n));
        const info = decryptProtectedFileToPath(join(dir, "enc"), join(dir, "out"), key, { expectedPath: "enc/in" });
        assert.equal(info.size, n);
        assert.ok(readFileSync(join(dir, "out")).equals(Buffer.from(plain)));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a failed decrypt leaves no output file and no temp file", () => {
  const dir = mkdtempSync(join(tmpdir(), "pf-fail-"));
  try {
    const enc = encryptProtectedFile(plaintext(MD + 5 * N, 3), key, "x");
    enc[4 * N + 100]! ^= 1; // a data node
    writeFileSync(join(dir, "enc"), enc);
    assert.throws(
      () => decryptProtectedFileToPath(join(dir, "enc"), join(dir, "out"), key),
      (e) => isSealedError(e, "PF_CORRUPTED"),
    );
    assert.equal(existsSync(join(dir, "out")), false);
    assert.deepEqual(readdirSync(dir), ["enc"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("missing input is FILE_NOT_FOUND", () => {
  assert.throws(
    () => decryptProtectedFileToPath("/nonexistent/pf-in", "/tmp/pf-never", key),
    (e) => isSealedError(e, "FILE_NOT_FOUND"),
  );
});

test("buffer-to-file encrypt, file-to-memory decrypt and file inspect", () => {
  const dir = mkdtempSync(join(tmpdir(), "pf-buf-"));
  try {
    const plain = plaintext(MD + 2 * N + 1, 5);
    const res = encryptBufferToProtectedFile(plain, join(dir, "m.pf"), key, "models/m.pf", { format: 1 });
    assert.equal(res.format, 1);
    assert.equal(res.path, "models/m.pf");
    const dec = decryptProtectedFileFromPath(join(dir, "m.pf"), key, { expectedPath: "models/m.pf" });
    assert.ok(Buffer.from(dec).equals(Buffer.from(plain)));
    const bare = inspectProtectedFilePath(join(dir, "m.pf"));
    assert.equal(bare.format, 1);
    assert.equal(bare.nodeCount, underlyingSize(plain.length) / N);
    assert.equal(inspectProtectedFilePath(join(dir, "m.pf"), key).path, "models/m.pf");
    assert.throws(
      () => decryptProtectedFileFromPath(join(dir, "m.pf"), key, { expectedPath: "m.pf" }),
      (e) => isSealedError(e, "PF_PATH_MISMATCH"),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
