import { SealedError } from "../errors.ts";
import { Lexer, type PbtxtPos, syntaxError, type Token } from "./lexer.ts";

/**
 * Schema-less syntax tree of a text-format message. Scalars keep their source form; their meaning
 * (int, float, bool, enum) is decided against a message type in `parse.ts`.
 */
export type PbtxtScalar =
  | { readonly kind: "string"; readonly bytes: Uint8Array; readonly pos: PbtxtPos }
  /** `text` is the unsigned source text (`0x1F`, `017`, `1.5f`); `negative` records a leading `-`. */
  | {
      readonly kind: "number";
      readonly text: string;
      readonly float: boolean;
      readonly negative: boolean;
      readonly pos: PbtxtPos;
    }
  /** Bare words: `true`, enum names, `inf`, `nan` (possibly negative). */
  | { readonly kind: "identifier"; readonly text: string; readonly negative: boolean; readonly pos: PbtxtPos };

export interface PbtxtMessage {
  readonly kind: "message";
  readonly fields: readonly PbtxtField[];
  readonly pos: PbtxtPos;
}

export type PbtxtValue = PbtxtScalar | PbtxtMessage;

/** One `name: value`, `name { ... }` or `name: [a, b]` entry. */
export interface PbtxtField {
  /** Field name, or for `[...]` names the text between the brackets (an extension or an Any type URL). */
  readonly name: string;
  readonly bracketed: boolean;
  /** One value, or the elements of a `[ ... ]` list (possibly none). */
  readonly values: readonly PbtxtValue[];
  readonly list: boolean;
  readonly pos: PbtxtPos;
}

export interface PbtxtLimits {
  /** Longest accepted input in characters (INPUT_TOO_LARGE beyond). Default 8 MiB. */
  readonly maxLength?: number;
  /** Deepest accepted message nesting (PBTXT_SYNTAX beyond). Default 100, as protobuf's C++ parser. */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_LENGTH = 8 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 100;

const describe = (t: Token): string => (t.kind === "end" ? "end of input" : JSON.stringify(t.text));

class TreeParser {
  constructor(
    private readonly lx: Lexer,
    private readonly maxDepth: number,
  ) {}

  private expectSymbol(text: string): Token {
    const t = this.lx.next();
    if (t.kind !== "symbol" || t.text !== text) throw syntaxError(t, `expected "${text}", found ${describe(t)}`);
    return t;
  }

  private trySymbol(text: string): boolean {
    const t = this.lx.peek();
    if (t.kind === "symbol" && t.text === text) {
      this.lx.next();
      return true;
    }
    return false;
  }

  /** Parses fields until `close` (`}` or `>`), or until the end of input when `close` is undefined. */
  body(close: string | undefined, pos: PbtxtPos, depth: number): PbtxtMessage {
    if (depth > this.maxDepth) throw syntaxError(pos, `messages are nested deeper than ${this.maxDepth} levels`);
    const fields: PbtxtField[] = [];
    for (;;) {
      const t = this.lx.peek();
      if (t.kind === "end") {
        if (close !== undefined)
          throw syntaxError(t, `expected "${close}" to close the message opened at line ${pos.line}:${pos.column}`);
        return { kind: "message", fields, pos };
      }
      if (t.kind === "symbol" && t.text === close) {
        this.lx.next();
        return { kind: "message", fields, pos };
      }
      fields.push(this.field(depth));
      if (!this.trySymbol(",")) this.trySymbol(";");
    }
  }

  private fieldName(): { name: string; bracketed: boolean; pos: PbtxtPos } {
    const t = this.lx.next();
    if (t.kind === "identifier") return { name: t.text, bracketed: false, pos: t };
    if (t.kind === "symbol" && t.text === "[") {
      let name = "";
      for (;;) {
        const part = this.lx.next();
        if (part.kind !== "identifier")
          throw syntaxError(part, `expected a name inside "[ ]", found ${describe(part)}`);
        name += part.text;
        const sep = this.lx.next();
        if (sep.kind === "symbol" && sep.text === "]") break;
        if (sep.kind !== "symbol" || (sep.text !== "." && sep.text !== "/")) {
          throw syntaxError(sep, `expected ".", "/" or "]" in a bracketed name, found ${describe(sep)}`);
        }
        name += sep.text;
      }
      return { name, bracketed: true, pos: t };
    }
    throw syntaxError(t, `expected a field name, found ${describe(t)}`);
  }

  private field(depth: number): PbtxtField {
    const { name, bracketed, pos } = this.fieldName();
    const colon = this.trySymbol(":");
    const t = this.lx.peek();
    if (t.kind === "symbol" && t.text === "[") {
      this.lx.next();
      const values: PbtxtValue[] = [];
      if (!this.trySymbol("]")) {
        for (;;) {
          values.push(this.value(colon, depth));
          if (this.trySymbol("]")) break;
          this.expectSymbol(",");
        }
      }
      return { name, bracketed, values, list: true, pos };
    }
    return { name, bracketed, values: [this.value(colon, depth)], list: false, pos };
  }

  private value(colon: boolean, depth: number): PbtxtValue {
    const t = this.lx.peek();
    if (t.kind === "symbol" && (t.text === "{" || t.text === "<")) {
      this.lx.next();
      return this.body(t.text === "{" ? "}" : ">", t, depth + 1);
    }
    if (!colon) throw syntaxError(t, `expected ":" before a scalar value, found ${describe(t)}`);
    return this.scalar();
  }

  private scalar(): PbtxtScalar {
    const first = this.lx.next();
    if (first.kind === "string") {
      const parts = [first.bytes];
      let size = first.bytes.length;
      while (this.lx.peek().kind === "string") {
        const more = this.lx.next() as Extract<Token, { kind: "string" }>;
        parts.push(more.bytes);
        size += more.bytes.length;
      }
      const bytes = new Uint8Array(size);
      let off = 0;
      for (const p of parts) {
        bytes.set(p, off);
        off += p.length;
      }
      return { kind: "string", bytes, pos: first };
    }
    let negative = false;
    let t: Token = first;
    if (t.kind === "symbol" && t.text === "-") {
      negative = true;
      t = this.lx.next();
    }
    if (t.kind === "number") return { kind: "number", text: t.text, float: t.float, negative, pos: first };
    if (t.kind === "identifier") return { kind: "identifier", text: t.text, negative, pos: first };
    throw syntaxError(t, `expected a value, found ${describe(t)}`);
  }
}

/**
 * Parses text-format source into a schema-less tree (comments `#`, `name: value`, `name { }`,
 * `name < >`, `name: [a, b]`, bracketed names, `,`/`;` separators, adjacent string concatenation).
 * Throws PBTXT_SYNTAX with line:column, or INPUT_TOO_LARGE.
 */
export function parseTextProtoTree(text: string, limits: PbtxtLimits = {}): PbtxtMessage {
  const maxLength = limits.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) {
    throw new SealedError("INPUT_TOO_LARGE", `text proto is ${text.length} characters; the limit is ${maxLength}`);
  }
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return new TreeParser(new Lexer(src), limits.maxDepth ?? DEFAULT_MAX_DEPTH).body(
    undefined,
    { line: 1, column: 1 },
    0,
  );
}
