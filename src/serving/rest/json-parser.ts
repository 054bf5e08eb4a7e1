import { SealedError } from "../../common/errors.ts";
import { BigIntText, DenseNumbers, type JsonObject, type JsonValue } from "./json-value.ts";

/**
 * JSON parser for TF Serving REST bodies (specs/tf-serving-api.md, "REST API").
 *
 * - Accepts the number tokens `NaN`, `Infinity` and `-Infinity` (TF Serving parses with
 *   rapidjson's kParseNanAndInfFlag); anywhere else (inside strings, as keys) they are text.
 * - Rejects everything else that is not RFC 8259 JSON, with the offset of the problem.
 * - Fast path: a rectangular nested array of numbers is parsed straight into one Float64Array
 *   (`DenseNumbers`) without building JS arrays, reading the body's bytes (`utf8`, the bytes
 *   `text` was decoded from) where they align with the text; on anything else (strings,
 *   objects, ragged or empty arrays) the same text is re-parsed generically.
 * - Nesting deeper than `maxDepth` is rejected (SRV_REST_JSON_TOO_DEEP) before recursion can
 *   exhaust the stack. Duplicate object keys are rejected.
 */
export interface JsonParseOptions {
  /** Maximum nesting of arrays/objects (default 64). */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_JSON_DEPTH = 64;

export function parseJson(text: string, opts: JsonParseOptions = {}, utf8?: Uint8Array): JsonValue {
  const p = new Parser(text, opts.maxDepth ?? DEFAULT_MAX_JSON_DEPTH, utf8);
  p.skipWs();
  if (p.pos >= text.length) {
    throw new SealedError("SRV_REST_JSON_SYNTAX", "JSON Parse error: The document is empty");
  }
  const v = p.value(1);
  p.skipWs();
  if (p.pos < text.length) throw p.syntax("The document root must not be followed by other values.");
  return v;
}

// Character codes used below.
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const UPPER_E = 69;
const LOWER_E = 101;
const UPPER_I = 73;
const UPPER_N = 78;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

class Parser {
  pos = 0;
  /** Set by number(): whether the last token was an integer, and its exact text if unsafe. */
  private numIsInt = true;
  private numBigText: string | undefined;
  private buf = new Float64Array(1024);

