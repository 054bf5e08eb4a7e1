import { SealedError } from "../common/errors.ts";

/** One DER TLV: `start` is the tag offset, `body`..`end` the content. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  /** Number of length octets after the first (0 = short form, 2 = `82 HH LL`). */
  readonly lengthOctets: number;
  readonly body: number;
  readonly end: number;
}

const MAX_DEPTH_NOTE = "single-byte tags only";

/**
 * Reads one DER TLV at `pos` within [pos, limit). Single-byte tags only (enough for X.509
 * certificates); definite lengths of at most 4 octets; anything else is RATLS_CERT_PARSE.
 */
export function readTlv(bytes: Uint8Array, pos: number, limit = bytes.length): Tlv {
  const fail = (why: string): never => {
    throw new SealedError("RATLS_CERT_PARSE", `DER: ${why} at offset ${pos}`);
  };
  if (pos + 2 > limit) fail("truncated header");
  const tag = bytes[pos];
  if ((tag & 0x1f) === 0x1f) fail(MAX_DEPTH_NOTE);
  const first = bytes[pos + 1];
  let len: number;
  let lengthOctets = 0;
  let body = pos + 2;
  if (first < 0x80) {
    len = first;
  } else {
    lengthOctets = first & 0x7f;
    if (lengthOctets === 0 || lengthOctets > 4) fail("unsupported length form");
    if (body + lengthOctets > limit) fail("truncated length");
    len = 0;
    for (let i = 0; i < lengthOctets; i++) len = len * 256 + bytes[body + i];
    body += lengthOctets;
  }
  const end = body + len;
  if (end > limit) fail("content runs past its container");
  return { tag, start: pos, lengthOctets, body, end };
}

/** The TLV children of a constructed TLV. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = parent.body;
  while (p < parent.end) {
    const t = readTlv(bytes, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}

/** Content bytes of a TLV (a view). */
export function contentOf(bytes: Uint8Array, t: Tlv): Uint8Array {
  return bytes.subarray(t.body, t.end);
}

/** Whole encoding of a TLV (a view). */
export function encodingOf(bytes: Uint8Array, t: Tlv): Uint8Array {
  return bytes.subarray(t.start, t.end);
}
