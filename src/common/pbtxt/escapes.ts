/**
 * C-style string escapes of the protobuf text format (the rules of protobuf's C++ tokenizer:
 * `\a \b \f \n \r \t \v \\ \' \" \?`, octal `\ooo` (1-3 digits), hex `\xHH` (1-2 digits),
 * `\uXXXX` and `\UXXXXXXXX` code points written as UTF-8).
 */

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  "\\": 0x5c,
  "'": 0x27,
  '"': 0x22,
  "?": 0x3f,
};

const isOctal = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "7";
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Outcome of decoding one quoted string body: the bytes, or the offset and reason of the first bad escape. */
export type UnescapeResult = { ok: true; bytes: number[] } | { ok: false; offset: number; reason: string };

/** Appends the UTF-8 encoding of code point `cp` to `out`. */
function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/**
 * Decodes the body of a quoted string (without the quotes) into bytes. Unescaped characters are
 * taken as UTF-8. Returns the offset of the first invalid escape instead of throwing, so the
 * caller can report a line and column.
 */
export function unescapeC(body: string): UnescapeResult {
  const out: number[] = [];
  let i = 0;
  while (i < body.length) {
    const ch = body[i] as string;
    if (ch !== "\\") {
      const cp = body.codePointAt(i) as number;
      pushUtf8(out, cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    const e = body[i + 1];
    i += 2;
    if (e === undefined) return { ok: false, offset: start, reason: "string ends with a lone backslash" };
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out.push(simple);
    } else if (isOctal(e)) {
      let v = Number(e);
      for (let k = 0; k < 2 && isOctal(body[i]); k++) v = v * 8 + Number(body[i++]);
      if (v > 0xff) return { ok: false, offset: start, reason: "octal escape is larger than \\377" };
      out.push(v);
    } else if (e === "x" || e === "X") {
      if (!isHex(body[i])) return { ok: false, offset: start, reason: "\\x must be followed by hex digits" };
      let v = 0;
      for (let k = 0; k < 2 && isHex(body[i]); k++) v = v * 16 + Number.parseInt(body[i++] as string, 16);
      out.push(v);
    } else if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      const digits = body.slice(i, i + n);
      if (digits.length !== n || !/^[0-9a-fA-F]+$/.test(digits)) {
        return { ok: false, offset: start, reason: `\\${e} must be followed by ${n} hex digits` };
      }
      const cp = Number.parseInt(digits, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return { ok: false, offset: start, reason: `\\${e}${digits} is not a valid Unicode scalar value` };
      }
      pushUtf8(out, cp);
      i += n;
    } else {
      return { ok: false, offset: start, reason: `unknown escape \\${e}` };
    }
  }
  return { ok: true, bytes: out };
}

/**
 * Writes `bytes` as the body of a double-quoted text-format string. Printable ASCII stays as is,
 * `\n \r \t \\ \' \"` use their short escapes, other control bytes use 3-digit octal. Bytes >= 0x80
 * are kept as UTF-8 when `utf8` is true (string fields holding valid UTF-8), octal otherwise.
 */
export function escapeC(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) {
    let s = "";
    for (const ch of new TextDecoder().decode(bytes)) {
      const c = ch.codePointAt(0) as number;
      s += c < 0x80 ? escapeByte(c) : ch;
    }
    return s;
  }
  let s = "";
  for (const b of bytes) s += b < 0x80 ? escapeByte(b) : `\\${b.toString(8).padStart(3, "0")}`;
  return s;
}

function escapeByte(b: number): string {
  switch (b) {
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x5c:
      return "\\\\";
    case 0x27:
      return "\\'";
    case 0x22:
      return '\\"';
    default:
      return b < 0x20 || b === 0x7f ? `\\${b.toString(8).padStart(3, "0")}` : String.fromCharCode(b);
  }
}
