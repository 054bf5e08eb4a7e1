import { randomBytes } from "node:crypto";
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { SealedError } from "../../common/errors.ts";
import type { PfDecryptOptions, PfEncryptOptions, PfInspection } from "../api.ts";
import { inspectSource } from "../api.ts";
import { type PfInfo, PfReader } from "../reader.ts";
import type { ByteSink, ByteSource } from "../storage.ts";
import { encryptToSink, type PfWriteResult } from "../writer.ts";
import { bufferedSystemRandom } from "./buffered-random.ts";
import { memorySource } from "./memory-storage.ts";
import { nodePfCrypto } from "./node-crypto.ts";

/** Output buffer size when streaming plaintext to a file. */
const FLUSH_BYTES = 1 << 20;

function fsError(err: unknown, path: string): SealedError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const msg = err instanceof Error ? err.message : String(err);
  return new SealedError(code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_ACCESS", `${path}: ${msg}`, { cause: err });
}

function openFile(path: string, flags: string, mode?: number): number {
  try {
    return openSync(path, flags, mode);
  } catch (err) {
    throw fsError(err, path);
  }
}

/** ByteSource over an open file descriptor; each read returns a fresh buffer. */
export function fdSource(fd: number, path = "file"): ByteSource {
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (err) {
    throw fsError(err, path);
  }
  return {
    size: () => size,
    read(offset, length) {
      const buf = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        let n: number;
        try {
          n = readSync(fd, buf, got, length - got, offset + got);
        } catch (err) {
          throw fsError(err, path);
        }
        if (n === 0) throw new SealedError("PF_TRUNCATED", `${path}: unexpected end of file at ${offset + got}`);
        got += n;
      }
      return buf;
    },
  };
}

/** ByteSink over an open file descriptor. */
export function fdSink(fd: number, path = "file"): ByteSink {
  return {
    write(offset, data) {
      let done = 0;
      try {
        while (done < data.length) done += writeSync(fd, data, done, data.length - done, offset + done);
      } catch (err) {
        throw fsError(err, path);
      }
    },
  };
}

/**
 * Runs `fill` on a temporary file beside `outPath` and renames it over `outPath` only when `fill`
 * succeeds; on failure the temporary file is removed, so no partial output ever appears.
 */
export function writeAtomically<T>(outPath: string, mode: number, fill: (fd: number) => T): T {
  const tmp = join(dirname(outPath), `.${basename(outPath)}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openFile(tmp, "wx", mode);
  let closed = false;
  let renamed = false;
  try {
    const result = fill(fd);
    try {
      fsyncSync(fd);
      closeSync(fd);
      closed = true;
      renameSync(tmp, outPath);
      renamed = true;
    } catch (err) {
      throw fsError(err, outPath);
    }
    return result;
  } finally {
    if (!closed) closeQuietly(fd);
    if (!renamed) unlinkQuietly(tmp);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing more to do
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function withInput<T>(inPath: string, use: (src: ByteSource) => T): T {
  const fd = openFile(inPath, "r");
  try {
    return use(fdSource(fd, inPath));
  } finally {
    closeSync(fd);
  }
}

/**
 * Decrypts the protected file at `inPath` into `outPath` (mode 0600), streaming with bounded
 * memory. The plaintext goes to a temporary file renamed only after every node authenticated.
 */
export function decryptProtectedFileToPath(
  inPath: string,
  outPath: string,
  key: Uint8Array,
  opts: PfDecryptOptions = {},
): PfInfo {
  return withInput(inPath, (src) => {
    const reader = PfReader.open(src, opts.crypto ?? nodePfCrypto, key, opts);
    writeAtomically(outPath, 0o600, (fd) => {
      const buf = Buffer.allocUnsafe(Math.min(FLUSH_BYTES, Math.max(reader.info.size, 1)));
      let used = 0;
      let pos = 0;
      const flush = () => {
        fdSink(fd, outPath).write(pos, buf.subarray(0, used));
        pos += used;
        used = 0;
      };
      try {
        reader.decryptAll((chunk) => {
          for (let i = 0; i < chunk.length; ) {
            const n = Math.min(chunk.length - i, buf.length - used);
            buf.set(chunk.subarray(i, i + n), used);
            used += n;
            i += n;
            if (used === buf.length) flush();
          }
        });
        flush();
      } finally {
        buf.fill(0);
        reader.close();
      }
    });
    return reader.info;
  });
}

/** Decrypts the protected file at `inPath` into memory (see decryptProtectedFile). */
export function decryptProtectedFileFromPath(inPath: string, key: Uint8Array, opts: PfDecryptOptions = {}): Uint8Array {
  return withInput(inPath, (src) => {
    const reader = PfReader.open(src, opts.crypto ?? nodePfCrypto, key, opts);
    try {
      return reader.readAll();
    } finally {
      reader.close();
    }
  });
}

function encryptSourceToPath(
  src: ByteSource,
  outPath: string,
  key: Uint8Array,
  storedPath: string,
  opts: PfEncryptOptions,
): PfWriteResult {
  return writeAtomically(outPath, 0o644, (fd) =>
    encryptToSink(src, fdSink(fd, outPath), key, storedPath, {
      format: opts.format ?? 2,
      random: opts.random ?? bufferedSystemRandom(),
      crypto: opts.crypto ?? nodePfCrypto,
    }),
  );
}

/** Encrypts the file at `inPath` into a protected file at `outPath` storing `storedPath` (streams). */
export function encryptPathToProtectedFile(
  inPath: string,
  outPath: string,
  key: Uint8Array,
  storedPath: string,
  opts: PfEncryptOptions = {},
): PfWriteResult {
  return withInput(inPath, (src) => encryptSourceToPath(src, outPath, key, storedPath, opts));
}

/** Encrypts an in-memory plaintext into a protected file at `outPath` storing `storedPath`. */
export function encryptBufferToProtectedFile(
  plaintext: Uint8Array,
  outPath: string,
  key: Uint8Array,
  storedPath: string,
  opts: PfEncryptOptions = {},
): PfWriteResult {
  return encryptSourceToPath(memorySource(plaintext), outPath, key, storedPath, opts);
}

/** Inspects the protected file at `inPath` (see inspectProtectedFile); reads at most two nodes. */
export function inspectProtectedFilePath(inPath: string, key?: Uint8Array, opts: PfDecryptOptions = {}): PfInspection {
  return withInput(inPath, (src) => inspectSource(src, key, opts));
}
