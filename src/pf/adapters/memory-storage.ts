import { SealedError } from "../../common/errors.ts";
import type { ByteSink, ByteSource } from "../storage.ts";

/** A ByteSource over bytes in memory; reads are zero-copy views. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: () => bytes.length,
    read(offset, length) {
      if (offset < 0 || length < 0 || offset + length > bytes.length) {
        throw new SealedError("PF_TRUNCATED", `read of ${length} bytes at ${offset} is past the end (${bytes.length})`);
      }
      return bytes.subarray(offset, offset + length);
    },
  };
}

/** A ByteSink writing into a fixed, preallocated buffer (the writer knows the final size). */
export function memorySink(target: Uint8Array): ByteSink {
  return {
    write(offset, data) {
      if (offset < 0 || offset + data.length > target.length) {
        throw new SealedError("INTERNAL", `write of ${data.length} bytes at ${offset} exceeds ${target.length}`);
      }
      if (data.buffer === target.buffer && data.byteOffset === target.byteOffset + offset) return; // filled via region()
      target.set(data, offset);
    },
    region(offset, length) {
      if (offset < 0 || offset + length > target.length) {
        throw new SealedError("INTERNAL", `region of ${length} bytes at ${offset} exceeds ${target.length}`);
      }
      return target.subarray(offset, offset + length);
    },
  };
}
