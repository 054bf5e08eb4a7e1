import { SealedError } from "../common/errors.ts";

/**
 * Tiny strict CBOR (RFC 8949) for the RA-TLS shapes: unsigned ints, byte and text strings,
 * arrays, maps and tags, definite lengths only, minimal ("preferred") heads only. Anything else
 * (negative ints, floats, simple values, indefinite lengths, trailing bytes) is
 * RATLS_CBOR_MALFORMED. Depth and sizes are bounded by the input, so decoding cannot hang.
 */
export type CborValue =
  | { readonly kind: "uint"; readonly value: number }
  | { readonly kind: "bytes"; readonly value: Uint8Array }
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "array"; readonly items: readonly CborValue[] }
  | { readonly kind: "map"; readonly entries: readonly (readonly [CborValue, CborValue])[] }
  | { readonly kind: "tag"; readonly tag: number; readonly value: CborValue };

const MAX_DEPTH = 16;

function head(major: number, n: number): Uint8Array {
  const m = major << 5;
  if (n < 24) return Uint8Array.of(m | n);
  if (n < 0x100) return Uint8Array.of(m | 24, n);
  if (n < 0x10000) return Uint8Array.of(m | 25, n >> 8, n & 0xff);
  if (n <= 0xffffffff) return Uint8Array.of(m | 26, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  throw new SealedError("INTERNAL", "CBOR length too large");
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Encodes a value with minimal heads (deterministic). */
export function encodeCbor(v: CborValue): Uint8Array {
  switch (v.kind) {
    case "uint":
      return head(0, v.value);
    case "bytes":
      return concat([head(2, v.value.length), v.value]);
    case "text": {
      const t = new TextEncoder().encode(v.value);
      return concat([head(3, t.length), t]);
    }
    case "array":
      return concat([head(4, v.items.length), ...v.items.map(encodeCbor)]);
    case "map":
      return concat([head(5, v.entries.length), ...v.entries.flatMap(([k, x]) => [encodeCbor(k), encodeCbor(x)])]);
    case "tag":
      return concat([head(6, v.tag), encodeCbor(v.value)]);
  }
}

function fail(why: string, at: number): never {
  throw new SealedError("RATLS_CBOR_MALFORMED", `CBOR: ${why} at offset ${at}`);
}

function decodeAt(b: Uint8Array, pos: number, depth: number): [CborValue, number] {
  if (depth > MAX_DEPTH) fail("nesting too deep", pos);
  if (pos >= b.length) fail("truncated", pos);
  const ib = b[pos];
  const major = ib >> 5;
  const info = ib & 0x1f;
  let p = pos + 1;
  let n: number;
  if (info < 24) n = info;
  else if (info <= 26) {
    const size = 1 << (info - 24);
    if (p + size > b.length) fail("truncated head", pos);
    n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + b[p + i];
    p += size;
    const min = info === 24 ? 24 : info === 25 ? 0x100 : 0x10000;
    if (n < min) fail("non-minimal head", pos);
  } else fail(info === 31 ? "indefinite length" : "unsupported head", pos);
  switch (major) {
    case 0:
      return [{ kind: "uint", value: n }, p];
    case 2:
    case 3: {
      if (n > b.length - p) fail("string runs past the end", pos);
      const raw = b.slice(p, p + n);
      if (major === 2) return [{ kind: "bytes", value: raw }, p + n];
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
      } catch {
        fail("invalid UTF-8 text", pos);
      }
      return [{ kind: "text", value: text }, p + n];
    }
    case 4: {
      if (n > b.length - p) fail("array longer than the input", pos);
      const items: CborValue[] = [];
      for (let i = 0; i < n; i++) {
        const [item, next] = decodeAt(b, p, depth + 1);
        items.push(item);
        p = next;
      }
      return [{ kind: "array", items }, p];
    }
    case 5: {
      if (n * 2 > b.length - p) fail("map longer than the input", pos);
      const entries: [CborValue, CborValue][] = [];
      for (let i = 0; i < n; i++) {
        const [k, p1] = decodeAt(b, p, depth + 1);
        const [x, p2] = decodeAt(b, p1, depth + 1);
        entries.push([k, x]);
        p = p2;
      }
      return [{ kind: "map", entries }, p];
    }
    case 6: {
      const [x, next] = decodeAt(b, p, depth + 1);
      return [{ kind: "tag", tag: n, value: x }, next];
    }
    default:
      return fail(`unsupported major type ${major}`, pos);
  }
}

/** Decodes exactly one item spanning all of `bytes`. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const [v, end] = decodeAt(bytes, 0, 0);
  if (end !== bytes.length) fail("trailing bytes", end);
  return v;
}
