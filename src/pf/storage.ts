/**
 * Injected I/O for the codec (style anchor 9; Gramine's read/write callbacks). The core never
 * touches files: node:fs lives in adapters/node-fs.ts, memory buffers in adapters/memory-storage.ts.
 */

/** Random-access source of bytes (an encrypted file for the reader, a plaintext for the writer). */
export interface ByteSource {
  /** Total size in bytes. */
  size(): number;
  /**
   * Returns exactly `length` bytes at `offset` (throws when they are not all there). The result
   * may be a view of the source's own memory: callers never modify it, and the source never
   * reuses it for a later read.
   */
  read(offset: number, length: number): Uint8Array;
}

/** Random-access sink for the encrypted file. */
export interface ByteSink {
  /** Writes all of `data` at `offset` (the sink copies it; the caller may reuse `data`). */
  write(offset: number, data: Uint8Array): void;
  /**
   * Optional zero-copy path: a writable view of `length` bytes at `offset` that the writer fills
   * in place (in-memory sinks). When absent, the writer encrypts into its own buffer and calls write.
   */
  region?(offset: number, length: number): Uint8Array;
}
