import type protobuf from "protobufjs";
import { SealedError } from "../errors.ts";
import type { PbtxtPos } from "./lexer.ts";
import type { PbtxtValue } from "./tree.ts";

/** PBTXT_UNKNOWN_FIELD at a position: an unknown field, or a value that does not fit the field. */
export function fieldError(pos: PbtxtPos, typeName: string, field: string, message: string): SealedError {
  return new SealedError("PBTXT_UNKNOWN_FIELD", `line ${pos.line}:${pos.column}: ${typeName}.${field}: ${message}`, {
    details: { line: pos.line, column: pos.column, type: typeName, field },
  });
}

/** Where a value sits, to name it in errors. */
export interface ValueSite {
  readonly typeName: string;
  readonly field: string;
}

const INT_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

/** True for the protobuf scalar type names that hold integers. */
export const isIntegerType = (t: string): boolean => t in INT_RANGES;

const kindOf = (v: PbtxtValue): string =>
  v.kind === "message"
    ? "a message"
    : v.kind === "string"
      ? "a string"
      : `${JSON.stringify(v.kind === "number" ? v.text : v.text)}`;

/** The integer denoted by a non-float number token (`0x1F`, `017`, `42`, with sign), or undefined. */
function integerOf(v: PbtxtValue): bigint | undefined {
  if (v.kind !== "number" || v.float) return undefined;
  const t = v.text;
  const n = t.length > 1 && t[0] === "0" && t[1] !== "x" && t[1] !== "X" ? BigInt(`0o${t.slice(1)}`) : BigInt(t);
  return v.negative ? -n : n;
}

/** A 64-bit-capable integer as protobufjs `fromObject` accepts it: a number when exact, else a decimal string. */
const intOut = (n: bigint): number | string =>
  n >= -(2n ** 53n) + 1n && n <= 2n ** 53n - 1n ? Number(n) : n.toString();

function floatOf(v: PbtxtValue): number | undefined {
  if (v.kind === "number") {
    const unsigned = v.float ? undefined : integerOf({ ...v, negative: false });
    const n = unsigned !== undefined ? Number(unsigned) : Number(v.text.replace(/[fF]$/, ""));
    return v.negative ? -n : n;
  }
  if (v.kind === "identifier") {
    const w = v.text.toLowerCase();
    const n = w === "inf" || w === "infinity" ? Number.POSITIVE_INFINITY : w === "nan" ? Number.NaN : undefined;
    if (n === undefined) return undefined;
    return v.negative ? -n : n;
  }
  return undefined;
}

function boolOf(v: PbtxtValue): boolean | undefined {
  if (v.kind === "identifier" && !v.negative) {
    if (v.text === "true" || v.text === "True" || v.text === "t") return true;
    if (v.text === "false" || v.text === "False" || v.text === "f") return false;
  }
  if (v.kind === "number" && !v.float && !v.negative && (v.text === "0" || v.text === "1")) return v.text === "1";
  return undefined;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Converts one scalar syntax node to the value protobufjs `fromObject` expects for a field of
 * scalar type `typeName` ("int64", "string", ...) or enum `enumType`.
 */
export function scalarValue(v: PbtxtValue, typeName: string, enumType: protobuf.Enum | null, site: ValueSite): unknown {
  const bad = (what: string) => fieldError(v.pos, site.typeName, site.field, `expected ${what}, found ${kindOf(v)}`);
  if (enumType !== null) {
    if (v.kind === "identifier" && !v.negative) {
      if (Object.hasOwn(enumType.values, v.text)) return v.text;
      throw fieldError(
        v.pos,
        site.typeName,
        site.field,
        `${JSON.stringify(v.text)} is not a value of enum ${enumType.name}`,
      );
    }
    const n = integerOf(v);
    if (n === undefined) throw bad(`a value of enum ${enumType.name}`);
    if (n < -(2n ** 31n) || n >= 2n ** 31n)
      throw fieldError(v.pos, site.typeName, site.field, "enum number out of int32 range");
    return enumType.valuesById[Number(n)] ?? Number(n);
  }
  const range = INT_RANGES[typeName];
  if (range !== undefined) {
    const n = integerOf(v);
    if (n === undefined) throw bad(`an integer (${typeName})`);
    if (n < range[0] || n > range[1])
      throw fieldError(v.pos, site.typeName, site.field, `${n} is out of range for ${typeName}`);
    return intOut(n);
  }
  switch (typeName) {
    case "double":
    case "float": {
      const n = floatOf(v);
      if (n === undefined) throw bad("a number");
      return n;
    }
    case "bool": {
      const b = boolOf(v);
      if (b === undefined) throw bad("true or false");
      return b;
    }
    case "string":
      if (v.kind !== "string") throw bad("a quoted string");
      try {
        return utf8.decode(v.bytes);
      } catch {
        throw fieldError(v.pos, site.typeName, site.field, "string field holds bytes that are not valid UTF-8");
      }
    case "bytes":
      if (v.kind !== "string") throw bad("a quoted string");
      return v.bytes;
    default:
      throw fieldError(v.pos, site.typeName, site.field, `unsupported field type ${typeName}`);
  }
}

/** The default value of a map value or key that an entry leaves out. */
export function defaultValue(typeName: string, enumType: protobuf.Enum | null): unknown {
  if (enumType !== null) return enumType.valuesById[0] ?? Object.values(enumType.values)[0] ?? 0;
  if (isIntegerType(typeName) || typeName === "double" || typeName === "float") return 0;
  if (typeName === "bool") return false;
  if (typeName === "bytes") return new Uint8Array(0);
  return "";
}
