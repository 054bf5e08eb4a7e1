import type { ErrorCode } from "./error-catalog.ts";
import { SealedError } from "./errors.ts";

/**
 * Bounds-checked little-endian reader over a byte array. Every read past the end throws a
 * SealedError with the code given at construction (the caller's "truncated" code), naming the
 * field that did not fit. Returned byte slices are views, not copies.
 */
export class ByteReader {
  private pos: number;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    private readonly truncatedCode: ErrorCode,
    start = 0,
  ) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  private need(n: number, field: string): number {
    if (n < 0 || this.pos + n > this.bytes.length) {
      throw new SealedError(
        this.truncatedCode,
        `truncated: ${field} needs ${n} bytes at offset ${this.pos}, ${this.remaining} left`,
      );
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(field: string): number {
    return this.view.getUint8(this.need(1, field));
  }

  u16(field: string): number {
    return this.view.getUint16(this.need(2, field), true);
  }

  u32(field: string): number {
    return this.view.getUint32(this.need(4, field), true);
  }

  u64(field: string): bigint {
    return this.view.getBigUint64(this.need(8, field), true);
  }

  bytesOf(n: number, field: string): Uint8Array {
    const at = this.need(n, field);
    return this.bytes.subarray(at, at + n);
  }

  skip(n: number, field: string): void {
    this.need(n, field);
  }
}
