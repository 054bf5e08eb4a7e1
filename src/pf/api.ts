import { SealedError } from "../common/errors.ts";
import type { RandomSource } from "../common/random.ts";
import { bufferedSystemRandom } from "./adapters/buffered-random.ts";
import { memorySink, memorySource } from "./adapters/memory-storage.ts";
import { nodePfCrypto } from "./adapters/node-crypto.ts";
import type { PfCrypto } from "./crypto.ts";
import { NODE_SIZE, type PfFormat } from "./format.ts";
import { parseMetadataHeader } from "./metadata.ts";
import { underlyingSize } from "./node-math.ts";
import { type PfInfo, PfReader } from "./reader.ts";
import type { ByteSource } from "./storage.ts";
import { encryptToSink } from "./writer.ts";

/** Options of the decrypting functions. */
export interface PfDecryptOptions {
  /** Must equal the stored path byte for byte (PF_PATH_MISMATCH otherwise); unchecked when absent. */
  readonly expectedPath?: string;
  /** Crypto implementation (node:crypto by default). */
  readonly crypto?: PfCrypto;
}

/** Options of the encrypting functions. */
export interface PfEncryptOptions {
  /** 2 (Gramine >= 1.9, default) or 1 (for deployments on Gramine <= 1.8). */
  readonly format?: PfFormat;
  /** Randomness for the nonces and node keys (system CSPRNG by default). */
  readonly random?: RandomSource;
  readonly crypto?: PfCrypto;
}

/**
 * Decrypts a whole protected file held in memory (v1 or v2) and returns the plaintext. Throws a
 * SealedError PF_* and returns nothing on any failure (no partial plaintext).
 */
export function decryptProtectedFile(file: Uint8Array, key: Uint8Array, opts: PfDecryptOptions = {}): Uint8Array {
  const reader = PfReader.open(memorySource(file), opts.crypto ?? nodePfCrypto, key, opts);
  try {
    return reader.readAll();
  } finally {
    reader.close();
  }
}

/**
 * Decrypts a protected file held in memory into `out` (at least the plaintext size; see
 * `inspectProtectedFile`) and returns the plaintext length. For callers that reuse buffers. On
 * failure `out` is zeroed and a SealedError PF_* is thrown.
 */
export function decryptProtectedFileInto(
  file: Uint8Array,
  key: Uint8Array,
  out: Uint8Array,
  opts: PfDecryptOptions = {},
): number {
  const reader = PfReader.open(memorySource(file), opts.crypto ?? nodePfCrypto, key, opts);
  const { size } = reader.info;
  if (out.length < size) {
    throw new SealedError("PF_TOO_LARGE", `output buffer holds ${out.length} bytes, the plaintext is ${size}`);
  }
  try {
    reader.decryptAll((chunk, offset) => out.set(chunk, offset), out);
  } catch (err) {
    out.fill(0, 0, size);
    throw err;
  } finally {
    reader.close();
  }
  return size;
}

/**
 * Encrypts `plaintext` into a protected file (v2 unless `format: 1`) that stores `storedPath`
 * exactly as given (normalize it with `normalizePfPath` first when it comes from a command line).
 */
export function encryptProtectedFile(
  plaintext: Uint8Array,
  key: Uint8Array,
  storedPath: string,
  opts: PfEncryptOptions = {},
): Uint8Array {
  const out = new Uint8Array(underlyingSize(plaintext.length));
  encryptToSink(memorySource(plaintext), memorySink(out), key, storedPath, {
    format: opts.format ?? 2,
    random: opts.random ?? bufferedSystemRandom(),
    crypto: opts.crypto ?? nodePfCrypto,
  });
  return out;
}

/**
 * Encrypts into a caller-provided buffer of at least `pfUnderlyingSize(plaintext.length)` bytes
 * and returns the number of bytes written (for callers that reuse buffers).
 */
export function encryptProtectedFileInto(
  plaintext: Uint8Array,
  key: Uint8Array,
  storedPath: string,
  out: Uint8Array,
  opts: PfEncryptOptions = {},
): number {
  const size = underlyingSize(plaintext.length);
  if (out.length < size) {
    throw new SealedError("PF_TOO_LARGE", `output buffer holds ${out.length} bytes, the protected file needs ${size}`);
  }
  encryptToSink(memorySource(plaintext), memorySink(out.subarray(0, size)), key, storedPath, {
    format: opts.format ?? 2,
    random: opts.random ?? bufferedSystemRandom(),
    crypto: opts.crypto ?? nodePfCrypto,
  });
  return size;
}

/** What `inspect` reports. Fields after `nodeCount` need the key (they are authenticated). */
export interface PfInspection {
  readonly format: PfFormat;
  readonly minorVersion: number;
  readonly underlyingSize: number;
  readonly nodeCount: number;
  /** True when a key was given and the metadata and root MHT node authenticated. */
  readonly authenticated: boolean;
  readonly path?: string;
  readonly size?: number;
  readonly dataNodes?: number;
  readonly mhtNodes?: number;
}

/** Inspects a protected file from any ByteSource; see inspectProtectedFile. */
export function inspectSource(source: ByteSource, key?: Uint8Array, opts: PfDecryptOptions = {}): PfInspection {
  const total = source.size();
  if (key !== undefined) {
    const reader = PfReader.open(source, opts.crypto ?? nodePfCrypto, key, opts);
    reader.close();
    const info: PfInfo = reader.info;
    return Object.freeze({
      format: info.format,
      minorVersion: 0,
      underlyingSize: total,
      nodeCount: total / NODE_SIZE,
      authenticated: true,
      path: info.path,
      size: info.size,
      dataNodes: info.dataNodes,
      mhtNodes: info.mhtNodes,
    });
  }
  if (total < NODE_SIZE) throw new SealedError("PF_TRUNCATED", `file is ${total} bytes, shorter than one node`);
  if (total % NODE_SIZE !== 0) {
    throw new SealedError("PF_INVALID_HEADER", `file size ${total} is not a multiple of ${NODE_SIZE}`);
  }
  const header = parseMetadataHeader(source.read(0, NODE_SIZE));
  return Object.freeze({
    format: header.format,
    minorVersion: header.minor,
    underlyingSize: total,
    nodeCount: total / NODE_SIZE,
    authenticated: false,
  });
}

/**
 * Header facts of a protected file (version, sizes, node count) without a key; with the key also
 * the stored path and plaintext size, after authenticating the metadata and root MHT node.
 */
export function inspectProtectedFile(file: Uint8Array, key?: Uint8Array, opts: PfDecryptOptions = {}): PfInspection {
  return inspectSource(memorySource(file), key, opts);
}
