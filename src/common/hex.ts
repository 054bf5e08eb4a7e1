import { SealedError } from "./errors.ts";

/** Parses hex (optional `0x`, no separators) into bytes; `length` in bytes when it must be fixed. */
export function parseHex(text: string, length?: number, what = "value"): Uint8Array {
  const t = text.trim().replace(/^0x/i, "");
  if (t.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(t)) {
    throw new SealedError("INVALID_HEX", `${what} is not valid hex`);
  }
  if (length !== undefined && t.length !== length * 2) {
    throw new SealedError(
      "INVALID_HEX",
      `${what} must be ${length} bytes (${length * 2} hex digits), got ${t.length / 2}`,
    );
  }
  return Uint8Array.from(Buffer.from(t, "hex"));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