  /**
   * Code units for the dense fast path, one byte per character of `s`: the request's own UTF-8
   * bytes when they map 1:1 onto the characters (ASCII bodies), else a copy with every code
   * above 255 clamped to 255 (only ASCII digits and punctuation matter on that path).
   */
  private readonly bytes: Uint8Array;

  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
    utf8: Uint8Array | undefined,
  ) {
    if (utf8 !== undefined && utf8.length === s.length) this.bytes = utf8;
    else {
      const b = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) b[i] = Math.min(s.charCodeAt(i), 255);
      this.bytes = b;
    }
  }

  syntax(reason: string, at = this.pos): SealedError {
    return new SealedError("SRV_REST_JSON_SYNTAX", `JSON Parse error: ${reason} at offset: ${at}`);
  }

  private tooDeep(): SealedError {
    return new SealedError(
      "SRV_REST_JSON_TOO_DEEP",
      `JSON Parse error: nesting deeper than ${this.maxDepth} levels at offset: ${this.pos}`,
    );
  }

  skipWs(): void {
    const s = this.s;
    let p = this.pos;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  /** Parses one value at `pos` (whitespace already skipped); `depth` counts enclosing containers + 1. */
  value(depth: number): JsonValue {
    const c = this.s.charCodeAt(this.pos);
    if (c === LBRACKET) {
      if (depth > this.maxDepth) throw this.tooDeep();
      return this.tryDense(depth) ?? this.array(depth);
    }
    if (c === LBRACE) {
      if (depth > this.maxDepth) throw this.tooDeep();
      return this.object(depth);
    }
    if (c === QUOTE) return this.string();
    if (c === MINUS || (c >= ZERO && c <= NINE) || c === UPPER_N || c === UPPER_I) {
      const v = this.number();
      return this.numBigText === undefined ? v : new BigIntText(v, this.numBigText);
    }
    if (this.literal("true")) return true;
    if (this.literal("false")) return false;
    if (this.literal("null")) return null;
    if (this.pos >= this.s.length) throw this.syntax("Unexpected end of input.");
    throw this.syntax("Invalid value.");
  }

  private literal(word: string): boolean {
    if (!this.s.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }

  private array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++;
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === RBRACKET) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.value(depth + 1));
      this.skipWs();
      const c = this.s.charCodeAt(this.pos);
      this.pos++;
      if (c === COMMA) continue;
      if (c === RBRACKET) return out;
      throw this.syntax("Missing a comma or ']' after an array element.", this.pos - 1);
    }
  }

  private object(depth: number): JsonObject {
    const out: JsonObject = new Map();
    this.pos++;
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === RBRACE) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      if (this.s.charCodeAt(this.pos) !== QUOTE) throw this.syntax("Missing a name for object member.");
      const keyAt = this.pos;
      const key = this.string();
      if (out.has(key)) throw this.syntax(`Duplicate object key ${JSON.stringify(key)}.`, keyAt);
      this.skipWs();
      if (this.s.charCodeAt(this.pos) !== COLON) throw this.syntax("Missing a colon after a name of object member.");
      this.pos++;
      this.skipWs();
      out.set(key, this.value(depth + 1));
      this.skipWs();
      const c = this.s.charCodeAt(this.pos);
      this.pos++;
      if (c === COMMA) continue;
      if (c === RBRACE) return out;
      throw this.syntax("Missing a comma or '}' after an object member.", this.pos - 1);
    }
  }

  private string(): string {
    const s = this.s;
    const n = s.length;
    const start = this.pos + 1;
    let p = start;
    for (;;) {
      if (p >= n) throw this.syntax("Missing a closing quotation mark in string.", start - 1);
      const c = s.charCodeAt(p);
      if (c === QUOTE) {
        this.pos = p + 1;
        return s.slice(start, p);
      }
      if (c === BACKSLASH || c < 32) break;
      p++;
    }
    // Slow path: escapes.
    let out = s.slice(start, p);
    for (;;) {
      if (p >= n) throw this.syntax("Missing a closing quotation mark in string.", start - 1);
      const c = s.charCodeAt(p);
      if (c === QUOTE) {
        this.pos = p + 1;
        return out;
      }
      if (c < 32) throw this.syntax("Invalid encoding in string (unescaped control character).", p);
      if (c !== BACKSLASH) {
        out += s[p];
        p++;
        continue;
      }
      const e = s[p + 1];
      if (e === "u") {
        const hex = s.slice(p + 2, p + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.syntax("Incorrect hex digit after \\u escape in string.", p);
        out += String.fromCharCode(Number.parseInt(hex, 16));
        p += 6;
      } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e];
        p += 2;
      } else {
        throw this.syntax("Invalid escape character in string.", p);
      }
    }
  }

  /** Scans a number token (incl. NaN/Infinity/-Infinity); sets numIsInt / numBigText. */
  private number(): number {
    const s = this.s;
    const start = this.pos;
    let p = start;
    let c = s.charCodeAt(p);
    this.numBigText = undefined;
    let neg = false;
    if (c === MINUS) {
      neg = true;
      c = s.charCodeAt(++p);
    }
    if (c === UPPER_I || c === UPPER_N) {
      this.numIsInt = false;
      if (s.startsWith("Infinity", p)) {
        this.pos = p + 8;
        return neg ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      }
      if (!neg && s.startsWith("NaN", p)) {
        this.pos = p + 3;
        return Number.NaN;
      }
      throw this.syntax("Invalid value.", start);
    }
    let v = 0;
    let digits = 0;
    if (c === ZERO) {
      c = s.charCodeAt(++p);
      digits = 1;
    } else if (c > ZERO && c <= NINE) {
      while (c >= ZERO && c <= NINE) {
        v = v * 10 + (c - ZERO);
        digits++;
        c = s.charCodeAt(++p);
      }
    } else {
      throw this.syntax(neg ? "Missing digits after '-' in number." : "Invalid value.", start);
    }
    if (c !== DOT && c !== LOWER_E && c !== UPPER_E) {
      this.pos = p;
      this.numIsInt = true;
      if (digits <= 15) return neg ? -v : v; // exact: < 10^15 < 2^53
      const text = s.slice(start, p);
      const num = Number(text);
      if (!Number.isSafeInteger(num)) this.numBigText = text;
      return num;
    }
    if (c === DOT) {
      c = s.charCodeAt(++p);
      if (!(c >= ZERO && c <= NINE)) throw this.syntax("Missing fraction part in number.", p);
      while (c >= ZERO && c <= NINE) c = s.charCodeAt(++p);
    }
    if (c === LOWER_E || c === UPPER_E) {
      c = s.charCodeAt(++p);
      if (c === PLUS || c === MINUS) c = s.charCodeAt(++p);
      if (!(c >= ZERO && c <= NINE)) throw this.syntax("Missing exponent in number.", p);
      while (c >= ZERO && c <= NINE) c = s.charCodeAt(++p);
    }
    this.pos = p;
    this.numIsInt = false;
    const num = Number(s.slice(start, p));
    if (!Number.isFinite(num)) throw this.syntax("Number too big to be stored in double.", start);
    return num;
  }

  /**
   * Fast path for rectangular nested arrays of numbers. Returns undefined (position restored)
   * when the array is anything else, so the generic parser can take over and report errors.
   */
  private tryDense(depth: number): DenseNumbers | undefined {
    const b = this.bytes;
    const start = this.pos;
    const dims: number[] = [-1];
    const counts: number[] = [0];
    let leaf = -1;
    let d = 0;
    let len = 0;
    let allInt = true;
    let bigInts: Map<number, string> | undefined;
    let buf = this.buf;
    let p = start + 1;
    for (;;) {
      // Expect a value at depth d.
      let c = b[p];
      while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++p];
      if (c === LBRACKET) {
        if (leaf !== -1 && d >= leaf) return this.denseFail(start);
        d++;
        if (depth + d > this.maxDepth) {
          this.pos = p;
          throw this.tooDeep();
        }
        if (dims.length <= d) dims.push(-1);
        counts[d] = 0;
        p++;
        continue;
      }
      if (!(c === MINUS || (c >= ZERO && c <= NINE) || c === UPPER_N || c === UPPER_I)) return this.denseFail(start);
      if (leaf === -1) leaf = d;
      else if (leaf !== d) return this.denseFail(start);
      if (len === buf.length) {
        const grown = new Float64Array(buf.length * 2);
        grown.set(buf);
        buf = grown;
        this.buf = grown;
      }
      // Inline fast path: a non-negative integer of at most 9 digits (image pixels, ids),
      // validated like number() (no leading zeros); anything else goes through number().
      let v = 0;
      let q = p;
      if (c > ZERO && c <= NINE) {
        do {
          v = v * 10 + (c - ZERO);
          c = b[++q];
        } while (c >= ZERO && c <= NINE && q - p < 9);
      } else if (c === ZERO) c = b[++q];
      if (q > p && !(c >= ZERO && c <= NINE) && c !== DOT && c !== LOWER_E && c !== UPPER_E) {
        p = q;
      } else {
        this.pos = p;
        v = this.number();
        p = this.pos;
        if (!this.numIsInt) allInt = false;
        if (this.numBigText !== undefined) {
          bigInts ??= new Map();
          bigInts.set(len, this.numBigText);
        }
      }
      buf[len++] = v;
      counts[d]++;
      // After a value: ',' continues at depth d, ']' closes one or more arrays.
      for (;;) {
        c = b[p];
        while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++p];
        if (c === COMMA) {
          p++;
          break;
        }
        if (c !== RBRACKET) return this.denseFail(start);
        p++;
        const n = counts[d];
        if (dims[d] === -1) dims[d] = n;
        else if (dims[d] !== n) return this.denseFail(start);
        if (d === 0) {
          this.pos = p;
          return new DenseNumbers(dims.slice(0, leaf + 1), buf.slice(0, len), allInt, bigInts);
        }
        d--;
        counts[d]++;
      }
    }
  }

  private denseFail(start: number): undefined {
    this.pos = start;
    return undefined;
  }
}
