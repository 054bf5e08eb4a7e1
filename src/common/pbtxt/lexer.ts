import { SealedError } from "../errors.ts";
import { unescapeC } from "./escapes.ts";

/** 1-based position in the source text, for error messages. */
export interface PbtxtPos {
  readonly line: number;
  readonly column: number;
}

/**
 * One token of the text format. `symbol` covers the punctuation `{ } < > [ ] : , ; - / .`;
 * `string` carries the decoded bytes of one quoted literal (adjacent literals are joined by the
 * parser); `number` keeps its source text (`0x1F`, `017`, `1.5e3f`) and whether it is a float.
 */
export type Token =
  | ({ readonly kind: "identifier" | "symbol"; readonly text: string } & PbtxtPos)
  | ({ readonly kind: "number"; readonly text: string; readonly float: boolean } & PbtxtPos)
  | ({ readonly kind: "string"; readonly text: string; readonly bytes: Uint8Array } & PbtxtPos)
  | ({ readonly kind: "end"; readonly text: "" } & PbtxtPos);

const SYMBOLS = new Set(["{", "}", "<", ">", "[", "]", ":", ",", ";", "-", "/", "."]);

/** Builds the PBTXT_SYNTAX error used everywhere in this module: `line L:C: message`. */
export function syntaxError(pos: PbtxtPos, message: string): SealedError {
  return new SealedError("PBTXT_SYNTAX", `line ${pos.line}:${pos.column}: ${message}`, {
    details: { line: pos.line, column: pos.column },
  });
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isIdentStart = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z_]$/.test(c);
const isIdentChar = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Streaming tokenizer over the whole text with one token of lookahead. */
export class Lexer {
  private i = 0;
  private line = 1;
  private col = 1;
  private ahead: Token | undefined;

  constructor(private readonly src: string) {}

  peek(): Token {
    this.ahead ??= this.scan();
    return this.ahead;
  }

  next(): Token {
    const t = this.peek();
    this.ahead = undefined;
    return t;
  }

  private advance(n: number): void {
    for (let k = 0; k < n; k++) {
      if (this.src[this.i] === "\n") {
        this.line++;
        this.col = 1;
      } else {
        this.col++;
      }
      this.i++;
    }
  }

  private skipSpaceAndComments(): void {
    for (;;) {
      const c = this.src[this.i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v") {
        this.advance(1);
      } else if (c === "#") {
        while (this.i < this.src.length && this.src[this.i] !== "\n") this.advance(1);
      } else {
        return;
      }
    }
  }

  private scan(): Token {
    this.skipSpaceAndComments();
    const pos = { line: this.line, column: this.col };
    const src = this.src;
    const start = this.i;
    const c = src[start];
    if (c === undefined) return { kind: "end", text: "", ...pos };
    if (isIdentStart(c)) {
      let j = start + 1;
      while (isIdentChar(src[j])) j++;
      this.advance(j - start);
      return { kind: "identifier", text: src.slice(start, j), ...pos };
    }
    if (isDigit(c) || (c === "." && isDigit(src[start + 1]))) return this.scanNumber(pos);
    if (c === '"' || c === "'") return this.scanString(c, pos);
    if (SYMBOLS.has(c)) {
      this.advance(1);
      return { kind: "symbol", text: c, ...pos };
    }
    throw syntaxError(pos, `unexpected character ${JSON.stringify(c)}`);
  }

  private scanNumber(pos: PbtxtPos): Token {
    const src = this.src;
    const start = this.i;
    let j = start;
    let float = false;
    if (src[j] === "0" && (src[j + 1] === "x" || src[j + 1] === "X")) {
      j += 2;
      if (!isHex(src[j])) throw syntaxError(pos, '"0x" must be followed by hex digits');
      while (isHex(src[j])) j++;
    } else if (src[j] === "0" && isDigit(src[j + 1])) {
      while (isDigit(src[j])) {
        if (src[j] === "8" || src[j] === "9")
          throw syntaxError(pos, "numbers starting with 0 are octal; 8 and 9 are not octal digits");
        j++;
      }
    } else {
      while (isDigit(src[j])) j++;
      if (src[j] === ".") {
        float = true;
        j++;
        while (isDigit(src[j])) j++;
      }
      if (src[j] === "e" || src[j] === "E") {
        float = true;
        j++;
        if (src[j] === "+" || src[j] === "-") j++;
        if (!isDigit(src[j])) throw syntaxError(pos, "exponent must have at least one digit");
        while (isDigit(src[j])) j++;
      }
      if (src[j] === "f" || src[j] === "F") {
        float = true;
        j++;
      }
    }
    if (isIdentChar(src[j]) || src[j] === ".")
      throw syntaxError(pos, "need space between a number and what follows it");
    this.advance(j - start);
    return { kind: "number", text: src.slice(start, j), float, ...pos };
  }

  private scanString(quote: string, pos: PbtxtPos): Token {
    const src = this.src;
    const start = this.i;
    let j = start + 1;
    for (;;) {
      const ch = src[j];
      if (ch === undefined || ch === "\n") throw syntaxError(pos, "string is not terminated on its line");
      if (ch === quote) break;
      j += ch === "\\" && src[j + 1] !== undefined && src[j + 1] !== "\n" ? 2 : 1;
    }
    const body = src.slice(start + 1, j);
    const decoded = unescapeC(body);
    if (!decoded.ok) {
      throw syntaxError({ line: pos.line, column: pos.column + 1 + decoded.offset }, decoded.reason);
    }
    this.advance(j + 1 - start);
    return { kind: "string", text: src.slice(start, j + 1), bytes: Uint8Array.from(decoded.bytes), ...pos };
  }
}
