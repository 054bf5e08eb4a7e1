/**
 * A minimal strict DER reader (ITU-T X.690 definite lengths) for the certificate fields DCAP
 * verification needs. Every structural problem throws the caller's error code.
 */
import { type ErrorCode, SealedError } from "../../common/errors.ts";

export interface Tlv {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly body: number;
  /** Offset just past the content. */
  readonly end: number;
}

export class DerReader {
  constructor(
    readonly bytes: Uint8Array,
    private readonly code: ErrorCode,
  ) {}

  fail(msg: string): never {
    throw new SealedError(this.code, `DER: ${msg}`);
  }

  /** Reads the TLV at `pos`, which must end at or before `limit`. Only low-tag-number form. */
  tlv(pos: number, limit = this.bytes.length): Tlv {
    const b = this.bytes;
    if (pos + 2 > limit) this.fail("truncated header");
    const tag = b[pos]!;
    if ((tag & 0x1f) === 0x1f) this.fail("high tag numbers are not used here");
    let len = b[pos + 1]!;
    let body = pos + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4) this.fail("indefinite or oversized length");
      if (body + n > limit) this.fail("truncated length");
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + b[body + i]!;
      if (len < 0x80 || (n > 1 && b[body] === 0)) this.fail("non-minimal length");
      body += n;
    }
    const end = body + len;
    if (end > limit) this.fail("content runs past its container");
    return { tag, start: pos, body, end };
  }

  /** The TLVs directly inside `t`, which must exactly fill it. */
  children(t: Tlv): Tlv[] {
    const out: Tlv[] = [];
    let p = t.body;
    while (p < t.end) {
      const c = this.tlv(p, t.end);
      out.push(c);
      p = c.end;
    }
    return out;
  }

  expect(t: Tlv | undefined, tag: number, what: string): Tlv {
    if (!t || t.tag !== tag) this.fail(`${what}: expected tag 0x${tag.toString(16)}`);
    return t;
  }

  content(t: Tlv): Uint8Array {
    return this.bytes.subarray(t.body, t.end);
  }

  encoding(t: Tlv): Uint8Array {
    return this.bytes.subarray(t.start, t.end);
  }

  /** Dotted OID string of an OBJECT IDENTIFIER TLV. */
  oid(t: Tlv): string {
    const c = this.content(this.expect(t, 0x06, "OID"));
    if (c.length === 0) this.fail("empty OID");
    const parts: number[] = [];
    let v = 0;
    for (let i = 0; i < c.length; i++) {
      if (v === 0 && c[i] === 0x80) this.fail("non-minimal OID");
      v = v * 128 + (c[i]! & 0x7f);
      if (v > Number.MAX_SAFE_INTEGER / 128) this.fail("OID arc too large");
      if ((c[i]! & 0x80) === 0) {
        if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
        else parts.push(v);
        v = 0;
      } else if (i === c.length - 1) this.fail("truncated OID");
    }
    return parts.join(".");
  }

  /** UTCTime (0x17, YYMMDDHHMMSSZ) or GeneralizedTime (0x18, YYYYMMDDHHMMSSZ) to epoch ms. */
  time(t: Tlv, toMs: (iso: string) => number | undefined): number {
    const s = Buffer.from(this.content(t)).toString("latin1");
    let iso: string | undefined;
    if (t.tag === 0x17 && /^\d{12}Z$/.test(s)) {
      const yy = Number(s.slice(0, 2));
      iso = `${yy < 50 ? 20 : 19}${s.slice(0, 2)}-${s.slice(2, 4)}-${s.slice(4, 6)}T${s.slice(6, 8)}:${s.slice(8, 10)}:${s.slice(10, 12)}Z`;
    } else if (t.tag === 0x18 && /^\d{14}Z$/.test(s)) {
      iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}Z`;
    }
    const ms = iso === undefined ? undefined : toMs(iso);
    if (ms === undefined) this.fail(`bad time ${JSON.stringify(s)}`);
    return ms;
  }
}
